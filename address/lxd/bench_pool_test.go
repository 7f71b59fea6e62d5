package lxd

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// debianImage is the systemd guest of scripts/systemd-image.sh.
const debianImage = "rexxlxd-debian"

// BenchmarkPool times what a warm pool saves, side by side in one loop on
// one base, alternating which goes first so both see the same load:
//
//   - acquire8: acquire pool=P count=8 from a full pool of 8, against
//     clone8: clone_from_base count=8 start=true wait=ready;
//   - acquire1: one acquire, against clone1: one clone_from_base
//     start=true wait=ready.
//
// It reports the medians (ms) and the ratios acquire8/clone8 (target at
// most 0.05) and acquire1/clone1 (target at most 0.1), and load1, the
// host's one-minute load average at the end. Between the timed commands,
// with the timer stopped, the acquired members are released, the refill
// is waited for (Env.Close) and the clones are deleted, so each timed
// command finds the pool full and the daemon idle of our own work.
//
// busybox runs on the test image; debian on the systemd guest that
// scripts/systemd-image.sh imports (skipped when it is absent):
//
//	go test ./address/lxd -run '^$' -bench 'Pool/busybox' -benchtime 5x
//	go test ./address/lxd -run '^$' -bench 'Pool/debian' -benchtime 3x
func BenchmarkPool(b *testing.B) {
	for _, image := range []string{lxdtest.Image(), debianImage} {
		name := strings.TrimPrefix(image, "rexxlxd-")
		b.Run(name, func(b *testing.B) { benchPool(b, image) })
	}
}

func benchPool(b *testing.B, image string) {
	// The test's patience with a daemon that other work keeps busy (one
	// run here lost a request the daemon had not answered in the
	// default 30 s, at load 19).
	c := lxdtest.Connect(b)
	env := New(Config{ResponseTimeout: lxdtest.SlowDaemon})
	b.Cleanup(env.Close)
	ctx := context.Background()
	if _, err := c.GetImageAlias(ctx, image); err != nil {
		if lxdapi.IsNotFound(err) {
			b.Skipf("no image %s: run scripts/systemd-image.sh (debian) or scripts/lxd-setup.sh (busybox)", image)
		}
		b.Fatal(err)
	}
	// A base started once, so clones skip the first start's remapping;
	// its init is up before it is stopped.
	base := newName(b, c, "rxpbb")
	benchRun(b, env, fmt.Sprintf("create name=%s image=%s start=true", base, image))
	benchRun(b, env, "wait name="+base+" for=ready")
	benchRun(b, env, "register_base name="+base)
	pool := lxdtest.Name(b, "rxpbp")
	b.Cleanup(func() {
		env.Close()
		names, _ := c.ListInstanceNames(context.Background())
		for _, n := range names {
			if memberPattern(pool).MatchString(n) {
				_ = lxdtest.Remove(c, n)
			}
		}
		if l, err := readClaims(context.Background(), c, pool); err == nil {
			for m := range l.claims {
				_ = c.DeleteProfile(context.Background(), claimNameIn(c, m))
			}
		}
	})
	benchRun(b, env, fmt.Sprintf("pool name=%s base=%s size=8", pool, base))

	times := map[string][]time.Duration{}
	// acquire runs acquire (count= unless 1) timed, then releases what
	// it got and waits for the refill.
	acquire := func(count int) {
		cmd := "acquire pool=" + pool
		key := "acquire1"
		if count > 1 {
			cmd += " count=" + strconv.Itoa(count)
			key = "acquire8"
		}
		b.StartTimer()
		t0 := time.Now()
		rc, vars := run(b, env, cmd)
		d := time.Since(t0)
		b.StopTimer()
		if rc != 0 {
			b.Fatalf("%q: RC %d: %s", cmd, rc, vars["RESULT.OUTPUT"])
		}
		warm, _ := strconv.Atoi(vars["RESULT.WARM"])
		if warm != count {
			b.Fatalf("%q: %d warm of %d: the pool was not full", cmd, warm, count)
		}
		times[key] = append(times[key], d)
		var names []string
		if count == 1 {
			names = []string{vars["RESULT.NAME"]}
		} else {
			for i := 1; i <= count; i++ {
				names = append(names, vars[fmt.Sprintf("RESULT.%d.NAME", i)])
			}
		}
		benchRun(b, env, "release name="+strings.Join(names, ","))
		env.Close() // the refill
		benchRun(b, env, fmt.Sprintf("pool name=%s size=8", pool))
	}
	// clone makes count started, ready clones timed, then deletes them.
	clone := func(count int) {
		prefix := lxdtest.Name(b, "rxpbc")
		cmd := fmt.Sprintf("clone_from_base base=%s name=%s start=true wait=ready", base, prefix)
		key := "clone1"
		if count > 1 {
			cmd += " count=" + strconv.Itoa(count)
			key = "clone8"
			for i := 1; i <= count; i++ {
				lxdtest.Cleanup(b, c, fmt.Sprintf("%s-%d", prefix, i))
			}
		} else {
			lxdtest.Cleanup(b, c, prefix)
		}
		b.StartTimer()
		times[key] = append(times[key], timed(b, env, cmd))
		b.StopTimer()
		if count > 1 {
			benchRun(b, env, "delete name="+prefix+"-*")
		} else {
			benchRun(b, env, "delete name="+prefix)
		}
	}
	b.StopTimer()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			acquire(8)
			clone(8)
			acquire(1)
			clone(1)
		} else {
			clone(8)
			acquire(8)
			clone(1)
			acquire(1)
		}
	}
	reportMedians(b, times)
	b.ReportMetric(float64(median(times["acquire8"]))/float64(median(times["clone8"])), "acquire8/clone8")
	b.ReportMetric(float64(median(times["acquire1"]))/float64(median(times["clone1"])), "acquire1/clone1")
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(la)); len(f) > 0 {
			if load, err := strconv.ParseFloat(f[0], 64); err == nil {
				b.ReportMetric(load, "load1")
			}
		}
	}
}
