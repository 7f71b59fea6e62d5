package lxdapi_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// running creates and starts an instance from the test image, removed at
// cleanup, and waits until its init runs.
func running(t testing.TB, c *lxdapi.Client, ctx context.Context) string {
	t.Helper()
	name := create(t, c, ctx)
	op, err := c.StartInstance(ctx, name)
	wait(t, ctx, "start "+name, op, err)
	lxdtest.WaitInit(t, c, name)
	return name
}

// TestExecWebsocket: stdin reaches the command, stdout and stderr arrive
// apart, the exit status is the command's, and nothing is left in the
// instance's log directory.
func TestExecWebsocket(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)
	name := running(t, c, ctx)

	var out, errb bytes.Buffer
	s, err := c.ExecStart(ctx, name, lxdapi.ExecRequest{
		Command:     []string{"sh", "-c", `tr a-z A-Z; echo "$FOO" >&2; exit 3`},
		Environment: map[string]string{"FOO": "bar baz"},
	}, lxdapi.ExecStream{Stdin: strings.NewReader("hello\nworld\n"), Stdout: &out, Stderr: &errb})
	if err != nil {
		t.Fatal(err)
	}
	code, err := s.Wait(ctx)
	s.Close()
	if err != nil || code != 3 || out.String() != "HELLO\nWORLD\n" || errb.String() != "bar baz\n" {
		t.Fatalf("exec: code %d err %v stdout %q stderr %q", code, err, out.String(), errb.String())
	}

	// No stdin: the command reads EOF at once rather than hanging.
	out.Reset()
	s, err = c.ExecStart(ctx, name, lxdapi.ExecRequest{Command: []string{"sh", "-c", "cat; echo done"}}, lxdapi.ExecStream{Stdout: &out})
	if err != nil {
		t.Fatal(err)
	}
	code, err = s.Wait(ctx)
	s.Close()
	if err != nil || code != 0 || out.String() != "done\n" {
		t.Fatalf("exec without stdin: code %d err %v stdout %q", code, err, out.String())
	}

	// A missing program: the operation fails with status 127.
	s, err = c.ExecStart(ctx, name, lxdapi.ExecRequest{Command: []string{"/no/such/program"}}, lxdapi.ExecStream{})
	if err != nil {
		t.Fatal(err)
	}
	code, err = s.Wait(ctx)
	s.Close()
	if err == nil || code != 127 {
		t.Fatalf("missing program: code %d err %v, want 127 and an error", code, err)
	}

	// A signal through the control socket ends the command.
	s, err = c.ExecStart(ctx, name, lxdapi.ExecRequest{Command: []string{"sleep", "30"}}, lxdapi.ExecStream{})
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	if _, err := s.Wait(short); err == nil {
		t.Fatal("sleep 30 finished within 200ms")
	}
	cancel()
	if err := s.Signal(9); err != nil {
		t.Fatal(err)
	}
	code, err = s.Wait(ctx)
	s.Close()
	if err != nil || code != 128+9 {
		t.Fatalf("killed sleep: code %d err %v, want 137", code, err)
	}
	if logs := execLogs(t, c, ctx, name); len(logs) != 0 {
		t.Fatalf("websocket exec left logs: %v", logs)
	}
}
