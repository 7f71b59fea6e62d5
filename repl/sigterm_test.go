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
	tm.expect("rexx> ")
	tm.send("signal on halt; do forever; nop; end; halt: say 'halted by' condition('D')\r")
	tm.expect("\n") // the entry runs
	if err := tm.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	tm.expect("halted by SIGTERM")
	tm.expect("rexx> ")
	if err := tm.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if status := tm.wait(); status != 143 {
		t.Errorf("exit status %d after SIGTERM at the prompt, want 143", status)
	}
}
