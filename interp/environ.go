package interp

import (
	"os"
	"strings"
)

// The program's environment variables are the process's, seen through an
// overlay that belongs to the interpreter: VALUE(name, new, 'ENVIRONMENT')
// changes the overlay only, never the process, so two interpreters in one
// process do not change each other's environment (nor the embedder's).
// Commands get the result in Call.Environ and pass it to what they start.

// Getenv returns an environment variable as the program sees it: as
// VALUE(name,,'ENVIRONMENT') last set it, else the process's.
func (in *Interp) Getenv(name string) string {
	if v, ok := in.environ[name]; ok {
		return v
	}
	return os.Getenv(name)
}

// Setenv sets an environment variable for the program and the commands it
// runs, for the interpreter's life (later programs it runs see it too, as
// they would in one process). As in Regina (whose names and values are C
// strings) they end at a NUL character; a name may hold '=' as with
// Regina's putenv.
func (in *Interp) Setenv(name, value string) {
	name, _, _ = strings.Cut(name, "\x00")
	value, _, _ = strings.Cut(value, "\x00")
	if in.environ == nil {
		in.environ = map[string]string{}
	}
	in.environ[name] = value
}

// Environ returns the environment the program's commands run with, as
// "name=value" strings: the process's with the program's changes.
func (in *Interp) Environ() []string {
	env := os.Environ()
	if len(in.environ) == 0 {
		return env
	}
	out := make([]string, 0, len(env)+len(in.environ))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if _, changed := in.environ[k]; !changed {
			out = append(out, kv)
		}
	}
	for k, v := range in.environ {
		out = append(out, k+"="+v)
	}
	return out
}
