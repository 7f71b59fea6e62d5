package lxd

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// gone waits (up to 10 s) until LXD no longer has the instance, and
// reports whether it went.
func gone(t *testing.T, c *lxdapi.Client, name string) bool {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		_, err := c.GetInstance(context.Background(), name)
		if lxdapi.IsNotFound(err) {
			return true
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return false
}

// TestLiveEphemeralClones: clones made with ephemeral=true are gone once
// stopped, and delete of a running one succeeds; clones made without it
// stay when stopped, as before.
func TestLiveEphemeralClones(t *testing.T) {
	env, c := liveEnv(t)
	base := newName(t, c, "rxeph-base")
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s storage=%s", base, lxdtest.Image(), lxdtest.Pool()))
	prefix := lxdtest.Name(t, "rxeph")
	for i := 1; i <= 3; i++ {
		lxdtest.Cleanup(t, c, fmt.Sprintf("%s-%d", prefix, i))
	}
	keep := newName(t, c, "rxeph-keep")

	vars := mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s count=3 start=true wait=ready ephemeral=true", base, prefix))
	for i := 1; i <= 3; i++ {
		wantFields(t, "ephemeral fleet clone", vars, map[string]string{fmt.Sprintf("%d.EPHEMERAL", i): "1"})
		if inst := getInstance(t, c, fmt.Sprintf("%s-%d", prefix, i)); !inst.Ephemeral || inst.Status != "Running" {
			t.Fatalf("clone %d: ephemeral %v, %s", i, inst.Ephemeral, inst.Status)
		}
	}
	vars = mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s start=true wait=ready", base, keep))
	wantFields(t, "plain clone", vars, map[string]string{"EPHEMERAL": "0"})
	if getInstance(t, c, keep).Ephemeral {
		t.Fatal("a clone made without ephemeral= is ephemeral")
	}

	// Stopped: the ephemeral clone is gone, the other one stays.
	mustRun(t, env, fmt.Sprintf("stop name=%s-1 force=true", prefix))
	mustRun(t, env, fmt.Sprintf("stop name=%s force=true", keep))
	if !gone(t, c, prefix+"-1") {
		t.Fatalf("%s-1 is still there after its stop", prefix)
	}
	if inst := getInstance(t, c, keep); inst.Status != "Stopped" {
		t.Fatalf("%s after its stop: %s", keep, inst.Status)
	}
	// The base is no ephemeral instance for having been cloned so.
	if getInstance(t, c, base).Ephemeral {
		t.Fatal("the base became ephemeral")
	}

	// delete stops a running instance first; for an ephemeral one the
	// stop already deletes it, and delete must still succeed.
	vars = mustRun(t, env, fmt.Sprintf("delete name=%s-*", prefix))
	wantFields(t, "delete running ephemeral clones", vars, map[string]string{"0": "2", "SUCCEEDED": "2"})
	for _, n := range []string{prefix + "-2", prefix + "-3"} {
		if !gone(t, c, n) {
			t.Fatalf("%s not deleted", n)
		}
	}

	// A single clone and a bad value.
	one := newName(t, c, "rxeph-one")
	vars = mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s ephemeral=yes", base, one))
	wantFields(t, "one ephemeral clone", vars, map[string]string{"EPHEMERAL": "1", "STATUS": "Stopped"})
	if !getInstance(t, c, one).Ephemeral {
		t.Fatal("clone_from_base ephemeral=yes made no ephemeral instance")
	}
	bad := newName(t, c, "rxeph-bad")
	wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s ephemeral=perhaps", base, bad), RCUsage, "ephemeral=perhaps is not a truth value", "")
	if _, err := c.GetInstance(context.Background(), bad); !lxdapi.IsNotFound(err) {
		t.Fatalf("a refused clone_from_base left %s: %v", bad, err)
	}
}

// TestLiveEphemeralCreateCopy: create and copy take ephemeral=; a copy is
// not ephemeral unless asked, even of an ephemeral source.
func TestLiveEphemeralCreateCopy(t *testing.T) {
	env, c := liveEnv(t)
	eph := newName(t, c, "rxeph-c")
	vars := mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s ephemeral=true", eph, lxdtest.Image(), lxdtest.Pool()))
	wantFields(t, "create ephemeral", vars, map[string]string{"EPHEMERAL": "1"})
	if !getInstance(t, c, eph).Ephemeral {
		t.Fatal("create ephemeral=true made no ephemeral instance")
	}
	plain := newName(t, c, "rxeph-c")
	vars = mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s", plain, lxdtest.Image(), lxdtest.Pool()))
	wantFields(t, "create", vars, map[string]string{"EPHEMERAL": "0"})

	cp1, cp2 := newName(t, c, "rxeph-cp"), newName(t, c, "rxeph-cp")
	vars = mustRun(t, env, fmt.Sprintf("copy source=%s destination=%s", eph, cp1))
	wantFields(t, "copy of an ephemeral instance", vars, map[string]string{"EPHEMERAL": "0"})
	if getInstance(t, c, cp1).Ephemeral {
		t.Fatal("a copy made without ephemeral= is ephemeral")
	}
	vars = mustRun(t, env, fmt.Sprintf("copy source=%s destination=%s ephemeral=true", plain, cp2))
	wantFields(t, "ephemeral copy", vars, map[string]string{"EPHEMERAL": "1"})
	if !getInstance(t, c, cp2).Ephemeral {
		t.Fatal("copy ephemeral=true made no ephemeral instance")
	}
	// Started and stopped, the ephemeral ones are gone.
	for _, n := range []string{eph, cp2, cp1} {
		mustRun(t, env, "start name="+n)
		mustRun(t, env, "stop name="+n+" force=true")
	}
	if !gone(t, c, eph) || !gone(t, c, cp2) {
		t.Fatal("an ephemeral instance stayed after its stop")
	}
	if getInstance(t, c, cp1).Status != "Stopped" {
		t.Fatalf("%s: not stopped", cp1)
	}
	bad := newName(t, c, "rxeph-c")
	wantError(t, env, fmt.Sprintf("create name=%s image=%s ephemeral=2", bad, lxdtest.Image()), RCUsage, "ephemeral=2 is not a truth value", "")
	if _, err := c.GetInstance(context.Background(), bad); !lxdapi.IsNotFound(err) {
		t.Fatalf("a refused create left %s: %v", bad, err)
	}
}
