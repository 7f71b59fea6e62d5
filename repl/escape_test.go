package repl_test

import (
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// rawOSC is an escape sequence that is no CSI (the harness strips
// those): OSC, which writes the clipboard (52) or sets the title (0).
const rawOSC = "\x1b]"

// TestTermEscapesErrorMessages checks that an error message that quotes a
// value (here one holding an OSC title sequence, as a guest's output
// would) shows its control characters escaped (issue 18 item 11).
func TestTermEscapesErrorMessages(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.Expect("rexx> ")
	tm.Send("x = '1b'x || ']0;pwned' || '07'x\r")
	tm.Expect("\n")
	tm.Expect("rexx> ")
	tm.Send("say x + 1\r")
	tm.Expect("\n") // the end of the entry
	screen := tm.Expect("rexx> ")
	if strings.Contains(screen, rawOSC) || !strings.Contains(screen, `\x1b]0;pwned\x07`) {
		t.Errorf("the error message does not show the value escaped:\n%q", screen)
	}
	tm.WaitRaw() // the line editor has the terminal: Ctrl-D typed before is lost
	tm.Send("\x04")
	tm.Wait()
}

// TestTermEscapesGuestOutput runs a hostile guest's output through the
// session on a terminal: an execute whose stdout and stderr write OSC 52
// (clipboard) and OSC 0 (window title). The view shows them escaped; the
// script still reads the raw bytes in RESULT.STDOUT. It skips without LXD
// unless REXXLXD_REQUIRE_LXD=1.
func TestTermEscapesGuestOutput(t *testing.T) {
	tm, _, name := lxdTerm(t, "rxesc")
	tm.Send(`"create name=` + name + ` image=` + lxdtest.Image() + ` storage=` + lxdtest.Pool() + ` start=true"` + "\r")
	tm.Expect("ok create")
	tm.Expect("rexx[LXD]> ")
	tm.Send(`"execute name=` + name + ` command='printf ""a\033]52;c;cm0gLXJmIH4=\007b\n""; printf ""\033]0;pwned\007"" >&2'"` + "\r")
	tm.Expect("\n")
	screen := tm.Expect("rexx[LXD]> ")
	if strings.Contains(screen, rawOSC) {
		t.Errorf("guest escape sequences reached the terminal:\n%q", screen)
	}
	for _, want := range []string{`a\x1b]52;c;cm0gLXJmIH4=\x07b`, `stderr: \x1b]0;pwned\x07`} {
		if !strings.Contains(screen, want) {
			t.Errorf("the view lacks %q:\n%q", want, screen)
		}
	}
	// The value itself keeps the bytes.
	tm.Send("say c2x(left(result.stdout, 3))\r")
	tm.Expect("611B5D")
	tm.Expect("rexx[LXD]> ")
	tm.Send(`"delete name=` + name + `"` + "\r")
	tm.Expect("ok delete")
	tm.Expect("rexx[LXD]> ")
	tm.Send("\x04")
	tm.Wait()
}
