package lxd

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// reportRows is a HALT handler that prints the interrupted fleet's list
// result, one "ROW name|state|status|success|error" line per instance,
// then its OUTPUT, and exits 9.
const reportRows = `halt:
say 'RC' rc
do i = 1 to result.0
  say 'ROW' result.i.name'|'result.i.state'|'result.i.status'|'result.i.success'|'result.i.error
end
say 'OUTPUT' result.output
exit 9
`

// haltRows parses the ROW lines reportRows printed.
func haltRows(t *testing.T, stdout string) []map[string]string {
	t.Helper()
	var rows []map[string]string
	for _, line := range strings.Split(stdout, "\n") {
		if !strings.HasPrefix(line, "ROW ") {
			continue
		}
		f := strings.SplitN(strings.TrimPrefix(line, "ROW "), "|", 5)
		if len(f) != 5 {
			t.Fatalf("bad row %q", line)
		}
		rows = append(rows, map[string]string{"NAME": f[0], "STATE": f[1], "STATUS": f[2], "SUCCESS": f[3], "ERROR": f[4]})
	}
	return rows
}

// liveFleetBase registers a base for a fleet test; its clones prefix-1 …
// prefix-n are removed when the test ends, however it ends.
func liveFleetBase(t *testing.T, c *lxdapi.Client, n int) (env *Env, base, prefix string) {
	t.Helper()
	env, _ = liveEnv(t)
	pre := lxdtest.Name(t, "rxi")
	base, prefix = pre+"-base", pre+"-c"
	lxdtest.Cleanup(t, c, base)
	for i := 1; i <= n; i++ {
		lxdtest.Cleanup(t, c, fmt.Sprintf("%s-%d", prefix, i))
	}
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s storage=%s", base, lxdtest.Image(), lxdtest.Pool()))
	return env, base, prefix
}

var madeRemoved = regexp.MustCompile(`made (\d+) of (\d+); removed (\d+)(?:; left (\d+))?`)

// TestLiveInterruptCloneFleet: SIGTERM (handled by SIGNAL ON HALT) or
// SIGINT (unhandled) in the middle of clone_from_base count=20
// start=true removes every clone the command made, and the report says
// so for each: RESULT.i.STATE "removed" or "not made", never a bare
// "context canceled", and a summary "made M of 20; removed M" that
// matches the rows; LXD holds none of them afterwards. Before, the
// command reported "20 of 20 failed", mostly as "context canceled", and
// left the clones it had made.
func TestLiveInterruptCloneFleet(t *testing.T) {
	bin := buildRexxlxd(t)
	c := lxdtest.Connect(t)
	const n = 20
	_, base, prefix := liveFleetBase(t, c, n)
	cmd := fmt.Sprintf("clone_from_base base=%s name=%s count=%d start=true parallel=4", base, prefix, n)
	// ready: some clones made, one of them running, so the clean-up
	// has running clones to stop and delete (or, on a daemon slowed by
	// other work, half of them made).
	ready := func() bool {
		running, made := 0, lxdtest.Existing(t, c, prefix+"-")
		for _, status := range made {
			if status == "Running" {
				running++
			}
		}
		return len(made) >= 4 && running > 0 || len(made) >= n/2
	}
	// clear removes what an earlier subtest left, so that ready counts
	// only this run's clones.
	clear := func(t *testing.T) {
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(time.Second) {
			left := lxdtest.Existing(t, c, prefix+"-")
			if len(left) == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("could not remove what an earlier run left: %v", left)
			}
			for name := range left {
				lxdtest.Remove(c, name) // may be busy stopping: tried again
			}
		}
	}

	// handled runs the fleet (with keys added) under a HALT handler that
	// prints every row, sends SIGTERM (again after second, when > 0), and
	// checks the report against LXD; cut says the clean-up may be cut short.
	handled := func(t *testing.T, keys string, second time.Duration, cut bool) ([]map[string]string, signalRun) {
		clear(t)
		src := "address lxd\nsignal on halt\nsay 'started'\n'" + cmd + keys + "'\nsay 'finished rc='rc\nexit 0\n" + reportRows
		r := runSignalled(t, bin, src, ready, syscall.SIGTERM, second)
		if r.status != 9 {
			t.Fatalf("exit %d, want 9 (the HALT handler); stdout %q", r.status, r.stdout)
		}
		rows := haltRows(t, r.stdout)
		checkCloneReport(t, c, prefix, n, r.stdout, rows, cut)
		return rows, r
	}
	t.Run("SIGTERM handled", func(t *testing.T) { handled(t, "", 0, false) })
	// A second SIGTERM soon after the first cuts the clean-up short; the
	// handler still gets every row, each true to LXD.
	t.Run("SIGTERM twice", func(t *testing.T) { handled(t, "", 300*time.Millisecond, true) })
	// keep=true: what was made stays, reported as left with its status;
	// whole (running) clones keep SUCCESS 1. A clone cut off mid-start is
	// removed even so, as a failed start always removes it.
	t.Run("keep=true", func(t *testing.T) {
		rows, r := handled(t, " keep=true", 0, true)
		left := 0
		for _, row := range rows {
			switch {
			case row["STATE"] == "left":
				left++
				if row["SUCCESS"] == "1" && row["STATUS"] != "Running" {
					t.Errorf("%s: kept whole (SUCCESS 1) but %s", row["NAME"], row["STATUS"])
				}
			case row["SUCCESS"] == "1":
				t.Errorf("%s: SUCCESS 1 but STATE %q", row["NAME"], row["STATE"])
			}
		}
		if left == 0 {
			t.Errorf("keep=true left nothing: %s", r.stdout)
		}
	})
	t.Run("SIGINT unhandled", func(t *testing.T) {
		clear(t)
		src := "address lxd\nsay 'started'\n'" + cmd + "'\nsay 'finished rc='rc\n"
		r := runSignalled(t, bin, src, ready, syscall.SIGINT, 0)
		if r.status != 252 {
			t.Errorf("exit %d, want 252 (HALT)", r.status)
		}
		// No handler sees RESULT: the report goes to stderr.
		checkCloneReport(t, c, prefix, n, r.stderr, nil, false)
	})
}

