package lxdapi_test

// Benchmarks of single LXD operations through this client, against the real
// daemon: the "REST floors" the ADDRESS LXD environment is held to. Each
// iteration times one operation; preparing and removing instances happens
// with the timer stopped. BenchmarkLXCCopy times the lxc CLI doing the same
// copy, for comparison. Run with:
//
//	go test ./address/lxd/lxdapi -run '^$' -bench . -benchtime 20x

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// benchBase creates a stopped base instance that has been started once, so
// that its clones skip the first-start remapping of the root filesystem.
func benchBase(b *testing.B, c *lxdapi.Client, ctx context.Context) (string, []string) {
	b.Helper()
	base := create(b, c, ctx)
	op, err := c.StartInstance(ctx, base)
	wait(b, ctx, "start base", op, err)
	op, err = c.StopInstance(ctx, base, true, -1)
	wait(b, ctx, "stop base", op, err)
	inst, err := c.GetInstance(ctx, base)
	if err != nil {
		b.Fatal(err)
	}
	return base, inst.Profiles
}

// clone makes a stopped copy of base with the timer stopped.
func clone(b *testing.B, c *lxdapi.Client, ctx context.Context, base string, profiles []string) string {
	b.Helper()
	name := lxdtest.Name(b, "rxb")
	lxdtest.Cleanup(b, c, name)
	op, err := c.CreateInstance(ctx, lxdapi.InstancesPost{Name: name, Source: lxdapi.CopySource(base), Profiles: profiles})
	wait(b, ctx, "copy", op, err)
	return name
}

func remove(b *testing.B, c *lxdapi.Client, name string) {
	b.Helper()
	if err := lxdtest.Remove(c, name); err != nil {
		b.Fatal(err)
	}
}

func benchCtx(b *testing.B) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	b.Cleanup(cancel)
	return ctx
}

// BenchmarkCopyInstance times POST /1.0/instances with a copy source
// (instance_only) plus the wait: a copy-on-write clone on btrfs.
func BenchmarkCopyInstance(b *testing.B) {
	c := lxdtest.Connect(b)
	ctx := benchCtx(b)
	base, profiles := benchBase(b, c, ctx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		name := lxdtest.Name(b, "rxb")
		lxdtest.Cleanup(b, c, name)
		b.StartTimer()
		op, err := c.CreateInstance(ctx, lxdapi.InstancesPost{Name: name, Source: lxdapi.CopySource(base), Profiles: profiles})
		wait(b, ctx, "copy", op, err)
		b.StopTimer()
		remove(b, c, name)
		b.StartTimer()
	}
}

// BenchmarkLXCCopy times "lxc copy BASE NAME --instance-only", the CLI's
// version of BenchmarkCopyInstance.
func BenchmarkLXCCopy(b *testing.B) {
	c := lxdtest.Connect(b)
	lxc, err := exec.LookPath("lxc")
	if err != nil {
		b.Skip("no lxc command")
	}
	ctx := benchCtx(b)
	base, _ := benchBase(b, c, ctx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		name := lxdtest.Name(b, "rxb")
		lxdtest.Cleanup(b, c, name)
		b.StartTimer()
		if out, err := exec.CommandContext(ctx, lxc, "copy", base, name, "--instance-only").CombinedOutput(); err != nil {
			b.Fatalf("lxc copy: %v: %s", err, out)
		}
		b.StopTimer()
		remove(b, c, name)
		b.StartTimer()
	}
}

// BenchmarkCreate times creating a stopped instance from the local test
// image.
func BenchmarkCreate(b *testing.B) {
	c := lxdtest.Connect(b)
	ctx := benchCtx(b)
	// The first create from an image unpacks it into the pool; time the
	// steady state.
	remove(b, c, create(b, c, ctx))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		name := lxdtest.Name(b, "rxb")
		lxdtest.Cleanup(b, c, name)
		b.StartTimer()
		op, err := c.CreateInstance(ctx, lxdapi.InstancesPost{Name: name, Source: lxdapi.ImageSource(lxdtest.Image())})
		wait(b, ctx, "create", op, err)
		b.StopTimer()
		remove(b, c, name)
		b.StartTimer()
	}
}

// BenchmarkStart times starting a stopped clone.
func BenchmarkStart(b *testing.B) {
	c := lxdtest.Connect(b)
	ctx := benchCtx(b)
	base, profiles := benchBase(b, c, ctx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		name := clone(b, c, ctx, base, profiles)
		b.StartTimer()
		op, err := c.StartInstance(ctx, name)
		wait(b, ctx, "start", op, err)
		b.StopTimer()
		remove(b, c, name)
		b.StartTimer()
	}
}

// BenchmarkExec times running "echo hi" in a running instance and
// collecting its output: Exec, i.e. the websocket exec (the POST, four
// websocket connections, the output and the operation's end). See
// BenchmarkExecModes for it against record-output mode.
func BenchmarkExec(b *testing.B) {
	c := lxdtest.Connect(b)
	ctx := benchCtx(b)
	name := create(b, c, ctx)
	op, err := c.StartInstance(ctx, name)
	wait(b, ctx, "start", op, err)
	req := lxdapi.ExecRequest{Command: []string{"echo", "hi"}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := c.Exec(ctx, name, req)
		if err != nil || res.ExitCode != 0 || string(res.Stdout) != "hi\n" {
			b.Fatalf("exec: %v %+v", err, res)
		}
	}
}

// BenchmarkStop times stopping a running clone: "clean" asks its init to
// shut down (SIGPWR), "force" kills it.
func BenchmarkStop(b *testing.B) {
	c := lxdtest.Connect(b)
	ctx := benchCtx(b)
	base, profiles := benchBase(b, c, ctx)
	for _, force := range []bool{false, true} {
		label := "clean"
		if force {
			label = "force"
		}
		b.Run(label, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				name := clone(b, c, ctx, base, profiles)
				op, err := c.StartInstance(ctx, name)
				wait(b, ctx, "start", op, err)
				lxdtest.WaitInit(b, c, name)
				b.StartTimer()
				op, err = c.StopInstance(ctx, name, force, 30)
				wait(b, ctx, "stop", op, err)
				b.StopTimer()
				remove(b, c, name)
				b.StartTimer()
			}
		})
	}
}

// BenchmarkDelete times deleting a stopped clone.
func BenchmarkDelete(b *testing.B) {
	c := lxdtest.Connect(b)
	ctx := benchCtx(b)
	base, profiles := benchBase(b, c, ctx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		name := clone(b, c, ctx, base, profiles)
		b.StartTimer()
		op, err := c.DeleteInstance(ctx, name)
		wait(b, ctx, "delete", op, err)
	}
}
