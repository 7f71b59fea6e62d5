package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/internal/ptytest"
)

// TestInteractiveTraceOnTerminal runs a script under TRACE ?R on a
// pseudo-terminal: each traced clause pauses for a line typed at the
// terminal; a line runs in the program's context (and the pause reads
// another), "=" runs the clause again, an empty line goes on, TRACE OFF
// ends the debugging and the program runs on to its EXIT.
func TestInteractiveTraceOnTerminal(t *testing.T) {
	bin := buildBinary(t)
	prog := filepath.Join(t.TempDir(), "debug.rexx")
	src := "trace ?r\nx = 1\nsay 'x is' x\nexit x + 4\n"
	if err := os.WriteFile(prog, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := ptytest.Start(t, exec.Command(bin, prog))
	tm.Expect("     2 *-* x = 1\r\n")
	tm.Expect(`       +++ Interactive trace.  "Trace Off" to end debug. ENTER to continue.` + "\r\n")
	tm.Send("x = 41\r")
	tm.Expect("x = 41\r\n") // the terminal's echo: the pause reads another line
	tm.Send("\r")
	tm.Expect("     3 *-* say 'x is' x\r\n")
	tm.Expect("x is 41\r\n")
	tm.Send("=\r")
	tm.Expect("       *-* say 'x is' x\r\n")
	tm.Expect("x is 41\r\n")
	tm.Send("trace off\r")
	if st := tm.Wait(); st != 45 {
		t.Errorf("exit status %d, want 45 (EXIT x + 4 with x set at the pause)", st)
	}
	if rest := tm.Rest(); strings.Contains(rest, "*-*") {
		t.Errorf("traced after TRACE OFF:\n%s", rest)
	}
}
