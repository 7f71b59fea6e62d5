package repl_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// probe types cmd again and again until the unread output holds want,
// for what the guest learns asynchronously (a window size): it waits on
// the output, each try bounded, and fails after expectTimeout.
func (tm *term) probe(cmd, want string) {
	tm.t.Helper()
	deadline := time.Now().Add(expectTimeout)
	for try := time.Now(); ; {
		if time.Since(try) > 0 {
			tm.send(cmd)
			try = time.Now().Add(500 * time.Millisecond)
		}
		tm.mu.Lock()
		rest := string(tm.out[tm.seen:])
		if i := strings.Index(rest, want); i >= 0 {
			tm.seen += i + len(want)
			tm.mu.Unlock()
			return
		}
		tm.mu.Unlock()
		if time.Now().After(deadline) {
			tm.t.Fatalf("no %q after typing %q for %v; it shows:\n%s", want, cmd, expectTimeout, rest)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTermShell opens a shell in a running instance from the REPL: the
// guest gets the terminal's size and follows a resize, Ctrl-C goes to the
// guest (the session lives on), the shell's exit status is RC, and
// afterwards the terminal is back in its own mode (a PULL reads a line
// ended by Enter, which raw mode would not give it). The guest's OSC
// title sequence does not reach the terminal, its colours do.
func TestTermShell(t *testing.T) {
	tm, _, name := lxdTerm(t, "rxsh")
	tm.send(fmt.Sprintf(`"create name=%s image=%s storage=%s start=true"`+"\r", name, lxdtest.Image(), lxdtest.Pool()))
	tm.expect("rexx[LXD]> ")
	tm.send(`"shell name=` + name + `"` + "\r")
	tm.expect("# ")
	tm.send("echo $((6*7))x\r")
	tm.expect("42x")
	tm.send("stty size\r")
	tm.expect("50 250")
	if err := pty.Setsize(tm.ptmx, &pty.Winsize{Rows: 33, Cols: 111}); err != nil {
		t.Fatal(err)
	}
	tm.probe("stty size\r", "33 111")
	tm.send(`printf '\033]0;ti''tle\007<\033[31mred\033[0m>\n'` + "\r")
	screen := tm.expect(">\r\n")
	if strings.Contains(screen, "title") || !strings.Contains(screen, "<red>") {
		t.Errorf("the guest's output reached the terminal as %q", screen)
	}
	tm.send("echo waiting; read x; echo not-interrupted\r")
	tm.expect("waiting\r\n")
	tm.send("\x03")
	tm.send("echo alive\r")
	tm.expect("alive")
	tm.send("exit 7\r")
	screen = tm.expect("rexx[LXD]> ")
	if !strings.Contains(screen, "rc=7 shell") || !strings.Contains(screen, "exitcode=7") || strings.Contains(screen, "not-interrupted") {
		t.Errorf("after exit 7 the session shows %q", screen)
	}
	tm.send("address system; pull answer; say 'got' answer\r")
	tm.expect("\n")
	tm.send("yes\r")
	tm.expect("got YES\r\n")
	tm.expect("rexx> ")
}

// TestTermShellFromScript runs shell from a script on a terminal (as
// rexxlxd -i FILE does), with command= reading what is typed, and checks
// RC and EXITCODE.
func TestTermShellFromScript(t *testing.T) {
	c := lxdtest.Connect(t)
	name := lxdtest.Name(t, "rxshs")
	lxdtest.Cleanup(t, c, name)
	script := filepath.Join(t.TempDir(), "sh.rexx")
	src := fmt.Sprintf(`address lxd "create name=%s image=%s storage=%s start=true"
address lxd "shell name=%s command='echo ready; read line; echo got-$line; read line; exit 3'"
say 'shell rc' rc 'exitcode' RESULT.exitcode
`, name, lxdtest.Image(), lxdtest.Pool(), name)
	if err := os.WriteFile(script, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, t.TempDir(), "REXXLXD_REPL_SCRIPT="+script)
	tm.expect("ready")
	tm.send("hello\r")
	tm.expect("got-hello")
	// Only then end it: LXD 5.0.2 may lose what a command on a terminal
	// prints right before it exits (lxc exec -t too: 2 of 20 runs here).
	tm.send("\r")
	tm.expect("shell rc 3 exitcode 3")
	tm.expect("rexx> ")
}
