package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
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
	tm := startPty(t, exec.Command(bin, prog))
	tm.expect("     2 *-* x = 1\r\n")
	tm.expect(`       +++ Interactive trace.  "Trace Off" to end debug. ENTER to continue.` + "\r\n")
	tm.send("x = 41\r")
	tm.expect("x = 41\r\n") // the terminal's echo: the pause reads another line
	tm.send("\r")
	tm.expect("     3 *-* say 'x is' x\r\n")
	tm.expect("x is 41\r\n")
	tm.send("=\r")
	tm.expect("       *-* say 'x is' x\r\n")
	tm.expect("x is 41\r\n")
	tm.send("trace off\r")
	if st := tm.wait(); st != 45 {
		t.Errorf("exit status %d, want 45 (EXIT x + 4 with x set at the pause)", st)
	}
	if rest := tm.rest(); strings.Contains(rest, "*-*") {
		t.Errorf("traced after TRACE OFF:\n%s", rest)
	}
}

// ptyTerm is a process on a pseudo-terminal and what it wrote there.
type ptyTerm struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File
	mu   sync.Mutex
	out  []byte
	seen int
	more chan struct{} // a signal after each read, for expect
	done chan struct{} // closed when the terminal has no more output
}

func startPty(t *testing.T, cmd *exec.Cmd) *ptyTerm {
	t.Helper()
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Fatalf("starting %v on a pty: %v", cmd.Args, err)
	}
	tm := &ptyTerm{t: t, cmd: cmd, ptmx: ptmx, more: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		defer close(tm.done)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				tm.out = append(tm.out, buf[:n]...)
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
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		ptmx.Close()
	})
	return tm
}

func (tm *ptyTerm) send(s string) {
	tm.t.Helper()
	if _, err := tm.ptmx.Write([]byte(s)); err != nil {
		tm.t.Fatalf("typing %q: %v", s, err)
	}
}

// expect waits for want in the output not yet consumed and consumes it.
func (tm *ptyTerm) expect(want string) {
	tm.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		tm.mu.Lock()
		rest := string(tm.out[tm.seen:])
		if i := strings.Index(rest, want); i >= 0 {
			tm.seen += i + len(want)
			tm.mu.Unlock()
			return
		}
		tm.mu.Unlock()
		select {
		case <-tm.more:
		case <-tm.done:
			tm.fail(want, rest)
		case <-timeout:
			tm.fail(want, rest)
		}
	}
}

func (tm *ptyTerm) fail(want, rest string) {
	tm.t.Helper()
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if rest = string(tm.out[tm.seen:]); !strings.Contains(rest, want) {
		tm.t.Fatalf("no %q on the terminal; it shows:\n%s", want, rest)
	}
}

// rest is the output not yet consumed, once the process has ended.
func (tm *ptyTerm) rest() string {
	<-tm.done
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return string(tm.out[tm.seen:])
}

// wait waits for the process to end and returns its exit status.
func (tm *ptyTerm) wait() int {
	tm.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- tm.cmd.Wait() }()
	select {
	case err := <-errc:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			tm.t.Fatalf("waiting: %v", err)
		}
		return tm.cmd.ProcessState.ExitCode()
	case <-time.After(10 * time.Second):
		tm.t.Fatalf("still running 10s after TRACE OFF")
		return -1
	}
}
