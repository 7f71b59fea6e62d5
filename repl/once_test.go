package repl_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// shownOnce checks the screen an entry left (from the entry to the next
// prompt) for one failure shown once: want on exactly one line, no
// "Error:" line of the environment's, no TRACE "+++ RC=" line.
func shownOnce(t *testing.T, what, screen, want string) {
	t.Helper()
	if n := strings.Count(screen, want); n != 1 {
		t.Errorf("%s: %q shows %d times, want once:\n%s", what, want, n, screen)
	}
	for _, dup := range []string{"Error: ", "+++ RC="} {
		if strings.Contains(screen, dup) {
			t.Errorf("%s: the failure shows again as %q:\n%s", what, dup, screen)
		}
	}
}

// TestTermFailureShowsOnce: on a terminal a failed ADDRESS LXD command
// shows once, in the session's view line with its RC and reason, not
// also as the environment's Error line and the TRACE line; a mistyped
// command gets a suggestion and the list of commands once. A failing
// SYSTEM command shows its RC once (the "rc = N" line, no trace). The
// stopped instance is real, so it skips without LXD unless
// REXXLXD_REQUIRE_LXD=1.
func TestTermFailureShowsOnce(t *testing.T) {
	tm, _, name := lxdTerm(t, "rxonce")
	image, pool := lxdtest.Image(), lxdtest.Pool()

	tm.Send(`"lsit"` + "\r")
	tm.Expect(`"lsit"` + "\r\n") // the echo of the entry
	screen := tm.Expect("rexx[LXD]> ")
	shownOnce(t, "a mistyped command", screen, "clone_from_base")
	if !strings.Contains(screen, "rc=-3 lsit: ") || !strings.Contains(screen, "did you mean list?") {
		t.Errorf("a mistyped command: no RC, or no suggestion of list:\n%s", screen)
	}

	tm.Send(`"create name=` + name + ` image=` + image + ` storage=` + pool + `"` + "\r")
	tm.Expect("ok create container=" + name)
	tm.Expect("rexx[LXD]> ")
	tm.Send(`"execute name=` + name + ` command=true"` + "\r")
	tm.Expect(`command=true"` + "\r\n")
	screen = tm.Expect("rexx[LXD]> ")
	shownOnce(t, "execute in a stopped instance", screen, "Instance is not running")
	if !strings.Contains(screen, "rc=1 execute: "+name) {
		t.Errorf("execute in a stopped instance: the view line lacks the RC or the instance's name:\n%s", screen)
	}

	tm.Send("address system 'exit 5'\r")
	tm.Expect("'exit 5'\r\n")
	screen = tm.Expect("rexx[LXD]> ")
	shownOnce(t, "a failed SYSTEM command", screen, "rc = 5")

	// TRACE C traces every command clause: the trace stays whole.
	tm.Send("trace c; address system 'exit 6'\r")
	tm.Expect("'exit 6'\r\n")
	screen = tm.Expect("rexx[LXD]> ")
	if !strings.Contains(screen, "+++ RC=6 +++") {
		t.Errorf("under TRACE C a failed command lost its trace line:\n%s", screen)
	}
	tm.WaitRaw() // the line editor has the terminal: Ctrl-D typed before is lost
	tm.Send("\x04")
	tm.Wait()
}

// TestPipedFailureAsScript: reading a pipe the session shows a failed
// command as a script does (the TRACE NORMAL lines), with no "rc = N"
// line of its own on top.
func TestPipedFailureAsScript(t *testing.T) {
	out := newSyncBuf()
	w, _, done := startPiped(t, out)
	io.WriteString(w, "'exit 5'\nsay 'after'\n")
	w.Close()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not end at the end of its input")
	}
	got := out.String()
	if !strings.Contains(got, "+++ RC=5 +++") || !strings.Contains(got, "after") {
		t.Errorf("the piped session's output lacks the trace or the next entry:\n%s", got)
	}
	if strings.Contains(got, "rc = 5") {
		t.Errorf("the piped session showed the RC twice:\n%s", got)
	}
}
