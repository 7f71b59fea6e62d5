package repl_test

import "testing"

// TestTermInteractiveTrace debugs an entry with TRACE ?R on the
// terminal: the pause reads its lines through the session's line
// reader (with its editing keys); a typed line runs in the entry's context, "=" runs the clause
// again, an empty line goes on, and TRACE OFF ends the debugging.
func TestTermInteractiveTrace(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.Expect("rexx> ")
	tm.Send("trace ?r\r")
	tm.Expect("rexx> ")
	tm.Send("x = 1; say 'x is' x; y = x + 1\r")
	tm.Expect("     1 *-* x = 1\r\n")
	tm.Expect(`       +++ Interactive trace.  "Trace Off" to end debug. ENTER to continue.` + "\r\n")
	// Ctrl-A: the line editor's key to the line's start.
	tm.Send("= 41; say 'set' x\x01x \r")
	tm.Expect("set 41\r\n")
	tm.Send("\r")
	tm.Expect("       *-* say 'x is' x\r\n")
	tm.Expect("x is 41\r\n")
	tm.Send("=\r")
	tm.Expect("       *-* say 'x is' x\r\n")
	tm.Expect("x is 41\r\n")
	tm.Send("trace off\r")
	tm.Expect("rexx> ")
	tm.Send("say 'y is' y\r")
	tm.Expect("y is 42\r\n")
	tm.Expect("rexx> ")
	// Ctrl-C at a pause halts the entry.
	tm.Send("trace ?r; do i = 1 to 3; say 'i is' i; end\r")
	tm.Expect("ENTER to continue.\r\n")
	tm.Send("\r")
	tm.Expect("i is 1\r\n")
	// Ctrl-C once the pause's line editor has the terminal (as a
	// person's would be), not in the moment before, when the terminal
	// still turns it into a signal.
	tm.WaitRaw()
	tm.Send("\x03")
	tm.Expect("Error 4 running")
	tm.Expect("rexx> ")
	tm.Send("trace off\r")
	tm.Expect("rexx> ")
	tm.Send("say 'i now' i\r")
	tm.Expect("i now 1\r\n")
	tm.Expect("rexx> ")
	tm.Send("\x04")
	if st := tm.Wait(); st != 0 {
		t.Errorf("exit status %d, want 0", st)
	}
}
