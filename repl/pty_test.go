package repl_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/rexxlxd/rexxlxd"
	"github.com/rexxlxd/rexxlxd/address/system"
	"github.com/rexxlxd/rexxlxd/internal/ptytest"
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
type term = ptytest.Term

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
	return ptytest.Start(t, cmd)
}

func TestTermEntriesPersistAndExit(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.Expect("Type help")
	tm.Expect("rexx> ")
	tm.Send("x = 5\r")
	tm.Expect("rexx> ")
	tm.Send("do i = 1 to 2\r")
	tm.Expect("...> ")
	tm.Send("say 'line' i*x\r")
	tm.Expect("...> ")
	tm.Send("end\r")
	tm.Expect("line 5\r\nline 10\r\n")
	tm.Expect("rexx> ")
	// An error is reported and the session goes on with its variables.
	tm.Send("say 1/0\r")
	tm.Expect(`Error 42 running "<stdin>", line 1: Arithmetic overflow/underflow`)
	tm.Expect("rexx> ")
	tm.Send("say 'still' x\r")
	tm.Expect("still 5\r\n")
	// Output without a line end stays on the screen, marked with %.
	tm.Send("call charout , 'partial'\r")
	tm.Expect("partial%")
	tm.Expect("rexx> ")
	// An unclosed string is an error at once, not a continuation.
	tm.Send("say 'open\r")
	tm.Expect("Error 6 running")
	tm.Expect("rexx> ")
	// A command's non-zero RC gets the compact rexxtry line.
	tm.Send("'exit 3'\r")
	tm.Expect("  rc = 3\r\n")
	tm.Expect("rexx> ")
	tm.Send("exit x + 2\r")
	if st := tm.Wait(); st != 7 {
		t.Errorf("exit status %d, want 7 (EXIT x + 2)", st)
	}
}

func TestTermContinuationAndAddress(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.Expect("rexx> ")
	tm.Send("say 'a',\r")
	tm.Expect("...> ")
	tm.Send("  'b'\r")
	tm.Expect("a b\r\n")
	tm.Send("/* a comment\r")
	tm.Expect("...> ")
	tm.Send("ends */ say 'after comment'\r")
	tm.Expect("after comment\r\n")
	// The current ADDRESS lasts between entries and shows in the prompt.
	tm.Send("address lxd\r")
	tm.Expect("rexx[LXD]> ")
	tm.Send("address system\r")
	tm.Expect("rexx> ")
	// Ctrl-D inside an unfinished entry says what is open and drops it.
	tm.Send("do i = 1 to 2\r")
	tm.Expect("...> ")
	tm.Send("\x04")
	tm.Expect("Error 14 running")
	tm.Expect("rexx> ")
	// The terminal is the program's standard input while an entry runs:
	// what is typed once the line editor has let go of it goes there.
	tm.Send("pull answer; say 'got' answer\r")
	tm.WaitCooked()
	tm.Send("yes\r")
	tm.Expect("got YES\r\n")
	tm.Expect("rexx> ")
	tm.WaitRaw()
	tm.Send("'read line; echo shell read $line'\r")
	tm.WaitCooked()
	tm.Send("this\r")
	tm.Expect("shell read this\r\n")
	tm.Expect("rexx> ")
	tm.Send("\x04")
	if st := tm.Wait(); st != 0 {
		t.Errorf("exit status after Ctrl-D %d, want 0", st)
	}
}

func TestTermCtrlCHaltsLoop(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.Expect("rexx> ")
	// The entry says when its loop begins; Ctrl-C goes after that.
	tm.Send("n = 0; say 'looping'; do forever; n = n + 1; end\r")
	tm.Expect("looping\r\n")
	tm.Send("\x03")
	tm.Expect("Error 4 running")
	tm.Expect("rexx> ")
	tm.Send("say n > 0\r")
	tm.Expect("1\r\n")
	// SIGNAL ON HALT set in one entry catches Ctrl-C in a later one.
	tm.Send("signal on halt\r")
	tm.Expect("rexx> ")
	tm.Send("say 'looping'; do forever; nop; end; halt: say 'caught at' sigl\r")
	tm.Expect("looping\r\n")
	tm.Send("\x03")
	tm.Expect("caught at 1\r\n")
	// Ctrl-C at the prompt drops the line, and an unfinished block.
	tm.Send("say 'junk'\x03")
	tm.Expect("rexx> ")
	tm.Send("do i = 1 to 2\r")
	tm.Expect("...> ")
	tm.Send("\x03")
	tm.Expect("rexx> ")
	tm.Send("say 'clean'\r")
	screen := tm.Expect("clean\r\n")
	if strings.Contains(screen, "\njunk") || strings.Contains(screen, "Error") {
		t.Errorf("Ctrl-C at the prompt ran something:\n%s", screen)
	}
	tm.Send("exit\r")
	if st := tm.Wait(); st != 0 {
		t.Errorf("exit status %d, want 0", st)
	}
}

