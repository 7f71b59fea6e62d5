package lxd

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// fleetRows returns RESULT.1 … RESULT.n of a fleet result as maps, and
// checks RESULT.0 = COUNT = n.
func fleetRows(t *testing.T, cmd string, vars mapVars, n int) []map[string]string {
	t.Helper()
	if vars["RESULT.0"] != strconv.Itoa(n) || vars["RESULT.COUNT"] != vars["RESULT.0"] {
		t.Fatalf("%q: RESULT.0 %q, COUNT %q, want %d (%s)", cmd, vars["RESULT.0"], vars["RESULT.COUNT"], n, vars["RESULT.ERROR"])
	}
	rows := make([]map[string]string, n)
	for i := range rows {
		rows[i] = map[string]string{}
		prefix := fmt.Sprintf("RESULT.%d.", i+1)
		for k, v := range vars {
			if strings.HasPrefix(k, prefix) {
				rows[i][strings.TrimPrefix(k, prefix)] = v
			}
		}
		for _, f := range []string{"NAME", "SUCCESS", "ERROR", "STATUS", "ELAPSEDMS"} {
			if _, ok := rows[i][f]; !ok {
				t.Errorf("%q: RESULT.%d.%s not set", cmd, i+1, f)
			}
		}
	}
	return rows
}

