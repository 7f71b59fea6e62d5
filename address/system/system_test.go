package system

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/interp"
)

func runCmd(t *testing.T, ctx context.Context, cmd, stdin string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	rc := New().Run(ctx, cmd, &interp.Call{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut})
	return rc, out.String(), errOut.String()
}

func TestRun(t *testing.T) {
	cases := []struct {
		cmd, stdin   string
		rc           int
		stdout, errs string
	}{
		{"echo hello", "", 0, "hello\n", ""},
		{"exit 3", "", 3, "", ""},
		{"echo oops >&2; false", "", 1, "", "oops\n"},
		{"read x; echo got $x", "line\n", 0, "got line\n", ""},
		{"kill -TERM $$", "", 128 + 15, "", ""},
		{"no_such_command_rexxlxd_test 2>/dev/null", "", 127, "", ""},
		{"printf '%s' \"a b\" | wc -c", "", 0, "3\n", ""},
	}
	for _, c := range cases {
		rc, out, errs := runCmd(t, context.Background(), c.cmd, c.stdin)
		if rc != c.rc || strings.TrimLeft(out, " ") != c.stdout || errs != c.errs {
			t.Errorf("%q: rc %d stdout %q stderr %q; want %d %q %q", c.cmd, rc, out, errs, c.rc, c.stdout, c.errs)
		}
	}
}

// TestRunCancelled checks that a cancelled context (HALT) ends a command.
func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	rc, _, _ := runCmd(t, ctx, "sleep 10", "")
	if rc == 0 || time.Since(start) > 5*time.Second {
		t.Fatalf("cancelled sleep: rc %d after %v", rc, time.Since(start))
	}
}

// TestNotFoundHint: a command the shell does not find (127) gets the
// NotFound hint on its standard error, after the shell's message, with
// RC unchanged; a command that ran, even with status 127 of its own
// making, is asked about too, but only "not found" statuses are.
func TestNotFoundHint(t *testing.T) {
	var asked []string
	env := Env{NotFound: func(cmd string) string {
		asked = append(asked, cmd)
		if strings.HasPrefix(cmd, "rxnosuch-create") {
			return "hint: " + cmd
		}
		return ""
	}}
	for _, tc := range []struct {
		cmd, hint string
		rc        int
	}{
		{"rxnosuch-create name=x", "hint: rxnosuch-create name=x\n", 127},
		{"rxnosuch-other", "", 127},
		{"exit 3", "", 3},
	} {
		var errOut bytes.Buffer
		rc := env.Run(context.Background(), tc.cmd, &interp.Call{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &errOut})
		if rc != tc.rc {
			t.Errorf("%q: RC %d, want %d", tc.cmd, rc, tc.rc)
		}
		if tc.hint != "" && !strings.HasSuffix(errOut.String(), "not found\n"+tc.hint) {
			t.Errorf("%q: standard error %q does not end with the shell's message and %q", tc.cmd, errOut.String(), tc.hint)
		}
		if tc.hint == "" && strings.Contains(errOut.String(), "hint") {
			t.Errorf("%q: a hint where none was given: %q", tc.cmd, errOut.String())
		}
	}
	if len(asked) != 2 {
		t.Errorf("NotFound was asked about %q, want the two commands not found", asked)
	}
}
