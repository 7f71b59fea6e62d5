package lxd

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// newProfile returns a unique profile name that is deleted when the test
// ends, however it ends. Register it before the instances that use it:
// cleanups run last-registered first, so the instances go before it.
func newProfile(t *testing.T, c *lxdapi.Client) string {
	t.Helper()
	name := lxdtest.Name(t, "rxp")
	t.Cleanup(func() {
		err := c.DeleteProfile(context.Background(), name)
		if err != nil && !lxdapi.IsNotFound(err) {
			t.Errorf("cleanup of profile %s: %v", name, err)
		}
	})
	return name
}

// profileRow returns the row of the profiles list for name, or nil.
func profileRow(vars mapVars, name string) map[string]string {
	for i := 1; ; i++ {
		p := fmt.Sprintf("RESULT.%d.", i)
		n, ok := vars[p+"NAME"]
		if !ok {
			return nil
		}
		if n == name {
			row := map[string]string{}
			for _, f := range []string{"NAME", "DESCRIPTION", "USEDBY", "INSTANCES", "CONFIG", "DEVICES"} {
				v, ok := vars[p+f]
				if !ok {
					v = "<unset>"
				}
				row[f] = v
			}
			return row
		}
	}
}

// TestLiveProfiles drives a profile through its life as a script would:
// made with config, made again (refused, then converged with
// ensure=true), used by an instance that sees its keys, changed while the
// instance runs, listed, refused deletion while in use, and deleted.
func TestLiveProfiles(t *testing.T) {
	env, c := liveEnv(t)
	ctx := context.Background()
	prof := newProfile(t, c)

	vars := mustRun(t, env, fmt.Sprintf("profile_create name=%s config.environment.GREETING=hi config.limits.memory=256MiB description='made by a test'", prof))
	wantFields(t, "profile_create", vars, map[string]string{"PROFILE": prof, "CHANGED": "1"})
	p, err := c.GetProfile(ctx, prof)
	if err != nil {
		t.Fatal(err)
	}
	if p.Config["environment.GREETING"] != "hi" || p.Config["limits.memory"] != "256MiB" || p.Description != "made by a test" {
		t.Fatalf("profile in LXD: %+v", p)
	}

	// The REPL completes profile names for the profile commands.
	if names := env.Names(ctx, "profile"); !slices.Contains(names, prof) || !slices.Contains(names, "default") {
		t.Errorf("Names(profile) = %v, lacks %s or default", names, prof)
	}

	// A rerun: refused without ensure=, kept and converged with it.
	wantError(t, env, "profile_create name="+prof, RCError, "profile "+prof+" exists already (ensure=true", "exists")
	vars = mustRun(t, env, fmt.Sprintf("profile_create name=%s config.limits.memory=256MiB ensure=true", prof))
	wantFields(t, "profile_create ensure=true, as it is", vars, map[string]string{"CHANGED": "0"})
	vars = mustRun(t, env, fmt.Sprintf("profile_create name=%s config.limits.memory=128MiB description=second ensure=true", prof))
	wantFields(t, "profile_create ensure=true, changed", vars, map[string]string{"CHANGED": "1"})
	if p, _ = c.GetProfile(ctx, prof); p.Config["limits.memory"] != "128MiB" || p.Config["environment.GREETING"] != "hi" || p.Description != "second" {
		t.Fatalf("after ensure=true: %+v (want 128MiB, GREETING kept, description second)", p)
	}

	// An instance made with the profile sees its keys; a change of the
	// profile reaches it while it runs.
	inst := newName(t, c, "t-prof")
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s profile=default,%s start=true", inst, lxdtest.Image(), lxdtest.Pool(), prof))
	mustRun(t, env, "wait name="+inst+" for=ready timeout=30")
	if rc, out := guestRC(t, env, inst, "echo $GREETING"); rc != 0 || out != "hi" {
		t.Fatalf("GREETING in the guest: RC %d, %q", rc, out)
	}
	vars = mustRun(t, env, fmt.Sprintf("profile_set name=%s key=environment.GREETING value=bye", prof))
	wantFields(t, "profile_set", vars, map[string]string{"PROFILE": prof, "KEY": "environment.GREETING", "VALUE": "bye", "USEDBY": "1", "CHANGED": "1"})
	if rc, out := guestRC(t, env, inst, "echo $GREETING"); rc != 0 || out != "bye" {
		t.Fatalf("GREETING after profile_set: RC %d, %q", rc, out)
	}
	vars = mustRun(t, env, fmt.Sprintf("profile_set name=%s key=environment.GREETING value=bye", prof))
	wantFields(t, "profile_set again", vars, map[string]string{"CHANGED": "0"})
	wantError(t, env, fmt.Sprintf("profile_set name=%s key=limits.memory value=lots", prof), RCError, "setting limits.memory of profile "+prof, "LXD")

	vars = mustRun(t, env, "profiles")
	row := profileRow(vars, prof)
	want := map[string]string{"NAME": prof, "DESCRIPTION": "second", "USEDBY": "1", "INSTANCES": inst,
		"CONFIG": "environment.GREETING limits.memory", "DEVICES": ""}
	if fmt.Sprint(row) != fmt.Sprint(want) {
		t.Errorf("profiles row of %s: %v, want %v", prof, row, want)
	}
	if vars["RESULT.0"] != vars["RESULT.COUNT"] || profileRow(vars, "default") == nil {
		t.Errorf("profiles: RESULT.0 %q COUNT %q, default listed: %v", vars["RESULT.0"], vars["RESULT.COUNT"], profileRow(vars, "default") != nil)
	}

	// In use: refused, naming the instance; the profile stays.
	wantError(t, env, "profile_delete name="+prof, RCError, "profile "+prof+" is used by "+inst, "in use")
	if _, err := c.GetProfile(ctx, prof); err != nil {
		t.Fatalf("the refused delete removed the profile: %v", err)
	}

	vars = mustRun(t, env, fmt.Sprintf("profile_unset name=%s key=environment.GREETING", prof))
	wantFields(t, "profile_unset", vars, map[string]string{"CHANGED": "1", "USEDBY": "1"})
	vars = mustRun(t, env, fmt.Sprintf("profile_unset name=%s key=environment.GREETING", prof))
	wantFields(t, "profile_unset again", vars, map[string]string{"CHANGED": "0"})
	if p, _ = c.GetProfile(ctx, prof); p.Config["environment.GREETING"] != "" || p.Config["limits.memory"] != "128MiB" || p.Description != "second" {
		t.Fatalf("after profile_unset: %+v", p)
	}

	mustRun(t, env, "delete name="+inst)
	vars = mustRun(t, env, "profile_delete name="+prof)
	wantFields(t, "profile_delete", vars, map[string]string{"PROFILE": prof, "CHANGED": "1"})
	if _, err := c.GetProfile(ctx, prof); !lxdapi.IsNotFound(err) {
		t.Fatalf("profile %s after profile_delete: %v", prof, err)
	}
	wantError(t, env, "profile_delete name="+prof, RCError, "no profile "+prof+" (ensure=true accepts that)", "not found")
	vars = mustRun(t, env, "profile_delete name="+prof+" ensure=true")
	wantFields(t, "profile_delete ensure=true", vars, map[string]string{"CHANGED": "0"})
	wantError(t, env, fmt.Sprintf("profile_set name=%s key=limits.cpu value=1", prof), RCError, "no profile "+prof, "not found")
	wantError(t, env, "profile_unset name="+prof+" key=limits.cpu", RCError, "no profile "+prof, "not found")
	wantError(t, env, "profile_delete name=default", RCError, "deleting profile default", "cannot be deleted")
}

