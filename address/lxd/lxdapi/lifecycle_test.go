package lxdapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// testCtx bounds one test's calls to the daemon.
func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// wait fails the test if starting or waiting for an operation failed.
func wait(t testing.TB, ctx context.Context, what string, op *lxdapi.Operation, err error) {
	t.Helper()
	if err == nil {
		err = op.Wait(ctx)
	}
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// create makes a stopped instance from the test image, removed at cleanup.
func create(t testing.TB, c *lxdapi.Client, ctx context.Context) string {
	t.Helper()
	name := lxdtest.Name(t, "rxt")
	lxdtest.Cleanup(t, c, name)
	op, err := c.CreateInstance(ctx, lxdapi.InstancesPost{Name: name, Source: lxdapi.ImageSource(lxdtest.Image())})
	wait(t, ctx, "create "+name, op, err)
	return name
}

func status(t testing.TB, c *lxdapi.Client, ctx context.Context, name string) string {
	t.Helper()
	inst, err := c.GetInstance(ctx, name)
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	return inst.Status
}

func TestLifecycle(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)

	base := create(t, c, ctx)
	inst, err := c.GetInstance(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	if inst.Name != base || inst.Status != "Stopped" || inst.StatusCode != lxdapi.StatusStopped {
		t.Fatalf("new instance: name %q status %q (%d), want %q Stopped", inst.Name, inst.Status, inst.StatusCode, base)
	}
	if inst.ETag == "" {
		t.Error("GetInstance returned no ETag")
	}
	if got := inst.ExpandedDevices["root"]["pool"]; got != lxdtest.Pool() {
		t.Errorf("root disk pool %q, want %q", got, lxdtest.Pool())
	}

	// A copy of the stopped base, without snapshots (a btrfs snapshot).
	clone := lxdtest.Name(t, "rxt")
	lxdtest.Cleanup(t, c, clone)
	op, err := c.CopyInstance(ctx, base, clone)
	wait(t, ctx, "copy", op, err)
	if s := status(t, c, ctx, clone); s != "Stopped" {
		t.Fatalf("clone status %q, want Stopped", s)
	}

	op, err = c.StartInstance(ctx, clone)
	wait(t, ctx, "start", op, err)
	st, err := c.GetInstanceState(ctx, clone)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != "Running" || st.Pid <= 0 {
		t.Fatalf("state after start: %q pid %d", st.Status, st.Pid)
	}

	// The full listing carries the state; the plain one does not.
	full, err := c.ListInstancesFull(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, in := range full {
		if in.Name == clone {
			found = true
			if in.State == nil || in.State.Status != "Running" {
				t.Errorf("ListInstancesFull: %s state %+v", clone, in.State)
			}
		}
	}
	if !found {
		t.Errorf("ListInstancesFull lacks %s", clone)
	}
	plain, err := c.ListInstances(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range plain {
		if in.State != nil {
			t.Errorf("ListInstances: %s has state", in.Name)
		}
	}

	// A clean stop: the image's init exits on SIGPWR.
	lxdtest.WaitInit(t, c, clone)
	op, err = c.StopInstance(ctx, clone, false, 30)
	wait(t, ctx, "stop", op, err)
	if s := status(t, c, ctx, clone); s != "Stopped" {
		t.Fatalf("after stop: %q", s)
	}

	// Start again and force-stop.
	op, err = c.StartInstance(ctx, clone)
	wait(t, ctx, "second start", op, err)
	op, err = c.StopInstance(ctx, clone, true, -1)
	wait(t, ctx, "force stop", op, err)
	if s := status(t, c, ctx, clone); s != "Stopped" {
		t.Fatalf("after force stop: %q", s)
	}

	op, err = c.DeleteInstance(ctx, clone)
	wait(t, ctx, "delete", op, err)
	if _, err := c.GetInstance(ctx, clone); !lxdapi.IsNotFound(err) {
		t.Fatalf("get after delete: %v, want not found", err)
	}
}

func TestExec(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)
	name := create(t, c, ctx)
	op, err := c.StartInstance(ctx, name)
	wait(t, ctx, "start", op, err)

	res, err := c.Exec(ctx, name, lxdapi.ExecRequest{
		Command:     []string{"sh", "-c", `echo "out $GREETING"; echo "err $(pwd) $(id -u)" >&2; exit 3`},
		Environment: map[string]string{"GREETING": "hello world"},
		Cwd:         "/tmp",
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 3 || string(res.Stdout) != "out hello world\n" || string(res.Stderr) != "err /tmp 0\n" {
		t.Fatalf("exec: exit %d stdout %q stderr %q", res.ExitCode, res.Stdout, res.Stderr)
	}

	res, err = c.Exec(ctx, name, lxdapi.ExecRequest{Command: []string{"id", "-u"}, User: 65534, Group: 65534})
	if err != nil || res.ExitCode != 0 || string(res.Stdout) != "65534\n" {
		t.Fatalf("exec as 65534: %v, %+v", err, res)
	}

	// Binary-safe, larger output.
	res, err = c.Exec(ctx, name, lxdapi.ExecRequest{Command: []string{"sh", "-c", "seq 1 100000"}})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(res.Stdout), "\n"), "\n")
	if len(lines) != 100000 || lines[99999] != "100000" {
		t.Fatalf("seq: %d lines, last %q", len(lines), lines[len(lines)-1])
	}

	// A missing program: LXD fails the operation and reports 127.
	res, err = c.Exec(ctx, name, lxdapi.ExecRequest{Command: []string{"/no/such/program"}})
	if err == nil || res == nil || res.ExitCode != 127 {
		t.Fatalf("missing program: err %v result %+v, want an error and exit 127", err, res)
	}
	if !strings.Contains(err.Error(), "not found") {
		t.Errorf("missing program error %q lacks LXD's text", err)
	}

	// Every exec above deleted its output logs.
	logs := execLogs(t, c, ctx, name)
	if len(logs) != 0 {
		t.Fatalf("exec logs left behind: %v", logs)
	}
}

// execLogs lists the instance's exec_* log files through the API.
func execLogs(t testing.TB, c *lxdapi.Client, ctx context.Context, name string) []string {
	t.Helper()
	files, err := c.ListInstanceLogs(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if strings.HasPrefix(f, "exec_") {
			out = append(out, f)
		}
	}
	return out
}
