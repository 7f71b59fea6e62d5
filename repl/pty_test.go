package repl_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/rexxlxd/rexxlxd"
	"github.com/rexxlxd/rexxlxd/address/system"
	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
	"github.com/rexxlxd/rexxlxd/repl"
)

// childEnv, when set, makes the test binary act as rexxlxd's interactive
// session (see TestMain), so the tests drive the real thing through a
// pseudo-terminal: raw mode, Ctrl-C as SIGINT, a history file.
const childEnv = "REXXLXD_REPL_CHILD"

// scriptEnv names a script the child runs before the session, as
// rexxlxd -i FILE does.
const scriptEnv = "REXXLXD_REPL_SCRIPT"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(childMain())
	}
	os.Exit(m.Run())
}

// childMain is what cmd/rexxlxd does with no script on a terminal, or
// with -i FILE, plus the FAKE environment (fake_test.go).
func childMain() int {
	in, _ := rexxlxd.New(rexxlxd.Options{})
	in.Register("FAKE", fakeEnv{})
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM) // as cmd/rexxlxd does
	opts := repl.Options{Interrupts: sig}
	if file := os.Getenv(scriptEnv); file != "" {
		src, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		prog, err := parser.Parse(file, string(src))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if _, err := in.Run(context.Background(), prog); err != nil {
			var e *interp.Error
			if errors.As(err, &e) {
				fmt.Fprint(os.Stderr, e.Message())
			}
		}
		opts.Script = file
	}
	return repl.Run(in, opts)
}

// term is a session running in a child process on a pseudo-terminal.
type term struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File

	mu   sync.Mutex
	out  []byte // everything the child wrote, escape sequences removed
	seen int    // how much of out expect has consumed
	eof  chan struct{}
}

// ansi matches the terminal control sequences readline writes.
var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// startTerm starts a session with state (history) under stateDir and
// extra environment variables.
func startTerm(t *testing.T, stateDir string, env ...string) *term {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Env = append(cmd.Env, env...)
	return startCmd(t, cmd, stateDir)
}

// startCmd starts cmd on a pseudo-terminal with its state directory (and
// home) at stateDir.
func startCmd(t *testing.T, cmd *exec.Cmd, stateDir string) *term {
	t.Helper()
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, "XDG_STATE_HOME="+stateDir, "HOME="+stateDir, "TERM=xterm")
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 250})
	if err != nil {
		t.Fatalf("starting the session on a pty: %v", err)
	}
	tm := &term{t: t, cmd: cmd, ptmx: ptmx, eof: make(chan struct{})}
	go func() {
		defer close(tm.eof)
		buf := make([]byte, 4096)
		var raw []byte
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				raw = append(raw, buf[:n]...)
				// Keep an unfinished escape sequence for the next read.
				cut := len(raw)
				if i := strings.LastIndexByte(string(raw), 0x1b); i >= 0 && !ansi.Match(raw[i:]) {
					cut = i
				}
				tm.out = append(tm.out, ansi.ReplaceAll(raw[:cut], nil)...)
				raw = raw[cut:]
				tm.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		if tm.cmd.ProcessState == nil {
			tm.cmd.Process.Kill()
			tm.cmd.Wait()
		}
		ptmx.Close()
	})
	return tm
}

// send types s.
func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := tm.ptmx.Write([]byte(s)); err != nil {
		tm.t.Fatalf("typing %q: %v", s, err)
	}
}

// expectTimeout bounds every wait for output.
const expectTimeout = 10 * time.Second