// TestLiveProfilesInProject: profiles are per project where the project
// has its own (features.profiles=true): project= makes, lists and deletes
// them there and leaves the default project alone.
func TestLiveProfilesInProject(t *testing.T) {
	env, c := liveEnv(t)
	ctx := context.Background()
	project := lxdtest.Name(t, "rxpp")
	if err := c.CreateProject(ctx, lxdapi.ProjectsPost{Name: project, Config: map[string]string{
		"features.profiles": "true", "features.images": "false"}}); err != nil {
		t.Fatal(err)
	}
	in := c.WithProject(project)
	prof := lxdtest.Name(t, "rxp")
	t.Cleanup(func() {
		if err := in.DeleteProfile(context.Background(), prof); err != nil && !lxdapi.IsNotFound(err) {
			t.Errorf("cleanup of profile %s in %s: %v", prof, project, err)
		}
		if err := c.DeleteProject(context.Background(), project); err != nil {
			t.Errorf("deleting project %s: %v", project, err)
		}
	})

	mustRun(t, env, fmt.Sprintf("profile_create name=%s project=%s config.user.team=ci", prof, project))
	if p, err := in.GetProfile(ctx, prof); err != nil || p.Config["user.team"] != "ci" {
		t.Fatalf("profile %s in project %s: %+v, %v", prof, project, p, err)
	}
	if _, err := c.GetProfile(ctx, prof); !lxdapi.IsNotFound(err) {
		t.Fatalf("profile %s in the default project: %v, want not found", prof, err)
	}
	vars := mustRun(t, env, "profiles project="+project)
	if vars["RESULT.0"] != "2" || profileRow(vars, prof) == nil || profileRow(vars, "default") == nil {
		t.Errorf("profiles project=%s: %v", project, vars)
	}
	if row := profileRow(mustRun(t, env, "profiles"), prof); row != nil {
		t.Errorf("profiles in the default project lists %s of project %s", prof, project)
	}
	wantError(t, env, fmt.Sprintf("profile_set name=%s key=user.team value=qa", prof), RCError, "no profile "+prof, "not found")
	mustRun(t, env, fmt.Sprintf("profile_set name=%s key=user.team value=qa project=%s", prof, project))
	mustRun(t, env, fmt.Sprintf("profile_delete name=%s project=%s", prof, project))
	if _, err := in.GetProfile(ctx, prof); !lxdapi.IsNotFound(err) {
		t.Fatalf("profile %s after profile_delete project=%s: %v", prof, project, err)
	}
}

