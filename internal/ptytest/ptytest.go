// Package ptytest runs a process on a pseudo-terminal for tests, as a
// person at a terminal would meet it: type at it (Send), wait for what it
// shows (Expect, Probe) and read how it ended (Wait). What the process
// writes is kept with the terminal control sequences of line editors
// (CSI: cursor moves, clearing, colours) removed, so tests read the text
// a person reads. Every wait is on the process's output or its end,
// bounded by Timeout; none sleeps to synchronise.
package ptytest

import (
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// Timeout bounds every wait for output and for the process's end.
const Timeout = 10 * time.Second

// Term is a process on a pseudo-terminal and what it wrote there.
type Term struct {
	t   testing.TB
	Cmd *exec.Cmd
	Pty *os.File // the terminal's controlling side: resize it with pty.Setsize

	mu   sync.Mutex
	out  []byte // everything the process wrote, CSI sequences removed
	seen int    // how much of out Expect has consumed
	more chan struct{}
	done chan struct{} // closed when the terminal has no more output
}

// csi matches the terminal control sequences line editors write.
var csi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// Start starts cmd on a terminal of 50 rows and 250 columns, and kills it
// (if it still runs) when the test ends.
func Start(t testing.TB, cmd *exec.Cmd) *Term {
	t.Helper()
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 250})
	if err != nil {
		t.Fatalf("starting %v on a pty: %v", cmd.Args, err)
	}
	tm := &Term{t: t, Cmd: cmd, Pty: ptmx, more: make(chan struct{}, 1), done: make(chan struct{})}
	go tm.read()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		ptmx.Close()
	})
	return tm
}

// read copies the terminal's output into out until it ends.
func (tm *Term) read() {
	defer close(tm.done)
	buf := make([]byte, 4096)
	var raw []byte
	for {
		n, err := tm.Pty.Read(buf)
		if n > 0 {
			tm.mu.Lock()
			raw = append(raw, buf[:n]...)
			// Keep an unfinished sequence for the next read.
			cut := len(raw)
			if i := strings.LastIndexByte(string(raw), 0x1b); i >= 0 && !csi.Match(raw[i:]) {
				cut = i
			}
			tm.out = append(tm.out, csi.ReplaceAll(raw[:cut], nil)...)
			raw = raw[cut:]
			tm.mu.Unlock()
			select {
			case tm.more <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// Send types s.
func (tm *Term) Send(s string) {
	tm.t.Helper()
	if _, err := tm.Pty.Write([]byte(s)); err != nil {
		tm.t.Fatalf("typing %q: %v", s, err)
	}
}

// Expect waits until the output not yet consumed holds want, consumes it
// up to the end of want and returns the text consumed.
func (tm *Term) Expect(want string) string {
	tm.t.Helper()
	got, ok := tm.await(want, time.After(Timeout))
	if !ok {
		tm.t.Fatalf("no %q on the terminal within %v; it shows:\n%s", want, Timeout, got)
	}
	return got
}

// Probe types s again and again, every half second, until the output
// holds want, for what the process learns on its own time (a window
// size a guest reads after a resize); it fails after Timeout.
func (tm *Term) Probe(s, want string) {
	tm.t.Helper()
	deadline := time.After(Timeout)
	for {
		tm.Send(s)
		got, ok := tm.await(want, time.After(500*time.Millisecond))
		if ok {
			return
		}
		select {
		case <-deadline:
			tm.t.Fatalf("no %q after typing %q for %v; it shows:\n%s", want, s, Timeout, got)
		default:
		}
	}
}

// await waits for want until stop or the end of the output; it returns
// the text consumed and true, or the unconsumed text and false.
func (tm *Term) await(want string, stop <-chan time.Time) (string, bool) {
	for {
		tm.mu.Lock()
		rest := string(tm.out[tm.seen:])
		if i := strings.Index(rest, want); i >= 0 {
			tm.seen += i + len(want)
			tm.mu.Unlock()
			return rest[:i+len(want)], true
		}
		tm.mu.Unlock()
		select {
		case <-tm.more:
		case <-tm.done:
			tm.mu.Lock()
			rest = string(tm.out[tm.seen:])
			tm.mu.Unlock()
			if i := strings.Index(rest, want); i >= 0 {
				continue
			}
			return rest, false
		case <-stop:
			return rest, false
		}
	}
}

// WaitRaw waits until a line editor has put the terminal in raw mode
// (no line buffering, so Ctrl-C is a key, not a signal): the moment a
// program reads keys itself. What is typed before may be dropped.
func (tm *Term) WaitRaw() {
	tm.t.Helper()
	tm.waitMode(false, "raw")
}

// WaitCooked waits until the terminal is back in line mode, as a line
// editor leaves it when the line is done: typed lines then go to whatever
// the program runs, not to the editor.
func (tm *Term) WaitCooked() {
	tm.t.Helper()
	tm.waitMode(true, "line")
}

// waitMode looks at the terminal's mode, which the controlling side
// shares, every few milliseconds until its line mode (ICANON) is canon,
// up to Timeout.
func (tm *Term) waitMode(canon bool, name string) {
	tm.t.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		st, err := unix.IoctlGetTermios(int(tm.Pty.Fd()), unix.TCGETS)
		if err != nil {
			tm.t.Fatalf("reading the terminal's mode: %v", err)
		}
		if (st.Lflag&unix.ICANON != 0) == canon {
			return
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the terminal was not in %s mode within %v", name, Timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Rest is the output not yet consumed, once the terminal has no more.
func (tm *Term) Rest() string {
	<-tm.done
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return string(tm.out[tm.seen:])
}

// Wait waits for the process to end and returns its exit status.
func (tm *Term) Wait() int {
	tm.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- tm.Cmd.Wait() }()
	select {
	case err := <-errc:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			tm.t.Fatalf("waiting for %v: %v", tm.Cmd.Args, err)
		}
		return tm.Cmd.ProcessState.ExitCode()
	case <-time.After(Timeout):
		tm.mu.Lock()
		defer tm.mu.Unlock()
		tm.t.Fatalf("%v did not end within %v; it shows:\n%s", tm.Cmd.Args, Timeout, tm.out[tm.seen:])
		return -1
	}
}