// checkCloneReport checks what an interrupted clone fleet reported
// (the summary in out, and the rows when the handler printed them)
// against what LXD holds now. With allowLeft (a second signal cut the
// clean-up short, or keep=true) clones may be left, but each must be reported as left
// with the status LXD gives it. Otherwise a clone may be left only when
// LXD itself did not remove it (the row says "removing it failed"; the
// shared daemon can stall under other tests' load).
func checkCloneReport(t *testing.T, c *lxdapi.Client, prefix string, n int, out string, rows []map[string]string, allowLeft bool) {
	t.Helper()
	inLXD := lxdtest.Existing(t, c, prefix+"-")
	if strings.Contains(out, "context canceled") {
		t.Errorf("the report says only %q: %s", "context canceled", out)
	}
	m := madeRemoved.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %q summary in %q", "made M of N; removed R", out)
	}
	made, _ := strconv.Atoi(m[1])
	removed, _ := strconv.Atoi(m[3])
	left, _ := strconv.Atoi(m[4]) // 0 when the summary has no "left"
	if m[2] != strconv.Itoa(n) || made == 0 || removed+left != made {
		t.Errorf("summary %q: want made M of %d with M > 0, removed + left = M", m[0], n)
	}
	if len(inLXD) != left {
		t.Errorf("LXD holds %d clones (%v), the summary says %d left", len(inLXD), inLXD, left)
	}
	if rows == nil {
		if left > 0 && !allowLeft {
			t.Errorf("%d clones left after one signal: %s", left, out)
		}
		return
	}
	if len(rows) != n {
		t.Fatalf("%d rows, want %d", len(rows), n)
	}
	count := map[string]int{}
	for _, row := range rows {
		name, state := row["NAME"], row["STATE"]
		count[state]++
		status, exists := inLXD[name]
		switch state {
		case "removed", "not made":
			if exists || row["STATUS"] != "Missing" {
				t.Errorf("%s: STATE %q STATUS %q, but LXD has it (%v: %s)", name, state, row["STATUS"], exists, status)
			}
		case "left":
			if !exists || row["STATUS"] != status {
				t.Errorf("%s: STATE left STATUS %q, but LXD says %q (exists: %v)", name, row["STATUS"], status, exists)
			}
			if !allowLeft && !strings.Contains(row["ERROR"], "removing it failed") {
				t.Errorf("%s left after one signal without a failed removal: %q", name, row["ERROR"])
			}
		default:
			t.Errorf("%s: STATE %q, want removed, left or not made", name, state)
		}
		if row["SUCCESS"] == "1" && state == "left" && allowLeft && row["ERROR"] == "" {
			continue // whole and kept (keep=true)
		}
		if row["SUCCESS"] != "0" || !strings.Contains(row["ERROR"], "interrupted") {
			t.Errorf("%s: SUCCESS %s ERROR %q, want a failure that says it was interrupted and what became of it", name, row["SUCCESS"], row["ERROR"])
		}
	}
	if count["removed"] != removed || count["left"] != left {
		t.Errorf("rows: %v; the summary says removed %d, left %d", count, removed, left)
	}
}

var fleetSummary = regexp.MustCompile(`interrupted: (\d+) of (\d+) succeeded, (\d+) failed, (\d+) cut off, (\d+) not begun`)

