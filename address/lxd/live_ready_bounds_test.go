package lxd

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// heapGrowth runs f and returns how far the Go heap grew above where it
// was before, at its highest while f ran (sampled every 10 ms). It
// measures what rexxlxd keeps of a guest's output, not how fast anything
// is.
func heapGrowth(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapAlloc)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	if peak < base {
		return 0
	}
	return peak - base
}

// maxHeapGrowth is how much the heap may grow while a hostile guest
// floods a command of rexxlxd's own: a few buffers, never the flood.
const maxHeapGrowth = 32 << 20

// floodTrue makes `true` on the guest's PATH (in /usr/local/sbin, first
// on LXD's PATH) an endless writer, as a hostile guest would.
const floodTrue = `mkdir -p /usr/local/sbin && printf '#!/bin/busybox sh\nexec /bin/busybox cat /dev/zero\n' > /usr/local/sbin/true && chmod 755 /usr/local/sbin/true`

// floodShell replaces the guest's /bin/sh with one that floods stdout for
// every `sh -c ...` (what every exec of rexxlxd's runs) and behaves as sh
// otherwise, so the guest's init (a #!/bin/sh script) still starts and
// stops.
const floodShell = `printf '#!/bin/busybox sh\n[ "$1" = -c ] && exec /bin/busybox cat /dev/zero\nexec /bin/busybox sh "$@"\n' > /bin/sh.new && chmod 755 /bin/sh.new && mv /bin/sh.new /bin/sh`

// quotedValue is s as a quoted ADDRESS LXD value: its quotes doubled.
func quotedValue(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// checkHostile runs cmd, wants RC 1 with all of want in OUTPUT, within
// limit, and the heap bounded while it ran.
func checkHostile(t *testing.T, env *Env, cmd string, limit time.Duration, want ...string) mapVars {
	return checkHostileRC(t, env, cmd, RCError, limit, want...)
}

// checkHostileRC is checkHostile for an RC other than 1.
func checkHostileRC(t *testing.T, env *Env, cmd string, wantRC int, limit time.Duration, want ...string) mapVars {
	t.Helper()
	var rc int
	var vars mapVars
	start := time.Now()
	grew := heapGrowth(func() { rc, vars = run(t, env, cmd) })
	took := time.Since(start)
	t.Logf("%q: RC %d in %v, heap grew %d MB: %s", cmd, rc, took.Round(time.Millisecond), grew>>20, vars["RESULT.OUTPUT"])
	if rc != wantRC {
		t.Errorf("%q: RC %d, want %d", cmd, rc, wantRC)
	}
	for _, w := range want {
		if !strings.Contains(vars["RESULT.OUTPUT"], w) {
			t.Errorf("%q: OUTPUT %q lacks %q", cmd, vars["RESULT.OUTPUT"], w)
		}
	}
	if grew > maxHeapGrowth {
		t.Errorf("%q: the heap grew by %d MB while the guest flooded, want at most %d MB", cmd, grew>>20, maxHeapGrowth>>20)
	}
	if took > limit {
		t.Errorf("%q took %v, want at most %v", cmd, took, limit)
	}
	return vars
}

// TestLiveReadyProbeHostileGuest: the readiness probe of wait for=ready
// and start wait=ready is run by absolute path (a `true` the guest put
// first on PATH is not what runs), keeps none of the guest's output in
// memory, and every readiness wait has a bound of its own, timeout=,
// ending in RC 1 that says what the last probe saw (issue 18, item 2).
func TestLiveReadyProbeHostileGuest(t *testing.T) {
	env, _, name := runningInstance(t)

	// `true` on PATH floods: the probe does not use it.
	mustRun(t, env, "execute name="+name+" command="+quotedValue(floodTrue))
	var rc int
	var vars mapVars
	grew := heapGrowth(func() { rc, vars = run(t, env, "wait name="+name+" for=ready timeout=3") })
	if rc != 0 || grew > maxHeapGrowth {
		t.Errorf("wait for=ready with a flooding true on PATH: RC %d (%s), heap grew %d MB; want RC 0, a bounded heap",
			rc, vars["RESULT.OUTPUT"], grew>>20)
	}

	// The absolute path floods too (the guest owns its binaries): the
	// output is dropped and the wait ends at its timeout with RC 1.
	mustRun(t, env, "execute name="+name+" command="+quotedValue(floodShell))
	checkHostile(t, env, "wait name="+name+" for=ready timeout=3", 10*time.Second,
		"was not ready within 3 seconds", "bytes")
	checkHostile(t, env, "start name="+name+" wait=ready ensure=true timeout=2", 10*time.Second,
		"did not answer within 2 seconds", "bytes")
	mustRun(t, env, "stop name="+name+" force=true")
	vars = checkHostile(t, env, "start name="+name+" wait=ready timeout=2", 10*time.Second,
		"started "+name, "did not answer within 2 seconds", "bytes")
	wantFields(t, "start", vars, map[string]string{"STATUS": "Running"})

	// timeout= is the ready wait's: without wait=ready it is a usage error.
	wantError(t, env, "start name="+name+" timeout=2", RCUsage, "timeout= needs wait=ready", "")
}

// TestLiveCloneReadyHostileGuest: clone_from_base wait=ready, one clone
// or a count= fleet, of a base whose /bin/sh floods ends at its timeout=
// with RC 1, deletes the clones it made, and keeps none of the flood in
// memory (issue 18, item 2).
func TestLiveCloneReadyHostileGuest(t *testing.T) {
	env, c := liveEnv(t)
	base := newName(t, c, "rxrb")
	clone := newName(t, c, "rxrc")
	for i := 1; i <= 2; i++ {
		lxdtest.Cleanup(t, c, fmt.Sprintf("%s-%d", clone, i))
	}
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s prepare=%s", base, lxdtest.Image(), quotedValue(floodShell)))

	checkHostile(t, env, fmt.Sprintf("clone_from_base base=%s name=%s start=true wait=ready timeout=2", base, clone),
		15*time.Second, "did not answer within 2 seconds", "deleted it again")
	if exists(t, c, clone) {
		t.Errorf("%s is left behind after its ready wait timed out", clone)
	}
	var rc int
	var vars mapVars
	grew := heapGrowth(func() {
		rc, vars = run(t, env, fmt.Sprintf("clone_from_base base=%s name=%s count=2 start=true wait=ready timeout=2", base, clone))
	})
	if rc != RCError || vars["RESULT.SUCCEEDED"] != "0" || grew > maxHeapGrowth {
		t.Errorf("fleet: RC %d, SUCCEEDED %q, heap grew %d MB; want RC 1, 0, bounded: %s",
			rc, vars["RESULT.SUCCEEDED"], grew>>20, vars["RESULT.OUTPUT"])
	}
	for i := 1; i <= 2; i++ {
		if e := vars[fmt.Sprintf("RESULT.%d.ERROR", i)]; !strings.Contains(e, "did not answer within 2 seconds") {
			t.Errorf("fleet member %d: ERROR %q", i, e)
		}
		if n := fmt.Sprintf("%s-%d", clone, i); exists(t, c, n) {
			t.Errorf("%s is left behind after its ready wait timed out", n)
		}
	}
}
