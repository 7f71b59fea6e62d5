package lxd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestLiveCloneEnsureReplace drives the rerun of a fleet job against the
// real daemon: a second clone_from_base over names left behind fails with
// one grouped, short line; ensure=true keeps the clones of the same base
// (CHANGED 0 once they are as asked) and refuses, by name, one made from
// another base without touching it; replace=true deletes and clones anew
// (never a base); delete of a pattern with ensure=true is RC 0 when
// nothing is left.
func TestLiveCloneEnsureReplace(t *testing.T) {
	env, c := liveEnv(t)
	pre := lxdtest.Name(t, "rxr")
	baseA, baseB := pre+"-a", pre+"-b"
	p := pre + "-c"
	n1, n2, n3 := p+"-1", p+"-2", p+"-3"
	for _, n := range []string{baseA, baseB, n1, n2, n3} {
		lxdtest.Cleanup(t, c, n)
	}
	for _, b := range []string{baseA, baseB} {
		mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s storage=%s", b, lxdtest.Image(), lxdtest.Pool()))
	}
	mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s count=2", baseA, p))
	mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", baseB, n3))
	created := map[string]string{}
	for _, n := range []string{n1, n2, n3} {
		created[n] = getInstance(t, c, n).CreatedAt.String()
	}

	// A plain rerun: every slot taken, one grouped line, each row its own
	// short error without LXD's database sentence.
	cmd := fmt.Sprintf("clone_from_base base=%s name=%s count=3", baseA, p)
	grouped := fmt.Sprintf("clone_from_base: 3 of 3 failed: instance already exists (%s, %s, %s)", n1, n2, n3)
	vars := wantError(t, env, cmd, RCError, grouped, "already exists")
	// Nothing but the grouped line (the names' length varies from run to run).
	if e := vars["RESULT.ERROR"]; strings.Contains(e, "database") || len(e) > len(grouped) {
		t.Errorf("%q: ERROR is not short: %q", cmd, e)
	}
	for i, r := range fleetRows(t, cmd, vars, 3) {
		n := p + fmt.Sprint("-", i+1)
		if r["ERROR"] != "clone_from_base: instance "+n+" already exists" || r["RETCODE"] != "1" || r["CHANGED"] != "0" {
			t.Errorf("%q: row %d = %v", cmd, i+1, r)
		}
	}

	// ensure=true start=true: the two clones of A are kept and started;
	// the clone of B holding the third name is refused by name and left.
	cmd = fmt.Sprintf("clone_from_base base=%s name=%s count=3 ensure=true start=true", baseA, p)
	vars = wantError(t, env, cmd, RCError, "clone_from_base: 1 of 3 failed: "+n3+": instance "+n3+" already exists and is no clone of base "+baseA+" (it is a clone of base "+baseB+")", "replace=true")
	rows := fleetRows(t, cmd, vars, 3)
	for i, r := range rows[:2] {
		if r["SUCCESS"] != "1" || r["KEPT"] != "1" || r["CHANGED"] != "1" || r["STATUS"] != "Running" || r["RETCODE"] != "0" {
			t.Errorf("%q: row %d = %v", cmd, i+1, r)
		}
	}
	if r := rows[2]; r["SUCCESS"] != "0" || r["RETCODE"] != "1" || r["CHANGED"] != "0" {
		t.Errorf("%q: row 3 = %v", cmd, r)
	}
	if vars["RESULT.CHANGED"] != "1" {
		t.Errorf("%q: CHANGED %q, want 1", cmd, vars["RESULT.CHANGED"])
	}
	for _, n := range []string{n1, n2, n3} {
		inst := getInstance(t, c, n)
		if inst.CreatedAt.String() != created[n] {
			t.Errorf("%s was made anew by ensure=true", n)
		}
		if want := map[bool]string{true: "Stopped", false: "Running"}[n == n3]; inst.Status != want {
			t.Errorf("%s is %s, want %s", n, inst.Status, want)
		}
	}

	// Once all is as asked: CHANGED 0, also for a single name.
	cmd = fmt.Sprintf("clone_from_base base=%s name=%s count=2 ensure=true start=true wait=ready", baseA, p)
	vars = mustRun(t, env, cmd)
	if vars["RESULT.CHANGED"] != "0" || vars["RESULT.1.CHANGED"] != "0" || vars["RESULT.2.KEPT"] != "1" {
		t.Errorf("%q: CHANGED %q, rows %q %q", cmd, vars["RESULT.CHANGED"], vars["RESULT.1.CHANGED"], vars["RESULT.2.KEPT"])
	}
	cmd = fmt.Sprintf("clone_from_base base=%s name=%s ensure=true start=true", baseA, n1)
	wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"CHANGED": "0", "KEPT": "1", "STATUS": "Running", "CONTAINER": n1})

	vars = wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s ensure=true", baseA, n3), RCError,
		"instance "+n3+" already exists and is no clone of base "+baseA, "it is a clone of base "+baseB)
	wantFields(t, "clone_from_base ensure=true (another base's clone)", vars, map[string]string{"CHANGED": "0", "KEPT": "0"})

	// Both at once is a usage error; replace=true never deletes a base.
	wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s ensure=true replace=true", baseA, n1), RCUsage, "give one of them", "ensure=true")
	wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s replace=true", baseA, baseB), RCError, "is a registered base", "never deletes a base")
	if !exists(t, c, baseB) {
		t.Fatalf("replace=true deleted the base %s", baseB)
	}

	// replace=true: every name is deleted and cloned anew from A.
	cmd = fmt.Sprintf("clone_from_base base=%s name=%s count=3 replace=true start=true", baseA, p)
	vars = mustRun(t, env, cmd)
	for i, r := range fleetRows(t, cmd, vars, 3) {
		if r["REPLACED"] != "1" || r["CHANGED"] != "1" || r["STATUS"] != "Running" {
			t.Errorf("%q: row %d = %v", cmd, i+1, r)
		}
	}
	for _, n := range []string{n1, n2, n3} {
		inst := getInstance(t, c, n)
		if inst.CreatedAt.String() == created[n] || inst.Config[keyCloneOf] != baseA {
			t.Errorf("%s: not replaced (created %v, clone-of %q)", n, inst.CreatedAt, inst.Config[keyCloneOf])
		}
	}

	// delete of a pattern: ensure=true is content when nothing is left.
	mustRun(t, env, "delete name="+p+"-*")
	wantError(t, env, "delete name="+p+"-*", RCError, "no instance matches the pattern "+p+"-*", "no instance matches")
	cmd = "delete name=" + p + "-* ensure=true"
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"0": "0", "COUNT": "0", "CHANGED": "0", "ERROR": ""})
	if !strings.Contains(vars["RESULT.OUTPUT"], "nothing to delete") {
		t.Errorf("%q: OUTPUT %q", cmd, vars["RESULT.OUTPUT"])
	}
}

