package lxd

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// listedBases runs list_bases and returns its rows by name.
func listedBases(t *testing.T, env *Env) map[string]map[string]string {
	t.Helper()
	vars := mustRun(t, env, "list_bases")
	n, err := strconv.Atoi(vars["RESULT.0"])
	if err != nil || vars["RESULT.COUNT"] != vars["RESULT.0"] {
		t.Fatalf("list_bases: RESULT.0 %q, COUNT %q", vars["RESULT.0"], vars["RESULT.COUNT"])
	}
	rows := map[string]map[string]string{}
	for i := 1; i <= n; i++ {
		row := map[string]string{}
		for _, f := range []string{"NAME", "IMAGE", "MEMORY", "CPUS", "STATUS"} {
			v, ok := vars[fmt.Sprintf("RESULT.%d.%s", i, f)]
			if !ok {
				t.Errorf("list_bases: RESULT.%d.%s not set", i, f)
			}
			row[f] = v
		}
		rows[row["NAME"]] = row
	}
	if _, ok := vars[fmt.Sprintf("RESULT.%d.NAME", n+1)]; ok {
		t.Errorf("list_bases: a row past RESULT.0 = %d", n)
	}
	return rows
}

func TestLiveBases(t *testing.T) {
	env, c := liveEnv(t)
	base := newName(t, c, "rxbase")
	clone1 := newName(t, c, "rxclone")
	clone2 := newName(t, c, "rxclone")
	image, pool := lxdtest.Image(), lxdtest.Pool()

	cmd := fmt.Sprintf("register_base name=%s image=%s memory=128MiB cpus=1 storage=%s", base, image, pool)
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{
		"OPERATION": "register_base", "CONTAINER": base, "BASE": base, "IMAGE": image,
		"STATUS": "Stopped", "CREATED": "1", "MEMORY": "128MiB", "CPUS": "1", "STORAGE": pool,
	})
	inst := getInstance(t, c, base)
	if inst.Status != "Stopped" || inst.Config[keyBase] != "true" || inst.Config["limits.memory"] != "128MiB" {
		t.Fatalf("base %s: %s %v", base, inst.Status, inst.Config)
	}

	// A later run (a new Env) finds the base in LXD itself.
	env2 := New(Config{})
	defer env2.Close()
	row, ok := listedBases(t, env2)[base]
	if !ok {
		t.Fatalf("list_bases does not show %s", base)
	}
	if row["IMAGE"] != image || row["MEMORY"] != "128MiB" || row["CPUS"] != "1" || row["STATUS"] != "Stopped" {
		t.Errorf("list_bases row %v", row)
	}
	if !slices.Contains(env2.Names(context.Background(), "base"), base) {
		t.Errorf("Names(base) lacks %s", base)
	}

	for _, clone := range []string{clone1, clone2} {
		cmd = fmt.Sprintf("clone_from_base base=%s name=%s", base, clone)
		vars = mustRun(t, env2, cmd)
		wantFields(t, cmd, vars, map[string]string{
			"OPERATION": "clone_from_base", "BASE": base, "CONTAINER": clone, "IMAGE": image, "STATUS": "Stopped",
		})
		ci := getInstance(t, c, clone)
		if _, marked := ci.Config[keyBase]; marked {
			t.Errorf("clone %s inherited the base marker", clone)
		}
		if ci.Config[keyCloneOf] != base || ci.Config["limits.memory"] != "128MiB" || !slices.Equal(ci.Profiles, inst.Profiles) {
			t.Errorf("clone %s: config %v profiles %v", clone, ci.Config, ci.Profiles)
		}
	}
	if _, ok := listedBases(t, env)[clone1]; ok {
		t.Errorf("list_bases shows the clone %s", clone1)
	}

	mustRun(t, env, "start name="+clone1)
	vars = mustRun(t, env, "execute name="+clone1+" command='echo Hello from LXD!'")
	if vars["RESULT.STDOUT"] != "Hello from LXD!" {
		t.Errorf("clone exec: %q", vars["RESULT.STDOUT"])
	}

	// Cloning a clone is refused: it is no base.
	wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", clone1, newName(t, c, "rxx")), RCError, "no registered base", "")
	// A taken name is refused and the existing instance survives.
	wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", base, clone2), RCError, "already exists", "already exists")
	if !exists(t, c, clone2) {
		t.Fatal("clone_from_base onto a taken name deleted it")
	}

	// Copy of a base is a plain instance.
	copied := newName(t, c, "rxcopy")
	cmd = fmt.Sprintf("copy source=%s destination=%s", base, copied)
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"OPERATION": "copy", "SOURCE": base, "DESTINATION": copied, "CONTAINER": copied, "STATUS": "Stopped"})
	if _, marked := getInstance(t, c, copied).Config[keyBase]; marked {
		t.Errorf("copy %s inherited the base marker", copied)
	}
	// clone is copy's alias, and copies a running instance too.
	cloned := newName(t, c, "rxcopy")
	mustRun(t, env, fmt.Sprintf("clone source=%s destination=%s", clone1, cloned))

	// Deleting a base whose clones exist is allowed on btrfs; the clones
	// stay usable.
	mustRun(t, env, "delete name="+base)
	if exists(t, c, base) {
		t.Error("base still exists after delete")
	}
	vars = mustRun(t, env, "execute name="+clone1+" command='echo still here'")
	if vars["RESULT.STDOUT"] != "still here" {
		t.Errorf("clone after base delete: %q", vars["RESULT.STDOUT"])
	}
	// The deleted base is gone for this Env too.
	wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", base, newName(t, c, "rxx")), RCError, "no base "+base, "not found")
}

