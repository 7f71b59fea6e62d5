package repl_test

import (
	"syscall"
	"testing"
)

// TestTermSIGTERM: on a terminal, SIGTERM halts a running entry as
// Ctrl-C does, with CONDITION('D') naming it, and at the prompt it ends
// the session with status 143 (128+15), as a supervisor sending it
// expects. Before, the session ignored it at the prompt (only a piped
// session ended on an interrupt) and a handler saw SIGINT.
func TestTermSIGTERM(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.Expect("rexx> ")
	tm.Send("signal on halt; do forever; nop; end; halt: say 'halted by' condition('D')\r")
	tm.Expect("\n") // the entry runs
	if err := tm.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	tm.Expect("halted by SIGTERM")
	tm.Expect("rexx> ")
	if err := tm.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if status := tm.Wait(); status != 143 {
		t.Errorf("exit status %d after SIGTERM at the prompt, want 143", status)
	}
}
