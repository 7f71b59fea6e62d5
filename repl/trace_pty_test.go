package repl_test

import "testing"

// TestTermInteractiveTrace debugs an entry with TRACE ?R on the
// terminal: the pause reads its lines through the session's line
// reader (with its editing keys); a typed line runs in the entry's context, "=" runs the clause
// again, an empty line goes on, and TRACE OFF ends the debugging.
func TestTermInteractiveTrace(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect("rexx> ")
	tm.send("trace ?r\r")
	tm.expect("rexx> ")
	tm.send("x = 1; say 'x is' x; y = x + 1\r")
	tm.expect("     1 *-* x = 1\r\n")
	tm.expect(`       +++ Interactive trace.  "Trace Off" to end debug. ENTER to continue.` + "\r\n")
	// Ctrl-A: the line editor's key to the line's start.
	tm.send("= 41; say 'set' x\x01x \r")
	tm.expect("set 41\r\n")
	tm.send("\r")
	tm.expect("       *-* say 'x is' x\r\n")
	tm.expect("x is 41\r\n")
	tm.send("=\r")
	tm.expect("       *-* say 'x is' x\r\n")
	tm.expect("x is 41\r\n")
	tm.send("trace off\r")
	tm.expect("rexx> ")
	tm.send("say 'y is' y\r")
	tm.expect("y is 42\r\n")
	tm.expect("rexx> ")
	// Ctrl-C at a pause halts the entry.
	tm.send("trace ?r; do i = 1 to 3; say 'i is' i; end\r")
	tm.expect("ENTER to continue.\r\n")
	tm.send("\r")
	tm.expect("i is 1\r\n")
	tm.send("\x03")
	tm.expect("Error 4 running")
	tm.expect("rexx> ")
	tm.send("trace off\r")
	tm.expect("rexx> ")
	tm.send("say 'i now' i\r")
	tm.expect("i now 1\r\n")
	tm.send("\x04")
	if st := tm.wait(); st != 0 {
		t.Errorf("exit status %d, want 0", st)
	}
}
