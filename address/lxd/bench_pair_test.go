package lxd

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// BenchmarkVsREST times each command through Env.Run and the same work as
// raw lxdapi calls in the same loop, alternating which goes first, so both
// see the same load on a shared machine. It reports the medians rest-ms
// and env-ms (medians, since a busy machine adds outliers that swamp a
// mean) and their ratio env/rest (the 10% budget is a ratio up to 1.10);
// ns/op is the mean of both together.
func BenchmarkVsREST(b *testing.B) {
	env, c := benchEnv(b)
	ctx := context.Background()
	image := lxdtest.Image()
	base := benchBase(b, env, c)
	profiles := getInstance(b, c, base).Profiles
	rawWait := func(op *lxdapi.Operation, err error) {
		b.Helper()
		if err == nil {
			err = op.Wait(ctx)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	clone := func() string { return benchClone(b, env, c, base) }
	running := func() string {
		name := clone()
		benchRun(b, env, "start name="+name)
		return name
	}
	execTarget := running()

	type pair struct {
		name    string
		prepare func() string // a fresh target, made with the timer stopped
		rest    func(target string)
		env     func(target string) string // the command
	}
	pairs := []pair{
		{"clone_from_base", func() string { return newName(b, c, "rxb") },
			func(n string) {
				rawWait(c.CreateInstance(ctx, lxdapi.InstancesPost{Name: n, Source: lxdapi.CopySource(base), Profiles: profiles}))
			},
			func(n string) string { return fmt.Sprintf("clone_from_base base=%s name=%s", base, n) }},
		{"create", func() string { return newName(b, c, "rxb") },
			func(n string) {
				rawWait(c.CreateInstance(ctx, lxdapi.InstancesPost{Name: n, Source: lxdapi.ImageSource(image)}))
			},
			func(n string) string { return fmt.Sprintf("create name=%s image=%s", n, image) }},
		{"start", clone,
			func(n string) { rawWait(c.StartInstance(ctx, n)) },
			func(n string) string { return "start name=" + n }},
		{"execute", func() string { return execTarget },
			func(n string) {
				if _, err := c.Exec(ctx, n, lxdapi.ExecRequest{Command: []string{"/bin/sh", "-c", "echo hi"}}); err != nil {
					b.Fatal(err)
				}
			},
			func(n string) string { return "execute name=" + n + " command='echo hi'" }},
		{"stop-force", running,
			func(n string) { rawWait(c.StopInstance(ctx, n, true, -1)) },
			func(n string) string { return "stop force=true name=" + n }},
		{"delete", clone,
			func(n string) { rawWait(c.DeleteInstance(ctx, n)) },
			func(n string) string { return "delete name=" + n }},
	}
	for _, p := range pairs {
		b.Run(p.name, func(b *testing.B) {
			var restTimes, envTimes []time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				t1, t2 := p.prepare(), p.prepare()
				cmd := p.env(t2)
				b.StartTimer()
				timeRest := func() { s := time.Now(); p.rest(t1); restTimes = append(restTimes, time.Since(s)) }
				timeEnv := func() { s := time.Now(); benchRun(b, env, cmd); envTimes = append(envTimes, time.Since(s)) }
				if i%2 == 0 {
					timeRest()
					timeEnv()
				} else {
					timeEnv()
					timeRest()
				}
				b.StopTimer()
				if t1 != execTarget {
					benchRemove(b, c, t1)
					benchRemove(b, c, t2)
				}
				b.StartTimer()
			}
			rest, envMedian := median(restTimes), median(envTimes)
			b.ReportMetric(float64(rest.Microseconds())/1000, "rest-ms")
			b.ReportMetric(float64(envMedian.Microseconds())/1000, "env-ms")
			b.ReportMetric(float64(envMedian)/float64(rest), "env/rest")
		})
	}
}

// median returns the middle of ds (sorting it).
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}