// TestLiveBaseDeletedElsewhere: a base deleted behind the Env's back (by
// another program) makes the next clone fail, not clone something else.
func TestLiveBaseDeletedElsewhere(t *testing.T) {
	env, c := liveEnv(t)
	base := newName(t, c, "rxbase")
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s", base, lxdtest.Image()))
	mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", base, newName(t, c, "rxclone")))
	if err := lxdtest.Remove(c, base); err != nil {
		t.Fatal(err)
	}
	name := newName(t, c, "rxclone")
	wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", base, name), RCError, "", "not found")
	wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", base, name), RCError, "no base "+base, "not found")
	if exists(t, c, name) {
		t.Errorf("clone %s of a deleted base exists", name)
	}
}

// TestLiveRegisterExisting makes a running instance a base: it is stopped
// and the limits applied.
func TestLiveRegisterExisting(t *testing.T) {
	env, c := liveEnv(t)
	name := newName(t, c, "rxbase")
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s start=true", name, lxdtest.Image()))
	cmd := fmt.Sprintf("register_base name=%s memory=64MiB cpus=1", name)
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"CREATED": "0", "STATUS": "Stopped", "MEMORY": "64MiB", "CPUS": "1"})
	inst := getInstance(t, c, name)
	if inst.Status != "Stopped" || inst.Config[keyBase] != "true" || inst.Config["limits.memory"] != "64MiB" || inst.Config["limits.cpu"] != "1" {
		t.Errorf("after register_base: %s %v", inst.Status, inst.Config)
	}
	// Registering again (a second run of the same script) is fine, and
	// image= does not recreate it.
	vars = mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s", name, lxdtest.Image()))
	wantFields(t, cmd, vars, map[string]string{"CREATED": "0"})
}

func TestLiveStatusAndNames(t *testing.T) {
	env, c := liveEnv(t)
	vars := mustRun(t, env, "status")
	srv, err := c.GetServer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantFields(t, "status", vars, map[string]string{
		"OPERATION": "status", "RUNTIME": "lxd", "VERSION": srv.Environment.ServerVersion,
		"API": srv.APIVersion, "KERNEL": srv.Environment.KernelVersion, "AUTH": "trusted",
		"SOCKET": c.Addr(),
	})
	if !strings.Contains(vars["RESULT.DRIVERS"], "btrfs") || strings.Contains(vars["RESULT.DRIVERS"], "|") {
		t.Errorf("DRIVERS = %q", vars["RESULT.DRIVERS"])
	}
	if !strings.Contains(vars["RESULT.OUTPUT"], srv.Environment.ServerVersion) {
		t.Errorf("OUTPUT = %q", vars["RESULT.OUTPUT"])
	}

	name := newName(t, c, "rxl")
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s", name, lxdtest.Image()))
	if got := env.Names(context.Background(), "instance"); !slices.Contains(got, name) || !slices.IsSorted(got) {
		t.Errorf("Names(instance) = %v, want it sorted and holding %s", got, name)
	}
	if got := env.Names(context.Background(), "image"); !slices.Contains(got, lxdtest.Image()) {
		t.Errorf("Names(image) = %v", got)
	}
	if got := env.Names(context.Background(), "pool"); !slices.Contains(got, lxdtest.Pool()) {
		t.Errorf("Names(pool) = %v", got)
	}
	if got := env.Names(context.Background(), "bogus"); got != nil {
		t.Errorf("Names(bogus) = %v", got)
	}
	if got := offline().Names(context.Background(), "instance"); got != nil {
		t.Errorf("Names without a daemon = %v", got)
	}
}
