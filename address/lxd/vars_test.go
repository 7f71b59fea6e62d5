package lxd

import (
	"context"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
)

// mapVars is a variable pool for tests: names are stored as the
// interpreter would store them, stem upper-cased, tails as given.
type mapVars map[string]string

func (m mapVars) Get(name string) (string, bool) { v, ok := m[name]; return v, ok }
func (m mapVars) Set(name, value string)         { m[name] = value }
func (m mapVars) DropStem(stem string) {
	for k := range m {
		if strings.HasPrefix(k, stem) {
			delete(m, k)
		}
	}
}

// run runs one command in env and returns RC and the variables it left.
func run(t testing.TB, env *Env, cmd string) (int, mapVars) {
	t.Helper()
	vars := mapVars{}
	rc := env.Run(context.Background(), cmd, &interp.Call{Vars: vars})
	return rc, vars
}

// commandView is env's view of its current connection, for tests that call a
// command's helpers directly.
func commandView(t testing.TB, env *Env) *view {
	t.Helper()
	v, err := env.on(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// offline is an Env whose socket does not exist: commands that reach LXD
// fail with RCUnreachable, so a test that gets another RC proves nothing
// was sent.
func offline() *Env { return New(Config{Socket: "/nonexistent/rexxlxd-test/unix.socket"}) }

// callRun runs cmd with a caller-provided pool.
func callRun(env *Env, cmd string, vars mapVars) int {
	return env.Run(context.Background(), cmd, &interp.Call{Vars: vars})
}
