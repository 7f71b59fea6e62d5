package lxd

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestLiveExecTimeoutKillHostileGuest: the kill that execute runs after a
// timeout= is a command of rexxlxd's own in the guest, through the
// guest's /bin/sh. A guest whose /bin/sh floods makes that kill print
// without end; its output is dropped and it is bounded in time, so the
// heap stays flat and execute still ends with RC 124 (issue 18, item 3).
func TestLiveExecTimeoutKillHostileGuest(t *testing.T) {
	env, _, name := runningInstance(t)
	mustRun(t, env, "execute name="+name+" command="+quotedValue(floodShell))

	cmd := "execute name=" + name + " command=true timeout=1 maxoutput=64KiB"
	vars := checkHostileRC(t, env, cmd, RCExecTimeout, killWait+5*time.Second)
	wantFields(t, cmd, vars, map[string]string{"TRUNCATED": "1"})
	if n := len(vars["RESULT.STDOUT"]); n != 64<<10 {
		t.Errorf("%q: STDOUT holds %d bytes, want the 64 KiB of maxoutput=", cmd, n)
	}
}

// TestLiveExecOutputCapUnderFlood: maxoutput= holds for stdout and stderr
// flooded at once: each keeps exactly its cap, the byte counts are the
// whole, and the heap grows by about the caps, not by the 2 x 20 MB the
// command printed (issue 18, item 3).
func TestLiveExecOutputCapUnderFlood(t *testing.T) {
	env, _, name := runningInstance(t)
	const each = 20_000_000
	for _, cap := range []int{64 << 10, DefaultMaxOutput} {
		cmd := fmt.Sprintf("execute name=%s command='head -c %d /dev/zero & head -c %d /dev/zero >&2; wait'", name, each, each)
		if cap != DefaultMaxOutput {
			cmd += fmt.Sprintf(" maxoutput=%d", cap)
		}
		var rc int
		var vars mapVars
		grew := heapGrowth(func() { rc, vars = run(t, env, cmd) })
		t.Logf("maxoutput %d: RC %d, heap grew %d MB", cap, rc, grew>>20)
		if rc != 0 {
			t.Fatalf("%q: RC %d: %s", cmd, rc, vars["RESULT.OUTPUT"])
		}
		wantFields(t, cmd, vars, map[string]string{"TRUNCATED": "1",
			"STDOUTBYTES": strconv.Itoa(each), "STDERRBYTES": strconv.Itoa(each)})
		if len(vars["RESULT.STDOUT"]) != cap || len(vars["RESULT.STDERR"]) != cap {
			t.Errorf("%q: STDOUT %d and STDERR %d bytes, want %d each", cmd, len(vars["RESULT.STDOUT"]), len(vars["RESULT.STDERR"]), cap)
		}
		if limit := uint64(16<<20 + 8*cap); grew > limit {
			t.Errorf("%q: the heap grew by %d MB, want at most %d MB", cmd, grew>>20, limit>>20)
		}
	}
}

// TestLivePrepareOutputCapped: the output of register_base's prepare=
// command, run in an image that may not be the script's own, is kept up
// to execute's default cap (1 MiB a stream), not whole (issue 18, item 3).
func TestLivePrepareOutputCapped(t *testing.T) {
	env, c := liveEnv(t)
	base := newName(t, c, "rxpb")
	cmd := fmt.Sprintf("register_base name=%s image=%s prepare='head -c 200000000 /dev/zero'", base, lxdtest.Image())
	var vars mapVars
	grew := heapGrowth(func() { vars = mustRun(t, env, cmd) })
	t.Logf("prepare printing 200 MB: heap grew %d MB", grew>>20)
	if n := len(vars["RESULT.STDOUT"]); n != DefaultMaxOutput {
		t.Errorf("prepare: STDOUT holds %d bytes, want %d", n, DefaultMaxOutput)
	}
	wantFields(t, cmd, vars, map[string]string{"TRUNCATED": "1", "STDOUTBYTES": "200000000"})
	if grew > maxHeapGrowth {
		t.Errorf("prepare: the heap grew by %d MB, want at most %d MB", grew>>20, maxHeapGrowth>>20)
	}
}