// checkFleetReport checks an interrupted name= fleet's rows and summary
// against LXD: every row's STATUS is what LXD says now ("Missing" when
// the instance is gone), a member that did not succeed says it was
// interrupted (never a bare "context canceled"), and the summary's counts
// add up and match the rows.
func checkFleetReport(t *testing.T, c *lxdapi.Client, prefix string, n int, stdout string) {
	t.Helper()
	rows := haltRows(t, stdout)
	inLXD := lxdtest.Existing(t, c, prefix+"-")
	if strings.Contains(stdout, "context canceled") {
		t.Errorf("the report says only %q: %s", "context canceled", stdout)
	}
	m := fleetSummary.FindStringSubmatch(stdout)
	if m == nil || len(rows) != n {
		t.Fatalf("%d rows (want %d), summary %v in %q", len(rows), n, m, stdout)
	}
	counts := make([]int, 5)
	for i := range counts {
		counts[i], _ = strconv.Atoi(m[i+1])
	}
	if counts[1] != n || counts[0]+counts[2]+counts[3]+counts[4] != n || counts[3]+counts[4] == 0 {
		t.Errorf("summary %q does not add up to %d, or nothing was cut off or left undone", m[0], n)
	}
	succeeded := 0
	for _, row := range rows {
		name := row["NAME"]
		want, ok := inLXD[name]
		if !ok {
			want = "Missing"
		}
		if row["STATUS"] != want {
			t.Errorf("%s: STATUS %q, LXD says %q", name, row["STATUS"], want)
		}
		if row["SUCCESS"] == "1" {
			succeeded++
			continue
		}
		if !strings.Contains(row["ERROR"], "interrupted") && !strings.Contains(row["ERROR"], "killed") {
			t.Errorf("%s: ERROR %q does not say it was interrupted", name, row["ERROR"])
		}
	}
	if succeeded != counts[0] {
		t.Errorf("%d rows succeeded, the summary says %d", succeeded, counts[0])
	}
}

// TestLiveInterruptNameFleet: SIGTERM during start, execute and delete
// over name= patterns: each row's STATUS is LXD's, each cut-off member
// says so, the summary counts right, and no execute's command is left
// running. Before, cut-off members said "context canceled" with the
// status they had before, and the summary counted them all as failed.
func TestLiveInterruptNameFleet(t *testing.T) {
	bin := buildRexxlxd(t)
	c := lxdtest.Connect(t)
	const n = 10
	env, base, prefix := liveFleetBase(t, c, n)
	mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s count=%d", base, prefix, n))
	pattern := prefix + "-*"
	script := func(cmd string) string {
		return "address lxd\nsignal on halt\nsay 'started'\n'" + cmd + "'\nsay 'finished rc='rc\nexit 0\n" + reportRows
	}
	count := func(status string) int {
		k := 0
		for _, s := range lxdtest.Existing(t, c, prefix+"-") {
			if s == status {
				k++
			}
		}
		return k
	}

	t.Run("start", func(t *testing.T) {
		r := runSignalled(t, bin, script("start name="+pattern+" parallel=2"), func() bool { return count("Running") >= 2 }, syscall.SIGTERM, 0)
		if r.status != 9 {
			t.Fatalf("exit %d, want 9 (the HALT handler)", r.status)
		}
		checkFleetReport(t, c, prefix, n, r.stdout)
	})
	t.Run("execute", func(t *testing.T) {
		mustRun(t, env, "start name="+pattern+" ensure=true") // the ones the interrupted start left stopped
		busy := func() bool {
			for i := 1; i <= n; i++ {
				if sleepers(t, c, fmt.Sprintf("%s-%d", prefix, i), 341) > 0 {
					return true
				}
			}
			return false
		}
		r := runSignalled(t, bin, script("execute name="+pattern+" parallel=3 command=\"sleep 341 & sleep 341; wait\""), busy, syscall.SIGTERM, 0)
		if r.status != 9 {
			t.Fatalf("exit %d, want 9 (the HALT handler)", r.status)
		}
		checkFleetReport(t, c, prefix, n, r.stdout)
		for i := 1; i <= n; i++ {
			noSleepers(t, c, fmt.Sprintf("%s-%d", prefix, i), "SIGTERM", 341)
		}
	})
	t.Run("delete", func(t *testing.T) {
		mustRun(t, env, "stop name="+pattern+" force=true")
		gone := func() bool { return len(lxdtest.Existing(t, c, prefix+"-")) <= n-2 }
		r := runSignalled(t, bin, script("delete name="+pattern+" parallel=1"), gone, syscall.SIGTERM, 0)
		if r.status != 9 {
			t.Fatalf("exit %d, want 9 (the HALT handler)", r.status)
		}
		checkFleetReport(t, c, prefix, n, r.stdout)
	})
}
