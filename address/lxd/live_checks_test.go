package lxd

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestLiveCPUsCheckedAgainstServer: cpus= counts and sets the server
// cannot honour are usage errors naming the server's CPUs, and nothing is
// created. The server's CPUs come from the daemon, not from this host.
func TestLiveCPUsCheckedAgainstServer(t *testing.T) {
	env, c := liveEnv(t)
	r, err := c.GetResources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	online := r.OnlineCPUs()
	n := len(online)
	last := online[n-1]
	name := newName(t, c, "rxl")
	for _, tc := range []struct{ cmd, want string }{
		{fmt.Sprintf("create name=%s image=%s cpus=%d", name, lxdtest.Image(), n+1), fmt.Sprintf("only %d CPU(s) online (%s)", n, describeCPUs(online))},
		{fmt.Sprintf("create name=%s image=%s cpus=0-%d", name, lxdtest.Image(), last+998), fmt.Sprintf("CPU %d does not exist", last+998)},
		{fmt.Sprintf("register_base name=%s image=%s cpus=%d-%d", name, lxdtest.Image(), last+4, last+8), fmt.Sprintf("CPU %d does not exist", last+8)},
		{fmt.Sprintf("create name=%s image=%s cpus=%d", name, lxdtest.Image(), last+998), "only"},
	} {
		wantError(t, env, tc.cmd, RCUsage, tc.want, "")
		if exists(t, c, name) {
			t.Fatalf("%q left %s behind", tc.cmd, name)
		}
	}
	// What the server has is accepted.
	vars := mustRun(t, env, fmt.Sprintf("create name=%s image=%s cpus=%d", name, lxdtest.Image(), n))
	wantFields(t, "create", vars, map[string]string{"CPUS": fmt.Sprint(n)})
}

// TestUnreachableSaysHowToStart: RC -1 tells how to start the daemon or
// point rexxlxd at it.
func TestUnreachableSaysHowToStart(t *testing.T) {
	rc, vars := run(t, offline(), "status")
	if rc != RCUnreachable {
		t.Fatalf("RC %d, want %d", rc, RCUnreachable)
	}
	for _, w := range []string{"/nonexistent/rexxlxd-test/unix.socket", "lxd --group lxd", "--lxd-socket", "LXD_SOCKET", "LXD_DIR"} {
		if !strings.Contains(vars["RESULT.OUTPUT"], w) {
			t.Errorf("RESULT.OUTPUT %q lacks %q", vars["RESULT.OUTPUT"], w)
		}
	}
}

// TestLiveCommandLengthLimit: the longest command= Linux can run does
// run, and one byte more is a usage error that names the limit (it used
// to reach the guest and fail there with "argument list too long").
func TestLiveCommandLengthLimit(t *testing.T) {
	env, c := liveEnv(t)
	name := newName(t, c, "rxl")
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s start=true", name, lxdtest.Image()))
	pad := func(n int) string {
		head := ": "
		tail := "; echo ok"
		return head + strings.Repeat("x", n-len(head)-len(tail)) + tail
	}
	vars := mustRun(t, env, fmt.Sprintf("execute name=%s command='%s'", name, pad(maxArgLen)))
	if vars["RESULT.STDOUT"] != "ok" {
		t.Errorf("command of %d bytes: STDOUT %q", maxArgLen, vars["RESULT.STDOUT"])
	}
	wantError(t, env, fmt.Sprintf("execute name=%s command='%s'", name, pad(maxArgLen+1)), RCUsage,
		fmt.Sprintf("command= is %d bytes; it is run as one argument of /bin/sh -c, and Linux takes at most %d bytes", maxArgLen+1, maxArgLen), "")
}

// TestLiveRunningBaseRefused: a base started after it was registered
// (and after a first clone, so nothing remembered from then may count) is
// not cloned: that would copy a live filesystem. register_base again
// stops it, and cloning works again.
func TestLiveRunningBaseRefused(t *testing.T) {
	env, c := liveEnv(t)
	base := newName(t, c, "rxl")
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s", base, lxdtest.Image()))
	mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", base, newName(t, c, "rxl")))
	mustRun(t, env, "start name="+base)
	clone := newName(t, c, "rxl")
	wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", base, clone), RCError,
		fmt.Sprintf("base %s is running, not stopped: a clone of it would copy a live filesystem", base), "")
	if exists(t, c, clone) {
		t.Errorf("a clone of a running base was made: %s", clone)
	}
	vars := mustRun(t, env, "list_bases")
	for i := 1; vars[fmt.Sprintf("RESULT.%d.NAME", i)] != ""; i++ {
		if vars[fmt.Sprintf("RESULT.%d.NAME", i)] == base && vars[fmt.Sprintf("RESULT.%d.STATUS", i)] != "Running" {
			t.Errorf("list_bases shows the running base as %q", vars[fmt.Sprintf("RESULT.%d.STATUS", i)])
		}
	}
	lxdtest.WaitInit(t, c, base)
	mustRun(t, env, "register_base name="+base)
	mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", base, clone))
}

// TestLiveConcurrentRegisterBase: three scripts (three Envs, as three
// processes would be) register the same new base at once. Registering is
// safe to repeat, so all three succeed and one base is left, stopped.
func TestLiveConcurrentRegisterBase(t *testing.T) {
	env, c := liveEnv(t)
	for round := 0; round < 3; round++ {
		base := newName(t, c, "rxl")
		cmd := fmt.Sprintf("register_base name=%s image=%s memory=128MB", base, lxdtest.Image())
		wantCreated := 1
		if round == 2 {
			// An existing, running instance made a base three times at once.
			mustRun(t, env, fmt.Sprintf("create name=%s image=%s start=true", base, lxdtest.Image()))
			lxdtest.WaitInit(t, c, base)
			wantCreated = 0
		}
		type outcome struct {
			rc   int
			vars mapVars
		}
		results := make(chan outcome, 3)
		for i := 0; i < 3; i++ {
			go func() {
				env := New(Config{})
				defer env.Close()
				rc, vars := run(t, env, cmd)
				results <- outcome{rc, vars}
			}()
		}
		created := 0
		for i := 0; i < 3; i++ {
			o := <-results
			if o.rc != 0 {
				t.Errorf("round %d: RC %d: %s (LXD: %s)", round, o.rc, o.vars["RESULT.OUTPUT"], o.vars["RESULT.ERROR"])
				continue
			}
			if o.vars["RESULT.CREATED"] == "1" {
				created++
			}
		}
		if created != wantCreated {
			t.Errorf("round %d: %d commands say they created %s, want %d", round, created, base, wantCreated)
		}
		inst := getInstance(t, c, base)
		if inst.Status != "Stopped" || inst.Config[keyBase] != "true" || inst.Config["limits.memory"] != "128MB" {
			t.Errorf("round %d: %s is %s with config %v", round, base, inst.Status, inst.Config)
		}
	}
}
