package rexxlxd_test

// Fleet benchmarks against the real daemon (issue: fleets cost what LXD
// allows). They make sandboxes ready three ways in the same run,
// alternating which way goes first, so all see the same load:
//
//	go test -run '^$' -bench Fleet -benchtime 5x .
//
// and report the median wall time of each way per batch (script-ms,
// rest-ms, lxc-ms) and script/rest. Removing the sandboxes is not timed.

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
	"github.com/rexxlxd/rexxlxd/parser"
)

// fleetBench holds what every way needs: a client, a started-once base
// and a counter for unique fleet prefixes.
type fleetBench struct {
	b     *testing.B
	c     *lxdapi.Client
	base  string
	profs []string
	n     int
}

func newFleetBench(b *testing.B) *fleetBench {
	c := lxdtest.Connect(b)
	fb := &fleetBench{b: b, c: c, base: lxdtest.Name(b, "rxfb")}
	lxdtest.Cleanup(b, c, fb.base)
	fb.script(fmt.Sprintf(`address lxd
"create name=%[1]s image=%[2]s start=true"
"execute name=%[1]s command=true"
"register_base name=%[1]s"
if rc <> 0 then exit 1`, fb.base, lxdtest.Image()))
	inst, err := c.GetInstance(context.Background(), fb.base)
	if err != nil {
		b.Fatal(err)
	}
	fb.profs = inst.Profiles
	return fb
}

// prefix returns a fresh fleet prefix whose n members are removed when
// the benchmark ends (and after each timed batch, by clear).
func (fb *fleetBench) prefix(n int) (string, []string) {
	fb.n++
	p := lxdtest.Name(fb.b, fmt.Sprintf("rxfl%d", fb.n))
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%s-%d", p, i+1)
		lxdtest.Cleanup(fb.b, fb.c, names[i])
	}
	return p, names
}

// clear removes a batch's instances, ten at a time.
func (fb *fleetBench) clear(names []string) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 10)
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := lxdtest.Remove(fb.c, n); err != nil {
				fb.b.Error(err)
			}
		}()
	}
	wg.Wait()
}

// script runs a REXX program with a fresh interpreter and fails the
// benchmark unless it ends with exit status 0.
func (fb *fleetBench) script(src string) {
	fb.b.Helper()
	prog, err := parser.Parse("fleet.rexx", src)
	if err != nil {
		fb.b.Fatal(err)
	}
	in, env := rexxlxd.New(rexxlxd.Options{})
	defer env.Close()
	in.Stdout = io.Discard
	in.Stderr = io.Discard
	res, err := in.Run(context.Background(), prog)
	if err != nil || (res != "" && res != "0") {
		fb.b.Fatalf("script: %v (exit %q)\n%s", err, res, src)
	}
}