// expect waits until the output not yet consumed holds want, and consumes
// it up to the end of want; it returns the text consumed.
func (tm *term) expect(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(expectTimeout)
	for {
		tm.mu.Lock()
		rest := string(tm.out[tm.seen:])
		if i := strings.Index(rest, want); i >= 0 {
			tm.seen += i + len(want)
			tm.mu.Unlock()
			return rest[:i+len(want)]
		}
		tm.mu.Unlock()
		if time.Now().After(deadline) {
			tm.t.Fatalf("no %q on the screen within %v; it shows:\n%s", want, expectTimeout, rest)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// wait waits for the session to end and returns its exit status.
func (tm *term) wait() int {
	tm.t.Helper()
	done := make(chan error, 1)
	go func() { done <- tm.cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			tm.t.Fatalf("waiting for the session: %v", err)
		}
		return tm.cmd.ProcessState.ExitCode()
	case <-time.After(expectTimeout):
		tm.t.Fatalf("the session did not end; it shows:\n%s", tm.out[tm.seen:])
		return -1
	}
}

func TestTermEntriesPersistAndExit(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect("Type help")
	tm.expect("rexx> ")
	tm.send("x = 5\r")
	tm.expect("rexx> ")
	tm.send("do i = 1 to 2\r")
	tm.expect("...> ")
	tm.send("say 'line' i*x\r")
	tm.expect("...> ")
	tm.send("end\r")
	tm.expect("line 5\r\nline 10\r\n")
	tm.expect("rexx> ")
	// An error is reported and the session goes on with its variables.
	tm.send("say 1/0\r")
	tm.expect(`Error 42 running "<stdin>", line 1: Arithmetic overflow/underflow`)
	tm.expect("rexx> ")
	tm.send("say 'still' x\r")
	tm.expect("still 5\r\n")
	// Output without a line end stays on the screen, marked with %.
	tm.send("call charout , 'partial'\r")
	tm.expect("partial%")
	tm.expect("rexx> ")
	// An unclosed string is an error at once, not a continuation.
	tm.send("say 'open\r")
	tm.expect("Error 6 running")
	tm.expect("rexx> ")
	// A command's non-zero RC gets the compact rexxtry line.
	tm.send("'exit 3'\r")
	tm.expect("  rc = 3\r\n")
	tm.expect("rexx> ")
	tm.send("exit x + 2\r")
	if st := tm.wait(); st != 7 {
		t.Errorf("exit status %d, want 7 (EXIT x + 2)", st)
	}
}

func TestTermContinuationAndAddress(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect("rexx> ")
	tm.send("say 'a',\r")
	tm.expect("...> ")
	tm.send("  'b'\r")
	tm.expect("a b\r\n")
	tm.send("/* a comment\r")
	tm.expect("...> ")
	tm.send("ends */ say 'after comment'\r")
	tm.expect("after comment\r\n")
	// The current ADDRESS lasts between entries and shows in the prompt.
	tm.send("address lxd\r")
	tm.expect("rexx[LXD]> ")
	tm.send("address system\r")
	tm.expect("rexx> ")
	// Ctrl-D inside an unfinished entry says what is open and drops it.
	tm.send("do i = 1 to 2\r")
	tm.expect("...> ")
	tm.send("\x04")
	tm.expect("Error 14 running")
	tm.expect("rexx> ")
	// The terminal is the program's standard input while an entry runs.
	tm.send("pull answer; say 'got' answer\r")
	tm.expect("\n")
	tm.send("yes\r")
	tm.expect("got YES\r\n")
	tm.send("'read line; echo shell read $line'\r")
	tm.expect("\n")
	tm.send("this\r")
	tm.expect("shell read this\r\n")
	tm.expect("rexx> ")
	tm.send("\x04")
	if st := tm.wait(); st != 0 {
		t.Errorf("exit status after Ctrl-D %d, want 0", st)
	}
}

func TestTermCtrlCHaltsLoop(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect("rexx> ")
	// The entry says when its loop begins; Ctrl-C goes after that.
	tm.send("n = 0; say 'looping'; do forever; n = n + 1; end\r")
	tm.expect("looping\r\n")
	tm.send("\x03")
	tm.expect("Error 4 running")
	tm.expect("rexx> ")
	tm.send("say n > 0\r")
	tm.expect("1\r\n")
	// SIGNAL ON HALT set in one entry catches Ctrl-C in a later one.
	tm.send("signal on halt\r")
	tm.expect("rexx> ")
	tm.send("say 'looping'; do forever; nop; end; halt: say 'caught at' sigl\r")
	tm.expect("looping\r\n")
	tm.send("\x03")
	tm.expect("caught at 1\r\n")
	// Ctrl-C at the prompt drops the line, and an unfinished block.
	tm.send("say 'junk'\x03")
	tm.expect("rexx> ")
	tm.send("do i = 1 to 2\r")
	tm.expect("...> ")
	tm.send("\x03")
	tm.expect("rexx> ")
	tm.send("say 'clean'\r")
	screen := tm.expect("clean\r\n")
	if strings.Contains(screen, "\njunk") || strings.Contains(screen, "Error") {
		t.Errorf("Ctrl-C at the prompt ran something:\n%s", screen)
	}
	tm.send("exit\r")
	if st := tm.wait(); st != 0 {
		t.Errorf("exit status %d, want 0", st)
	}
}

// TestTermCtrlCAbortsCommand runs a shell command that ignores SIGINT:
// Ctrl-C still ends it (HALT cancels the running command) and HALT then
// ends the entry.
func TestTermCtrlCAbortsCommand(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect("rexx> ")
	tm.send(`'trap "" INT; echo started; sleep 60'; say 'not halted'` + "\r")
	tm.expect("started\r\n")
	tm.send("\x03")
	screen := tm.expect("Error 4 running")
	if strings.Contains(screen, "not halted") {
		t.Errorf("the entry went on after HALT:\n%s", screen)
	}
	tm.expect("rexx> ")
	tm.send("say 'next'\r")
	tm.expect("next\r\n")
	tm.expect("> ") // the next prompt: readline drops what is typed before it
	tm.send("\x04")
	tm.wait()
}

func TestTermHistoryAcrossSessions(t *testing.T) {
	state := t.TempDir()
	tm := startTerm(t, state)
	tm.expect("rexx> ")
	tm.send("say 'from' 'session one'\r")
	tm.expect("from session one\r\n")
	tm.send("say 'second entry'\r")
	tm.expect("second entry\r\n")
	tm.expect("> ") // the next prompt: readline drops what is typed before it
	tm.send("\x04")
	tm.wait()

	hist, err := os.ReadFile(state + "/rexxlxd/history")
	if err != nil {
		t.Fatalf("history file: %v", err)
	}
	if !strings.Contains(string(hist), "say 'from' 'session one'\n") {
		t.Errorf("history file holds %q", hist)
	}

	tm = startTerm(t, state)
	tm.expect("rexx> ")
	// Up twice recalls the first entry of the earlier session.
	tm.send("\x1b[A\x1b[A\r")
	tm.expect("from session one\r\n")
	// Ctrl-R searches backwards.
	tm.send("\x12second\r")
	tm.expect("second entry\r\n")
	tm.expect("> ") // the next prompt: readline drops what is typed before it
	tm.send("\x04")
	tm.wait()
}

func TestTermCompletion(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect("rexx> ")
	// A keyword: "sa" completes to "say ".
	tm.send("sa\t'kw'\r")
	tm.expect("kw\r\n")
	// A variable in scope and a built-in function.
	tm.send("zebra = 41\r")
	tm.expect("rexx> ")
	tm.send("say zeb\t + 1\r")
	tm.expect("42\r\n")
	tm.send("say substr\t'abc', 2)\r")
	tm.expect("bc\r\n")
	// At the start of a clause only keywords and variables: "si" is SIGNAL.
	tm.send("si\t")
	tm.expect("rexx> signal ")
	tm.send("\x03")
	tm.expect("rexx> ")
	// Elsewhere functions too: the common part goes in, a second Tab
	// lists the candidates, Ctrl-C leaves the list and then the line.
	tm.send("say si\t")
	tm.expect("rexx> say sign")
	tm.send("\t")
	list := tm.expect("signal")
	if !strings.Contains(list, "sign(") {
		t.Errorf("the candidates for si do not list sign(:\n%s", list)
	}
	tm.send("\x03\x03")
	tm.expect("rexx> ")
	tm.send("\x04")
	tm.wait()
}

func TestTermHelp(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.expect("rexx> ")
	tm.send("help\r")
	tm.expect("ADDRESS LXD commands")
	tm.expect("clone_from_base")
	tm.expect("keys: base= name=")
	tm.expect("SAY expr")
	tm.expect("rexx> ")
	tm.send("?\r")
	tm.expect("execute (exec)")
	tm.send("\x04")
	tm.wait()
}

func TestTermAfterScript(t *testing.T) {
	dir := t.TempDir()
	script := dir + "/provision.rexx"
	if err := os.WriteFile(script, []byte("greeting = 'hello from the script'\nstep.0 = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, dir, scriptEnv+"="+script)
	tm.expect("provision.rexx has run")
	tm.expect("rexx> ")
	tm.send("say greeting step.0\r")
	tm.expect("hello from the script 2\r\n")
	tm.send("exit 1\r")
	if st := tm.wait(); st != 1 {
		t.Errorf("exit status %d, want 1", st)
	}
}

// TestPlainLines runs the session on a pipe, in process: no prompt, the
// same assembly of entries, and an unfinished entry at the end reported
// with its status.
func TestPlainLines(t *testing.T) {
	cases := []struct {
		input, out, errOut string
		status             int
	}{
		{"x = 2\ndo i = 1 to x\nsay i\nend\nsay 'done'\n", "1\n2\ndone\n", "", 0},
		{"say 1/0\nsay 'on'\nexit 5\nsay 'never'\n", "on\n", "Error 42", 5},
		{"say 'a',\n'b'\n", "a b\n", "", 0},
		{"do i = 1 to 2\nsay i\n", "", "Error 14", 242},
		{"say 'no newline at end'", "no newline at end\n", "", 0},
	}
	for _, c := range cases {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			io.WriteString(w, c.input)
			w.Close()
		}()
		in, _ := rexxlxd.New(rexxlxd.Options{})
		var out, errOut strings.Builder
		in.Stdout, in.Stderr = &out, &errOut
		st := repl.Run(in, repl.Options{In: r, Out: &out, Err: &errOut})
		r.Close()
		if out.String() != c.out || !strings.Contains(errOut.String(), c.errOut) || st != c.status {
			t.Errorf("input %q: out %q, err %q, status %d; want %q, %q, %d", c.input, out.String(), errOut.String(), st, c.out, c.errOut, c.status)
		}
	}
}

// TestPlainHelpWithoutLXD asks for help in a session with no environment
// that describes its commands: the instructions are listed, no commands.
func TestPlainHelpWithoutLXD(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		io.WriteString(w, "?\nsay 'after help'\n")
		w.Close()
	}()
	defer r.Close()
	in := interp.New()
	in.Register("SYSTEM", system.New())
	var out strings.Builder
	in.Stdout, in.Stderr = &out, &out
	if st := repl.Run(in, repl.Options{In: r, Out: &out, Err: &out}); st != 0 {
		t.Errorf("status %d", st)
	}
	got := out.String()
	if !strings.Contains(got, "Instructions:") || !strings.HasSuffix(got, "after help\n") || strings.Contains(got, "keys:") {
		t.Errorf("output:\n%s", got)
	}
}