// TestTermCtrlCAbortsCommand runs a shell command that ignores SIGINT:
// Ctrl-C still ends it (HALT cancels the running command) and HALT then
// ends the entry.
func TestTermCtrlCAbortsCommand(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.Expect("rexx> ")
	tm.Send(`'trap "" INT; echo started; sleep 60'; say 'not halted'` + "\r")
	tm.Expect("started\r\n")
	tm.Send("\x03")
	screen := tm.Expect("Error 4 running")
	if strings.Contains(screen, "not halted") {
		t.Errorf("the entry went on after HALT:\n%s", screen)
	}
	tm.Expect("rexx> ")
	tm.Send("say 'next'\r")
	tm.Expect("next\r\n")
	tm.WaitRaw() // the line editor has the terminal: Ctrl-D typed before is lost
	tm.Send("\x04")
	tm.Wait()
}

func TestTermHistoryAcrossSessions(t *testing.T) {
	state := t.TempDir()
	tm := startTerm(t, state)
	tm.Expect("rexx> ")
	tm.Send("say 'from' 'session one'\r")
	tm.Expect("from session one\r\n")
	tm.Send("say 'second entry'\r")
	tm.Expect("second entry\r\n")
	tm.WaitRaw() // the line editor has the terminal: Ctrl-D typed before is lost
	tm.Send("\x04")
	tm.Wait()

	hist, err := os.ReadFile(state + "/rexxlxd/history")
	if err != nil {
		t.Fatalf("history file: %v", err)
	}
	if !strings.Contains(string(hist), "say 'from' 'session one'\n") {
		t.Errorf("history file holds %q", hist)
	}

	tm = startTerm(t, state)
	tm.Expect("rexx> ")
	// Up twice recalls the first entry of the earlier session.
	tm.Send("\x1b[A\x1b[A\r")
	tm.Expect("from session one\r\n")
	// Ctrl-R searches backwards. The line editor must have the terminal
	// first: in cooked mode the line discipline takes Ctrl-R as "reprint".
	tm.WaitRaw()
	tm.Send("\x12second\r")
	tm.Expect("second entry\r\n")
	tm.WaitRaw() // the line editor has the terminal: Ctrl-D typed before is lost
	tm.Send("\x04")
	tm.Wait()
}

func TestTermCompletion(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.Expect("rexx> ")
	// A keyword: "sa" completes to "say ".
	tm.Send("sa\t'kw'\r")
	tm.Expect("kw\r\n")
	// A variable in scope and a built-in function.
	tm.Send("zebra = 41\r")
	tm.Expect("rexx> ")
	tm.Send("say zeb\t + 1\r")
	tm.Expect("42\r\n")
	tm.Send("say substr\t'abc', 2)\r")
	tm.Expect("bc\r\n")
	// At the start of a clause only keywords and variables: "si" is SIGNAL.
	tm.Send("si\t")
	tm.Expect("rexx> signal ")
	tm.Send("\x03")
	tm.Expect("rexx> ")
	// Elsewhere functions too: the common part goes in, a second Tab
	// lists the candidates, Ctrl-C leaves the list and then the line.
	tm.Send("say si\t")
	tm.Expect("rexx> say sign")
	tm.Send("\t")
	list := tm.Expect("signal")
	if !strings.Contains(list, "sign(") {
		t.Errorf("the candidates for si do not list sign(:\n%s", list)
	}
	tm.Send("\x03\x03")
	tm.Expect("rexx> ")
	tm.Send("\x04")
	tm.Wait()
}

func TestTermHelp(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.Expect("rexx> ")
	tm.Send("help\r")
	tm.Expect("ADDRESS LXD commands")
	tm.Expect("clone_from_base")
	tm.Expect("keys: base= name=")
	tm.Expect("SAY expr")
	tm.Expect("rexx> ")
	tm.Send("?\r")
	tm.Expect("execute (exec)")
	tm.WaitRaw() // the line editor has the terminal: Ctrl-D typed before is lost
	tm.Send("\x04")
	tm.Wait()
}

func TestTermAfterScript(t *testing.T) {
	dir := t.TempDir()
	script := dir + "/provision.rexx"
	if err := os.WriteFile(script, []byte("greeting = 'hello from the script'\nstep.0 = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, dir, scriptEnv+"="+script)
	tm.Expect("provision.rexx has run")
	tm.Expect("rexx> ")
	tm.Send("say greeting step.0\r")
	tm.Expect("hello from the script 2\r\n")
	tm.Send("exit 1\r")
	if st := tm.Wait(); st != 1 {
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
