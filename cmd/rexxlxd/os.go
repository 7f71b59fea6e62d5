package main

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

func filepathAbs(p string) (string, error) { return filepath.Abs(p) }

// isTerminal reports whether f is a terminal. A character device is not
// enough: /dev/null is one too, and `rexxlxd </dev/null` is a program
// (an empty one), not an interactive session.
func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
