package repl_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/system"
	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/repl"
)

// fakeEnv is an ADDRESS environment of the tests that opts into help,
// completion and the result view through interp's interfaces only, as any
// embedder's environment would: "greet who=NAME" sets RESULT.GREETING;
// who=nobody fails with RC 3.
type fakeEnv struct{}

func (fakeEnv) Run(_ context.Context, cmd string, call *interp.Call) int {
	who, _ := strings.CutPrefix(strings.TrimPrefix(cmd, "greet "), "who=")
	call.Vars.DropStem("RESULT.")
	if who == "nobody" {
		call.Vars.Set("RESULT.ERROR", "nobody to greet")
		return 3
	}
	call.Vars.Set("RESULT.GREETING", "hello "+who)
	return 0
}

func (fakeEnv) Commands() []interp.CommandHelp {
	return []interp.CommandHelp{{Name: "greet", Required: []string{"who"}, Summary: "greet someone"}}
}

func (fakeEnv) Values(_ context.Context, command, key string) []string {
	if command == "greet" && key == "who" {
		return []string{"world"}
	}
	return nil
}

func (fakeEnv) View(cmd string, rc int, vars interp.Variables) string {
	if rc != 0 {
		msg, _ := vars.Get("RESULT.ERROR")
		return fmt.Sprintf("fake view: rc=%d %s\n", rc, msg)
	}
	g, _ := vars.Get("RESULT.GREETING")
	return "fake view: ok " + g + "\n"
}

// TestTermEnvironmentInterfaces: the session finds help, completion and
// the result view of an environment it knows only as interp interfaces.
func TestTermEnvironmentInterfaces(t *testing.T) {
	tm := startTerm(t, t.TempDir())
	tm.Expect("rexx> ")
	tm.Send("help\r")
	tm.Expect("ADDRESS FAKE commands")
	tm.Expect("greet")
	tm.Expect("keys: who=")
	tm.Expect("rexx> ")

	// The command name and the key's value complete from the environment.
	tm.Send(`address fake "gr` + "\t")
	tm.Expect(`address fake "greet `)
	tm.Send("who=w\t")
	tm.Expect("who=world")
	tm.Send("\"\r")
	tm.Expect("fake view: ok hello world\r\n")
	tm.Expect("rexx> ")

	// A failure shows through the view too, with its RC, instead of the
	// bare "rc = N" line.
	tm.Send(`address fake "greet who=nobody"` + "\r")
	tm.Expect("fake view: rc=3 nobody to greet\r\n")
	if screen := tm.Expect("rexx> "); strings.Contains(screen, "rc = 3") {
		t.Errorf("a failed command showed the bare RC line too:\n%s", screen)
	}
	// SYSTEM describes nothing: a failing shell command shows its RC.
	tm.Send("'exit 4'\r")
	tm.Expect("rc = 4")
	tm.WaitRaw() // the line editor has the terminal: Ctrl-D typed before is lost
	tm.Send("\x04")
	tm.Wait()
}

// startPiped runs a session reading a pipe in this process, with
// interrupts delivered through the returned channel. Its status arrives
// on done.
func startPiped(t *testing.T, out io.Writer) (w *os.File, sig chan os.Signal, done chan int) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	in := interp.New()
	in.Register("SYSTEM", system.New())
	in.Stdout, in.Stderr = out, out
	sig = make(chan os.Signal, 1)
	done = make(chan int, 1)
	go func() { done <- repl.Run(in, repl.Options{In: r, Out: out, Err: out, Interrupts: sig}) }()
	return w, sig, done
}

// syncBuf is a buffer the session writes while the test reads it.
type syncBuf struct {
	mu chan struct{}
	b  strings.Builder
}

func newSyncBuf() *syncBuf { return &syncBuf{mu: make(chan struct{}, 1)} }

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu <- struct{}{}
	defer func() { <-s.mu }()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu <- struct{}{}
	defer func() { <-s.mu }()
	return s.b.String()
}

// waitFor waits until the buffer holds want.
func waitFor(t *testing.T, b *syncBuf, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(b.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("waited for %q; have:\n%s", want, b.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestInterruptsFromTheEmbedder: interrupts come only through
// Options.Interrupts. One during an entry halts it and the session goes
// on; one while waiting for a piped line ends the session, and Run
// returns 130 instead of ending the process.
func TestInterruptsFromTheEmbedder(t *testing.T) {
	out := newSyncBuf()
	w, sig, done := startPiped(t, out)
	io.WriteString(w, "say 'looping'; do forever; nop; end\n")
	waitFor(t, out, "looping")
	sig <- os.Interrupt
	waitFor(t, out, "Error 4")
	io.WriteString(w, "say 'still here'\n")
	waitFor(t, out, "still here")

	sig <- os.Interrupt
	select {
	case st := <-done:
		if st != 130 {
			t.Errorf("status after an interrupt between entries: %d, want 130", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not end on an interrupt between entries")
	}
}