// restPhases is the phase-parallel REST schedule: all copies at once,
// then all starts, then all execs.
func (fb *fleetBench) restPhases(names []string, start, execute bool) {
	ctx := context.Background()
	phase := func(f func(name string) error) {
		var wg sync.WaitGroup
		for _, n := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := f(n); err != nil {
					fb.b.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	wait := func(op *lxdapi.Operation, err error) error {
		if err != nil {
			return err
		}
		return op.Wait(ctx)
	}
	phase(func(n string) error {
		return wait(fb.c.CreateInstance(ctx, lxdapi.InstancesPost{Name: n, Profiles: fb.profs,
			Source: lxdapi.InstanceSource{Type: "copy", Source: fb.base, InstanceOnly: true}}))
	})
	if start {
		phase(func(n string) error { return wait(fb.c.StartInstance(ctx, n)) })
	}
	if execute {
		phase(func(n string) error {
			_, err := fb.c.Exec(ctx, n, lxdapi.ExecRequest{Command: []string{"true"}})
			return err
		})
	}
}

// lxcLoop is the shell way: lxc copy; lxc start; lxc exec, one sandbox
// after another.
func (fb *fleetBench) lxcLoop(names []string) {
	for _, n := range names {
		for _, args := range [][]string{
			{"copy", "--instance-only", fb.base, n}, {"start", n}, {"exec", n, "--", "true"},
		} {
			if out, err := exec.Command("lxc", args...).CombinedOutput(); err != nil {
				fb.b.Fatalf("lxc %s: %v: %s", strings.Join(args, " "), err, out)
			}
		}
	}
}

// way is one way of making a batch of sandboxes.
type way struct {
	name string
	run  func(prefix string, names []string)
}

// compare times the ways on batches of n, alternating their order, and
// reports each way's median in ms and the first way over the second.
func (fb *fleetBench) compare(n int, ways ...way) {
	times := make([][]time.Duration, len(ways))
	fb.b.ResetTimer()
	for i := 0; i < fb.b.N; i++ {
		for k := range ways {
			w := ways[(i+k)%len(ways)]
			idx := slices.IndexFunc(ways, func(x way) bool { return x.name == w.name })
			fb.b.StopTimer()
			p, names := fb.prefix(n)
			fb.b.StartTimer()
			t0 := time.Now()
			w.run(p, names)
			times[idx] = append(times[idx], time.Since(t0))
			fb.b.StopTimer()
			fb.clear(names)
			fb.b.StartTimer()
		}
	}
	fb.b.StopTimer()
	med := make([]float64, len(ways))
	for k, w := range ways {
		slices.Sort(times[k])
		med[k] = float64(times[k][len(times[k])/2].Microseconds()) / 1000
		fb.b.ReportMetric(med[k], w.name+"-ms")
	}
	fb.b.ReportMetric(med[0]/med[1], ways[0].name+"/"+ways[1].name)
}

// BenchmarkFleetReady: ten sandboxes made ready (cloned, started, an
// execute answered) by a REXX script (clone_from_base count=10
// start=true, then a fan-out execute), by the phase-parallel REST
// schedule, and by an lxc loop.
func BenchmarkFleetReady(b *testing.B) {
	fb := newFleetBench(b)
	if _, err := exec.LookPath("lxc"); err != nil {
		b.Skip("no lxc client")
	}
	fb.compare(10,
		way{"script", func(p string, _ []string) {
			fb.script(fmt.Sprintf(`address lxd
"clone_from_base base=%s name=%s count=10 start=true"
if rc <> 0 then exit 1
"execute name=%s-* command=true"
if rc <> 0 then exit 1`, fb.base, p, p))
		}},
		way{"rest", func(_ string, names []string) { fb.restPhases(names, true, true) }},
		way{"lxc", func(_ string, names []string) { fb.lxcLoop(names) }},
	)
}

// BenchmarkFleetClone50: fifty clones (no start) by clone_from_base
// count=50 against fifty REST copies issued at once.
func BenchmarkFleetClone50(b *testing.B) {
	fb := newFleetBench(b)
	fb.compare(50,
		way{"script", func(p string, _ []string) {
			fb.script(fmt.Sprintf(`address lxd
"clone_from_base base=%s name=%s count=50"
if rc <> 0 then exit 1`, fb.base, p))
		}},
		way{"rest", func(_ string, names []string) { fb.restPhases(names, false, false) }},
	)
}

// BenchmarkFleetParallel times clone_from_base count=10 start=true
// wait=ready at several parallel= bounds, to choose the default.
func BenchmarkFleetParallel(b *testing.B) {
	fb := newFleetBench(b)
	for _, k := range []int{2, 4, 6, 8, 10} {
		b.Run(fmt.Sprintf("parallel=%d", k), func(b *testing.B) {
			fb.b = b
			fb.compare(10,
				way{"script", func(p string, _ []string) {
					fb.script(fmt.Sprintf(`address lxd
"clone_from_base base=%s name=%s count=10 start=true wait=ready parallel=%d"
if rc <> 0 then exit 1`, fb.base, p, k))
				}},
				way{"rest", func(_ string, names []string) { fb.restPhases(names, true, true) }},
			)
		})
	}
}
