package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"

	"github.com/rogpeppe/go-internal/testscript"
)

// setupScript passes the LXD settings of the test run into each script,
// and the repository's root as $REPO, so a script can run the examples.
func setupScript(env *testscript.Env) error {
	if root, err := filepath.Abs("../.."); err == nil {
		env.Setenv("REPO", root)
	}
	for _, k := range []string{"LXD_SOCKET", "LXD_DIR", "REXXLXD_REQUIRE_LXD", "REXXLXD_TEST_IMAGE", "REXXLXD_TEST_POOL"} {
		if v, ok := os.LookupEnv(k); ok {
			env.Setenv(k, v)
		}
	}
	return nil
}

// scriptCondition answers [lxd]: the LXD daemon is reachable. Without
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
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

var (
	lxdOnce sync.Once
	lxdErr  error
)

// probeLXD waits for the daemon as lxdtest does: a loaded daemon gets
// time to answer, so the lxd_ scripts neither skip nor fail for a slow one.
func probeLXD() error { return lxdtest.Probe() }
