package lxdtest

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Script is a process running a REXX program, started by StartScript once
// the program said it got under way. Tests that send it signals, or cut
// the daemon from under it, share it.
type Script struct {
	Cmd *exec.Cmd
	// Lines reads the rest of the program's standard output.
	Lines  *bufio.Scanner
	Stderr *bytes.Buffer
}

// StartScript writes src to a file of the test's, starts interpreter with
// args and that file, and reads the program's first line of output, which
// must be first: the program's sign that it is under way. A program that
// says anything else fails the test, with its stderr. The process is
// killed when the test ends, if it has not ended before.
func StartScript(t testing.TB, first, interpreter, src string, args ...string) *Script {
	t.Helper()
	file := filepath.Join(t.TempDir(), "script.rexx")
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(interpreter, append(args, file)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &Script{Cmd: cmd, Lines: bufio.NewScanner(out), Stderr: &bytes.Buffer{}}
	cmd.Stderr = s.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	if !s.Lines.Scan() || s.Lines.Text() != first {
		cmd.Wait()
		t.Fatalf("%s: first line %q, want %q; stderr: %s", interpreter, s.Lines.Text(), first, s.Stderr.String())
	}
	return s
}

// Rest reads the rest of the program's standard output, up to its end.
func (s *Script) Rest() string {
	var b strings.Builder
	for s.Lines.Scan() {
		b.WriteString(s.Lines.Text() + "\n")
	}
	return b.String()
}

// Status returns the exit status of a Wait that returned err: -1 when a
// signal killed the process. Any other error of Wait fails the test.
func Status(t testing.TB, err error) int {
	t.Helper()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}
