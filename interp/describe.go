package interp

import (
	"context"
	"strings"
)

// An interactive session (the REPL) helps with the commands of an ADDRESS
// environment and shows what they returned, but only through the optional
// interfaces below: an Environment that implements them opts in, and the
// session finds them with a type assertion, so it never depends on a
// particular environment's package.

// CommandHelp describes one command an environment accepts, for help and
// tab completion.
type CommandHelp struct {
	Name     string   // canonical name, e.g. "execute"
	Aliases  []string // other names, e.g. "exec"
	Required []string // keys that must be given
	Optional []string // keys that may be given
	// Families are key families, each a prefix and a placeholder
	// ("env.NAME"): any number of keys with that prefix may be given.
	Families []string
	// Choices are the fixed values of a key (true and false, the words
	// of an enumeration), by key, for completion without asking the
	// environment; keys whose values are live names or free text have
	// none.
	Choices map[string][]string
	Summary string // one line
}

// Describer is an Environment that lists its commands and the values
// their keys take, for an interactive session's help and completion.
type Describer interface {
	// Commands returns every command, in the order help shows them.
	Commands() []CommandHelp
	// Values returns the values worth offering for key= of a command
	// (by its canonical name): names of live objects, true and false,
	// nil for free text. It is called while a person types, so it must
	// return quickly, nil when unsure.
	Values(ctx context.Context, command, key string) []string
}

// ResultViewer is an Environment that can show a person what a command
// returned: a compact line, or a small table for a list. View gets the
// command, its RC and the variables the command set (the RESULT. stem);
// it returns text ending in a newline, or "" to show nothing.
type ResultViewer interface {
	View(cmd string, rc int, vars Variables) string
}

// Environment returns the environment registered under name (any case).
func (in *Interp) Environment(name string) (Environment, bool) {
	env, ok := in.envs[strings.ToUpper(name)]
	return env, ok
}

// EnvironmentNames returns the names environments are registered under,
// in upper case, sorted.
func (in *Interp) EnvironmentNames() []string { return in.envNames() }
