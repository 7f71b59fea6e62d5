package repl

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/interp"
)

// valuesTimeout bounds one request for completion values, in case an
// environment does not bound it itself: the prompt must not hang.
const valuesTimeout = 2 * time.Second

// describers returns the names of the registered environments that
// describe their commands (interp.Describer), one name for an
// environment registered under several.
func (s *session) describers() []string {
	var names []string
	var seen []interp.Environment
	for _, name := range s.in.EnvironmentNames() {
		env, _ := s.in.Environment(name)
		if _, ok := env.(interp.Describer); !ok || contains(seen, env) {
			continue
		}
		seen = append(seen, env)
		names = append(names, name)
	}
	return names
}

// contains reports whether env is among envs. Environments whose type
// cannot be compared (a func, say) are never taken for one another.
func contains(envs []interp.Environment, env interp.Environment) bool {
	if !reflect.TypeOf(env).Comparable() {
		return false
	}
	for _, e := range envs {
		if reflect.TypeOf(e) == reflect.TypeOf(env) && e == env {
			return true
		}
	}
	return false
}

// commands returns the commands of the environment called name, nil when
// it describes none.
func (s *session) commands(name string) []interp.CommandHelp {
	env, _ := s.in.Environment(name)
	if d, ok := env.(interp.Describer); ok {
		return d.Commands()
	}
	return nil
}

// fetchValues asks an environment for completion values; key is
// "ENV\x00command\x00key", as the name cache keeps them.
func (s *session) fetchValues(key string) []string {
	parts := strings.SplitN(key, "\x00", 3)
	if len(parts) != 3 {
		return nil
	}
	env, _ := s.in.Environment(parts[0])
	d, ok := env.(interp.Describer)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), valuesTimeout)
	defer cancel()
	return d.Values(ctx, parts[1], parts[2])
}

// showResult shows what a command returned, on a terminal only (see
// Run): an environment that is an interp.ResultViewer shows it its own
// way (a line, or a table for a list); otherwise a non-zero RC is
// reported on the error stream, after whatever the command itself wrote.
func (s *session) showResult(envName, cmd string, rc int, vars interp.Variables) {
	if !s.terminal {
		return
	}
	env, _ := s.in.Environment(envName)
	if v, ok := env.(interp.ResultViewer); ok {
		if text := v.View(cmd, rc, vars); text != "" {
			fmt.Fprint(s.opts.Out, text)
			return
		}
	}
	if rc != 0 {
		fmt.Fprintf(s.opts.Err, "  rc = %d\n", rc)
	}
}