// TestLiveProfileSetFailsOnAnInstance: a profile change that LXD cannot
// apply to a running instance that uses the profile is RC 1, naming the
// profile and (in LXD's words) the instance, and the profile keeps the
// new value, as the reference says; profile_unset takes it back.
func TestLiveProfileSetFailsOnAnInstance(t *testing.T) {
	env, c := liveEnv(t)
	ctx := context.Background()
	prof := newProfile(t, c)
	mustRun(t, env, "profile_create name="+prof)
	inst := newName(t, c, "t-prof")
	// Registered after the instance's clean-up, so it runs before it: an
	// instance whose raw.lxc LXD cannot load cannot be stopped.
	t.Cleanup(func() {
		p, err := c.GetProfile(context.Background(), prof)
		if err != nil || p.Config["raw.lxc"] == "" {
			return
		}
		put := p.Writable()
		delete(put.Config, "raw.lxc")
		if err := c.UpdateProfile(context.Background(), prof, put, ""); err != nil {
			t.Errorf("taking raw.lxc off profile %s: %v", prof, err)
		}
	})
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s profile=default,%s start=true", inst, lxdtest.Image(), lxdtest.Pool(), prof))

	wantError(t, env, fmt.Sprintf("profile_set name=%s key=raw.lxc value='lxc.bogus.key = 1'", prof), RCError,
		"setting raw.lxc of profile "+prof, inst)
	if p, err := c.GetProfile(ctx, prof); err != nil || p.Config["raw.lxc"] != "lxc.bogus.key = 1" {
		t.Fatalf("profile %s after the refused change: %+v, %v (LXD keeps the new value)", prof, p, err)
	}
	vars := mustRun(t, env, fmt.Sprintf("profile_unset name=%s key=raw.lxc", prof))
	wantFields(t, "profile_unset", vars, map[string]string{"CHANGED": "1", "USEDBY": "1"})
	mustRun(t, env, "stop name="+inst+" force=true")
}
