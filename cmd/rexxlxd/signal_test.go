package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// buildBinary builds the command into the test's temp dir, as make build
// does, so that signals reach a process of its own.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "rexxlxd")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v: %s", err, out)
	}
	return bin
}

// signalled runs interpreter on the program src (written to a file), waits
// for its first line "go", sends sig, and returns its exit status, the
// rest of its stdout and its stderr.
func signalled(t *testing.T, interpreter, src string, sig syscall.Signal) (int, string, string) {
	t.Helper()
	sc := lxdtest.StartScript(t, "go", interpreter, src)
	// Nothing here may hang the test: the process goes after 20s.
	watchdog := time.AfterFunc(20*time.Second, func() { sc.Cmd.Process.Kill() })
	defer watchdog.Stop()
	time.Sleep(200 * time.Millisecond) // past haltDelay
	if err := sc.Cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	rest := sc.Rest()
	done := make(chan error, 1)
	go func() { done <- sc.Cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s still runs 10s after %v", interpreter, sig)
	}
	return lxdtest.Status(t, err), rest, sc.Stderr.String() // -1 when the signal killed it
}

// haltPrograms are the programs the signal tests run: SIGNAL ON HALT and
// CALL ON HALT handlers, and none. Output to a pipe is buffered; the
// command 'true' makes the interpreter write out "go" first.
var haltPrograms = []struct {
	name, src  string
	wantStatus int
	wantOut    string
	wantErr    []string
}{
	{"SignalOnHalt", "signal on halt\nsay 'go'\n'true'\ndo forever; nop; end\nhalt: say condition('C') condition('D') condition('I'); exit 7\n",
		7, "HALT {sig} SIGNAL\n", nil},
	{"CallOnHalt", "call on halt\nsay 'go'\n'true'\ndo until stopped = 1; nop; end\nsay 'resumed'\nexit 5\nhalt: say condition('C') condition('D') condition('I'); stopped = 1; return\n",
		5, "HALT {sig} CALL\nresumed\n", nil},
	{"Unhandled", "say 'go'\n'true'\ndo forever; nop; end\n",
		252, "", []string{"Error 4 running ", ", line 3: Program interrupted"}},
}

// TestSignalsHalt: SIGTERM, like SIGINT, is the HALT condition: a
// handler sees it with CONDITION('D') naming the signal, and an
// unhandled halt ends the program with Regina's Error 4 message and exit
// status 252. Regina's own answers are checked too when it is installed.
// Before SIGTERM was taken, the process died of it (status 143 from a
// shell, no message, no handler run).
func TestSignalsHalt(t *testing.T) {
	bin := buildBinary(t)
	regina, _ := exec.LookPath("rexx")
	for _, p := range haltPrograms {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
			name := map[syscall.Signal]string{syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT"}[sig]
			t.Run(p.name+"/"+name, func(t *testing.T) {
				interpreters := []string{bin}
				if regina != "" {
					interpreters = append(interpreters, regina)
				}
				for _, in := range interpreters {
					status, out, stderr := signalled(t, in, p.src, sig)
					want := strings.ReplaceAll(p.wantOut, "{sig}", name)
					if status != p.wantStatus || out != want {
						t.Errorf("%s: status %d, stdout %q; want %d, %q (stderr %q)", in, status, out, p.wantStatus, want, stderr)
					}
					for _, w := range p.wantErr {
						if !strings.Contains(stderr, w) {
							t.Errorf("%s: stderr %q lacks %q", in, stderr, w)
						}
					}
				}
			})
		}
	}
}
