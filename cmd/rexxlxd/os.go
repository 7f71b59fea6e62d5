package main

import (
	"os"
	"path/filepath"
)

func filepathAbs(p string) (string, error) { return filepath.Abs(p) }

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