// TestLiveFleet drives a small fleet through count=, lists and patterns
// on the real daemon: ordering, partial failure, bases never matched by a
// pattern, fan-out execute with per-instance exit codes.
func TestLiveFleet(t *testing.T) {
	env, c := liveEnv(t)
	pre := lxdtest.Name(t, "rxf")
	base := pre + "-base"
	lxdtest.Cleanup(t, c, base)
	names := func(p string, n int) []string {
		var out []string
		for i := 1; i <= n; i++ {
			out = append(out, fmt.Sprintf("%s-%d", p, i))
			lxdtest.Cleanup(t, c, out[i-1])
		}
		return out
	}
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s storage=%s", base, lxdtest.Image(), lxdtest.Pool()))

	// count=11 without start: stopped clones P-1 … P-11 in counting order.
	a := pre + "-a"
	aNames := names(a, 11)
	cmd := fmt.Sprintf("clone_from_base base=%s name=%s count=11 parallel=3", base, a)
	vars := mustRun(t, env, cmd)
	rows := fleetRows(t, cmd, vars, 11)
	for i, r := range rows {
		if r["NAME"] != aNames[i] || r["SUCCESS"] != "1" || r["STATUS"] != "Stopped" || r["ERROR"] != "" || r["BASE"] != base {
			t.Errorf("%q: row %d = %v", cmd, i+1, r)
		}
		if inst := getInstance(t, c, aNames[i]); inst.Status != "Stopped" || inst.Config[keyCloneOf] != base {
			t.Errorf("%s: status %s, clone-of %q", aNames[i], inst.Status, inst.Config[keyCloneOf])
		}
	}
	if vars["RESULT.SUCCEEDED"] != "11" || vars["RESULT.ERROR"] != "" {
		t.Errorf("%q: SUCCEEDED %q ERROR %q", cmd, vars["RESULT.SUCCEEDED"], vars["RESULT.ERROR"])
	}

	// A pattern that matches nothing is an error; so is one whose only
	// match would be the base.
	wantError(t, env, "start name="+pre+"-zz-*", RCError, "no instance matches the pattern "+pre+"-zz-*", "no instance matches")
	wantError(t, env, "start name="+pre+"-ba?e", RCError, "no instance matches the pattern", "patterns never match registered bases")

	// Partial failure: one name of the fleet is taken beforehand by an
	// instance of its own; that slot fails, the others are made, started
	// and answer, and the taken instance is left as it was.
	b := pre + "-b"
	bNames := names(b, 3)
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s", bNames[1], lxdtest.Image()))
	before := getInstance(t, c, bNames[1])
	cmd = fmt.Sprintf("clone_from_base base=%s name=%s count=3 start=true wait=ready", base, b)
	rc, vars := run(t, env, cmd)
	if rc != RCError || vars["RESULT.SUCCESS"] != "0" || vars["RESULT.SUCCEEDED"] != "2" {
		t.Fatalf("%q: RC %d SUCCESS %q SUCCEEDED %q", cmd, rc, vars["RESULT.SUCCESS"], vars["RESULT.SUCCEEDED"])
	}
	if want := "clone_from_base: 1 of 3 failed: " + bNames[1] + ": instance " + bNames[1] + " already exists"; !strings.HasPrefix(vars["RESULT.ERROR"], want) {
		t.Errorf("%q: ERROR %q, want it to start %q", cmd, vars["RESULT.ERROR"], want)
	}
	rows = fleetRows(t, cmd, vars, 3)
	for i, r := range rows {
		wantOK := i != 1
		if (r["SUCCESS"] == "1") != wantOK || r["NAME"] != bNames[i] || (r["ERROR"] == "") != wantOK {
			t.Errorf("%q: row %d = %v", cmd, i+1, r)
		}
		if wantOK && r["STATUS"] != "Running" {
			t.Errorf("%q: row %d STATUS %q", cmd, i+1, r["STATUS"])
		}
	}
	after := getInstance(t, c, bNames[1])
	if after.Status != "Stopped" || !after.CreatedAt.Equal(before.CreatedAt) || after.Config[keyCloneOf] != "" {
		t.Errorf("the taken %s was touched: status %s, created %v (was %v), clone-of %q",
			bNames[1], after.Status, after.CreatedAt, before.CreatedAt, after.Config[keyCloneOf])
	}

	// Fan-out execute over a pattern: each instance its own exit code and
	// output; the stopped one fails on its own; RC 1 and a summary.
	cmd = "execute name=" + b + "-? command='n=$(hostname); echo out-$n; echo err-$n >&2; exit ${n##*-}'"
	rc, vars = run(t, env, cmd)
	if rc != RCError {
		t.Errorf("%q: RC %d, want 1", cmd, rc)
	}
	rows = fleetRows(t, cmd, vars, 3)
	for i, r := range rows {
		n := bNames[i]
		if i == 1 {
			if r["SUCCESS"] != "0" || !strings.Contains(r["ERROR"], "not running") {
				t.Errorf("%q: stopped %s: %v", cmd, n, r)
			}
			continue
		}
		if r["EXITCODE"] != strconv.Itoa(i+1) || r["STDOUT"] != "out-"+n || r["STDERR"] != "err-"+n || r["SUCCESS"] != "0" {
			t.Errorf("%q: row %d = %v", cmd, i+1, r)
		}
	}
	if !strings.HasPrefix(vars["RESULT.ERROR"], "execute: 3 of 3 failed: "+bNames[0]+": the command exited with status 1") {
		t.Errorf("%q: ERROR %q", cmd, vars["RESULT.ERROR"])
	}
	cmd = "execute name=" + bNames[0] + "," + bNames[2] + " command=true"
	vars = mustRun(t, env, cmd)
	if rows := fleetRows(t, cmd, vars, 2); rows[0]["EXITCODE"] != "0" || rows[1]["NAME"] != bNames[2] {
		t.Errorf("%q: %v", cmd, rows)
	}

	// stop and delete over patterns: every instance of the fleets goes,
	// the base (matched by pre-*) stays.
	vars = mustRun(t, env, "stop name="+b+"-1,"+b+"-3 force=true")
	if vars["RESULT.1.STATUS"] != "Stopped" || vars["RESULT.2.STATUS"] != "Stopped" {
		t.Errorf("stop: %v", vars)
	}
	cmd = "delete name=" + pre + "-*"
	vars = mustRun(t, env, cmd)
	rows = fleetRows(t, cmd, vars, 14)
	for _, r := range rows {
		if r["NAME"] == base || r["STATUS"] != "Deleted" {
			t.Errorf("%q: row %v", cmd, r)
		}
	}
	for _, n := range append(aNames, bNames...) {
		if exists(t, c, n) {
			t.Errorf("%s still exists", n)
		}
	}
	if !exists(t, c, base) {
		t.Errorf("the base %s was deleted by a pattern", base)
	}
	// A base is acted on when named literally, also in a list; a missing
	// instance in the list fails alone.
	cmd = "delete name=" + base + "," + aNames[0]
	wantError(t, env, cmd, RCError, "delete: 1 of 2 failed: "+aNames[0]+": no instance", "Instance not found")
	if exists(t, c, base) {
		t.Errorf("%q left the base", cmd)
	}
}