// TestLiveFleetExecuteRetcode checks how a fan-out execute tells "the
// guest said no" from "the command failed": commands that all ran to
// their end are RC 0 whatever their exit status (NONZERO counts the
// others, a warning names them); one that could not run or hit timeout=
// makes RC 1. Each row's RETCODE is its exit status or the RC the
// command had on it, EXITCODE empty when it did not finish, so a timeout
// (124) and "never ran" (1) differ. Identical failures are grouped.
func TestLiveFleetExecuteRetcode(t *testing.T) {
	env, c := liveEnv(t)
	pre := lxdtest.Name(t, "rxe")
	base, p := pre+"-base", pre+"-w"
	names := []string{p + "-1", p + "-2", p + "-3"}
	for _, n := range append([]string{base}, names...) {
		lxdtest.Cleanup(t, c, n)
	}
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s storage=%s", base, lxdtest.Image(), lxdtest.Pool()))
	mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s count=3 start=true wait=ready", base, p))

	// Every command ran; two said no.
	cmd := "execute name=" + p + "-* command='n=$(hostname); exit $(( ${n##*-} - 1 ))'"
	rc, vars := run(t, env, cmd)
	if rc != 0 || vars["RESULT.SUCCESS"] != "1" || vars["RESULT.ERROR"] != "" {
		t.Errorf("%q: RC %d SUCCESS %q ERROR %q, want 0, 1, ''", cmd, rc, vars["RESULT.SUCCESS"], vars["RESULT.ERROR"])
	}
	wantFields(t, cmd, vars, map[string]string{"RAN": "3", "NONZERO": "2", "SUCCEEDED": "1"})
	if w := vars["RESULT.WARNING"]; !strings.Contains(w, "2 of 3 exited non-zero") || !strings.Contains(w, names[2]) {
		t.Errorf("%q: WARNING %q", cmd, w)
	}
	for i, r := range fleetRows(t, cmd, vars, 3) {
		code := fmt.Sprint(i)
		if r["EXITCODE"] != code || r["RETCODE"] != code || r["SUCCESS"] != map[bool]string{true: "1", false: "0"}[i == 0] {
			t.Errorf("%q: row %d = %v", cmd, i+1, r)
		}
	}

	// One never runs (stopped), one times out, one says no: RC 1.
	mustRun(t, env, "stop name="+names[1]+" force=true")
	cmd = "execute name=" + p + "-* timeout=2 command='n=$(hostname); [ ${n##*-} = 1 ] && exec sleep 60; exit 5'"
	rc, vars = run(t, env, cmd)
	if rc != RCError || vars["RESULT.SUCCESS"] != "0" {
		t.Errorf("%q: RC %d SUCCESS %q, want 1, 0", cmd, rc, vars["RESULT.SUCCESS"])
	}
	wantFields(t, cmd, vars, map[string]string{"RAN": "1", "NONZERO": "1", "SUCCEEDED": "0"})
	rows := fleetRows(t, cmd, vars, 3)
	want := []struct{ exit, ret string }{{"", "124"}, {"", "1"}, {"5", "5"}}
	for i, r := range rows {
		if r["EXITCODE"] != want[i].exit || r["RETCODE"] != want[i].ret || r["SUCCESS"] != "0" {
			t.Errorf("%q: row %d = %v, want EXITCODE %q RETCODE %q", cmd, i+1, r, want[i].exit, want[i].ret)
		}
	}

	// The same failure everywhere: one grouped entry, rows keep their own.
	// A fleet's CHANGED: 1 when any member changed something, 0 when none.
	vars = mustRun(t, env, "stop name="+p+"-* force=true ensure=true")
	wantFields(t, "stop ensure=true (two running)", vars, map[string]string{"CHANGED": "1", "1.CHANGED": "1", "2.CHANGED": "0"})
	vars = mustRun(t, env, "stop name="+p+"-* force=true ensure=true")
	wantFields(t, "stop ensure=true (all stopped)", vars, map[string]string{"CHANGED": "0", "3.CHANGED": "0"})
	cmd = "execute name=" + p + "-* command=true"
	vars = wantError(t, env, cmd, RCError, fmt.Sprintf("execute: 3 of 3 failed: LXD: Instance is not running (%s, %s, %s)", names[0], names[1], names[2]), "not running")
	for i, r := range fleetRows(t, cmd, vars, 3) {
		if !strings.Contains(r["ERROR"], "not running") || r["RETCODE"] != "1" || r["EXITCODE"] != "" {
			t.Errorf("%q: row %d = %v", cmd, i+1, r)
		}
	}
}

// TestLiveShellNeedsTerminal checks that shell refuses, with RC 1 and a
// message that says why and what to use, a program whose standard input
// is no terminal, before it asks LXD for anything: a missing instance
// gets the same answer.
func TestLiveShellNeedsTerminal(t *testing.T) {
	env, _ := liveEnv(t)
	name := lxdtest.Name(t, "rxsh")
	vars := wantError(t, env, "shell name="+name, RCError, "shell: "+name+": shell needs a terminal: standard input is not a terminal (run a command with execute instead)", "needs a terminal")
	wantFields(t, "shell", vars, map[string]string{"CONTAINER": name, "EXITCODE": ""})
	wantError(t, env, "shell name="+name+" command=", RCUsage, "command= is empty", "empty")
}
