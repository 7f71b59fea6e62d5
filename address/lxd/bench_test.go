package lxd

// Benchmarks of single commands through Env.Run against the real daemon,
// to be read next to lxdapi's REST floors in the same run:
//
//	go test ./address/lxd/ ./address/lxd/lxdapi/ -run '^$' -bench . -benchtime 20x
//
// Each iteration times one command; preparing and removing instances
// happens with the timer stopped, as in lxdapi's benchmarks.

import (
	"fmt"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// benchRun runs cmd and stops the benchmark unless RC is 0.
func benchRun(b *testing.B, env *Env, cmd string) {
	b.Helper()
	if rc, vars := run(b, env, cmd); rc != 0 {
		b.Fatalf("%q: RC %d: %s", cmd, rc, vars["RESULT.OUTPUT"])
	}
}

// benchEnv connects (or skips) and returns an Env and a client for
// cleanup.
func benchEnv(b *testing.B) (*Env, *lxdapi.Client) {
	c := lxdtest.Connect(b)
	env := New(Config{})
	b.Cleanup(env.Close)
	return env, c
}

// benchBase registers a base that has been started once, so that its
// clones skip the first-start remapping of the root filesystem (as
// lxdapi's benchBase does).
func benchBase(b *testing.B, env *Env, c *lxdapi.Client) string {
	b.Helper()
	base := newName(b, c, "rxb")
	benchRun(b, env, fmt.Sprintf("create name=%s image=%s start=true", base, lxdtest.Image()))
	benchRun(b, env, "execute command=true name="+base) // its init is up and handles SIGPWR
	benchRun(b, env, "register_base name="+base)
	return base
}

// benchClone makes a stopped clone of base, registered for cleanup.
func benchClone(b *testing.B, env *Env, c *lxdapi.Client, base string) string {
	b.Helper()
	name := newName(b, c, "rxb")
	benchRun(b, env, fmt.Sprintf("clone_from_base base=%s name=%s", base, name))
	return name
}

func benchRemove(b *testing.B, c *lxdapi.Client, name string) {
	b.Helper()
	if err := lxdtest.Remove(c, name); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCloneFromBase times "clone_from_base": a GET of the base (to
// check it is one) and the instance_only copy. Floor: lxdapi's
// BenchmarkCopyInstance.
func BenchmarkCloneFromBase(b *testing.B) {
	env, c := benchEnv(b)
	base := benchBase(b, env, c)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		name := newName(b, c, "rxb")
		cmd := fmt.Sprintf("clone_from_base base=%s name=%s", base, name)
		b.StartTimer()
		benchRun(b, env, cmd)
		b.StopTimer()
		benchRemove(b, c, name)
		b.StartTimer()
	}
}

// BenchmarkCreate times "create" of a stopped instance from the local test
// image. Floor: lxdapi's BenchmarkCreate.
func BenchmarkCreate(b *testing.B) {
	env, c := benchEnv(b)
	// The first create from an image unpacks it into the pool; time the
	// steady state.
	first := newName(b, c, "rxb")
	benchRun(b, env, fmt.Sprintf("create name=%s image=%s", first, lxdtest.Image()))
	benchRemove(b, c, first)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		name := newName(b, c, "rxb")
		cmd := fmt.Sprintf("create name=%s image=%s", name, lxdtest.Image())
		b.StartTimer()
		benchRun(b, env, cmd)
		b.StopTimer()
		benchRemove(b, c, name)
		b.StartTimer()
	}
}

// BenchmarkStart times "start" of a stopped clone. Floor: lxdapi's
// BenchmarkStart.
func BenchmarkStart(b *testing.B) {
	env, c := benchEnv(b)
	base := benchBase(b, env, c)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		name := benchClone(b, env, c, base)
		b.StartTimer()
		benchRun(b, env, "start name="+name)
		b.StopTimer()
		benchRemove(b, c, name)
		b.StartTimer()
	}
}

// BenchmarkExecute times "execute" of echo hi in a running instance,
// output collected. Floor: lxdapi's BenchmarkExec (which runs echo
// directly; execute adds /bin/sh -c in the guest).
func BenchmarkExecute(b *testing.B) {
	env, c := benchEnv(b)
	name := newName(b, c, "rxb")
	benchRun(b, env, fmt.Sprintf("create name=%s image=%s start=true", name, lxdtest.Image()))
	cmd := "execute name=" + name + " command='echo hi'"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchRun(b, env, cmd)
	}
}

// BenchmarkExecuteOutput measures what "execute" allocates for a command
// that prints a lot: 4 MB and 40 MB, with the default 1 MiB cap per
// stream. Read B/op: it stays at the cap's few MiB, whatever is printed.
func BenchmarkExecuteOutput(b *testing.B) {
	env, c := benchEnv(b)
	name := newName(b, c, "rxb")
	benchRun(b, env, fmt.Sprintf("create name=%s image=%s start=true", name, lxdtest.Image()))
	for _, mb := range []int{4, 40} {
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			cmd := fmt.Sprintf("execute name=%s command='head -c %d000000 /dev/zero'", name, mb)
			b.ReportAllocs()
			b.SetBytes(int64(mb) * 1e6)
			for i := 0; i < b.N; i++ {
				benchRun(b, env, cmd)
			}
		})
	}
}

// BenchmarkStop times "stop" of a running clone, clean and with
// force=true. Floor: lxdapi's BenchmarkStop.
func BenchmarkStop(b *testing.B) {
	env, c := benchEnv(b)
	base := benchBase(b, env, c)
	for _, force := range []bool{false, true} {
		label, cmd := "clean", "stop timeout=30 name="
		if force {
			label, cmd = "force", "stop force=true name="
		}
		b.Run(label, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				name := benchClone(b, env, c, base)
				benchRun(b, env, "start name="+name)
				// A clean stop needs the guest's init to handle
				// SIGPWR; an exec returns once the guest runs
				// commands, by when the busybox init has set its trap.
				benchRun(b, env, "execute command=true name="+name)
				b.StartTimer()
				benchRun(b, env, cmd+name)
				b.StopTimer()
				benchRemove(b, c, name)
				b.StartTimer()
			}
		})
	}
}

// BenchmarkDelete times "delete" of a stopped clone. Floor: lxdapi's
// BenchmarkDelete.
func BenchmarkDelete(b *testing.B) {
	env, c := benchEnv(b)
	base := benchBase(b, env, c)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		name := benchClone(b, env, c, base)
		b.StartTimer()
		benchRun(b, env, "delete name="+name)
	}
}
