package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"

	"github.com/rogpeppe/go-internal/testscript"
)

// setupScript passes the LXD settings of the test run into each script,
// and the repository's root as $REPO, so a script can run the examples.
// Each script gets its own $RUNID, which the lxd_ scripts put in the names
// of what they make; after an lxd_ script, also one that failed,
// sweepScript deletes whatever still carries that id.
func setupScript(env *testscript.Env) error {
	// "t" first: the id is a fragment of LXD names, which start with a
	// letter.
	id := "t" + lxdtest.NewID()
	env.Setenv("RUNID", id)
	if name := strings.TrimPrefix(filepath.Base(env.WorkDir), "script-"); strings.HasPrefix(name, "lxd_") {
		t := env.T()
		env.Defer(func() { sweepScript(t, id) })
	}
	if root, err := filepath.Abs("../.."); err == nil {
		env.Setenv("REPO", root)
	}
	for _, k := range []string{"LXD_SOCKET", "LXD_DIR", "REXXLXD_REQUIRE_LXD", "REXXLXD_TEST_IMAGE", "REXXLXD_TEST_POOL"} {
		if v, ok := os.LookupEnv(k); ok {
			env.Setenv(k, v)
		}
	}
	// Scripts run with HOME elsewhere: they find the lxc remotes (the
	// test cluster's among them) through LXD_CONF.
	env.Setenv("LXD_CONF", lxdapi.ConfigDir())
	env.Setenv("CLUSTER", lxdtest.ClusterRemote())
	return nil
}

// scriptCondition answers [lxd]: the LXD daemon is reachable, and
// [cluster]: the test cluster of scripts/lxd-cluster.sh answers over
// HTTPS through its lxc remote and trusts us. Without
// it the lxd_ scripts skip, unless REXXLXD_REQUIRE_LXD=1 (CI), when the
// condition fails the test instead.
func scriptCondition(cond string) (bool, error) {
	switch cond {
	case "lxd":
		lxdOnce.Do(func() { lxdErr = probeLXD() })
		if lxdErr != nil {
			if os.Getenv(lxdtest.RequireEnv) == "1" {
				return false, fmt.Errorf("%v (%s=1)", lxdErr, lxdtest.RequireEnv)
			}
			return false, nil
		}
		return true, nil
	case "cluster":
		clusterOnce.Do(func() {
			clusterErr = lxdtest.ProbeCluster()
			clusterOK.Store(clusterErr == nil)
		})
		if clusterErr != nil {
			if os.Getenv(lxdtest.RequireEnv) == "1" {
				return false, fmt.Errorf("%v (%s=1)", clusterErr, lxdtest.RequireEnv)
			}
			return false, nil
		}
		return true, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

var (
	lxdOnce     sync.Once
	lxdErr      error
	clusterOnce sync.Once
	clusterErr  error
	// clusterOK says that the [cluster] condition was asked in this
	// process and the cluster answered: only then may a script have
	// made something there.
	clusterOK atomic.Bool
)

// probeLXD waits for the daemon as lxdtest does: a loaded daemon gets
// time to answer, so the lxd_ scripts neither skip nor fail for a slow one.
func probeLXD() error { return lxdtest.Probe() }

// sweepScript deletes what an lxd_ script left behind under names that
// carry its id: instances, images and their aliases, profiles (see
// lxdtest.Sweep), on the local daemon when it answers and on the test
// cluster when the [cluster] condition found it, in the project the lxc
// configuration gives each remote (the one rexxlxd uses there; no script
// makes projects of its own) and in the default project. A script that
// cleaned up after itself leaves nothing, and the sweep says nothing;
// each thing it deletes, and each it cannot, is logged by name: the
// script's own clean-up failed there (a daemon that hung under load, a
// failed step).
func sweepScript(t testscript.T, id string) {
	lxdOnce.Do(func() { lxdErr = probeLXD() })
	var remotes []string
	if lxdErr == nil {
		remotes = append(remotes, "local")
	}
	if clusterOK.Load() {
		remotes = append(remotes, lxdtest.ClusterRemote())
	}
	if len(remotes) == 0 {
		return
	}
	opts := &lxdapi.Options{ResponseTimeout: lxdtest.SlowDaemon}
	cfg, cfgErr := lxdapi.LoadConfig()
	for _, remote := range remotes {
		var c *lxdapi.Client
		switch {
		case cfgErr == nil:
			var err error
			if c, err = cfg.Connect(remote, opts); err != nil {
				t.Log(fmt.Sprintf("sweep: cannot look on %s for what carries %s: %v", remote, id, err))
				continue
			}
		case remote == "local":
			// rexxlxd too reaches the local daemon without the
			// lxc configuration.
			c = lxdapi.NewUnix("", opts)
		default:
			t.Log(fmt.Sprintf("sweep: cannot look on %s for what carries %s: %v", remote, id, cfgErr))
			continue
		}
		projects := []string{c.Project()}
		if c.Project() != "default" {
			projects = append(projects, "default")
		}
		for _, p := range projects {
			deleted, errs := lxdtest.Sweep(c.WithProject(p), id)
			for _, d := range deleted {
				t.Log(fmt.Sprintf("sweep: deleted %s on %s (project %s), which the script left behind", d, remote, p))
			}
			for _, err := range errs {
				t.Log(fmt.Sprintf("sweep: could not delete what the script left on %s (project %s): %v", remote, p, err))
			}
		}
		c.Close()
	}
}
