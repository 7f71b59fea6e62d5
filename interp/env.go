package interp

import (
	"context"
	"io"
)

// Environment is a target of the ADDRESS instruction: a named host that
// receives command strings. SYSTEM (the host shell) and LXD implement it in
// their own packages; interp knows environments only through this interface,
// so adding an ADDRESS target never needs a change here.
type Environment interface {
	// Run executes one command. cmd is the fully evaluated command string.
	// The returned value becomes RC: 0 for success, positive for an error
	// (raises ERROR), negative for a failure (raises FAILURE).
	Run(ctx context.Context, cmd string, call *Call) int
}

// Call is what an environment may use while running one command: the
// caller's variables (to set RESULT. stems and the like), the program's
// standard streams and its environment variables.
type Call struct {
	Vars   Variables
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Environ is the program's environment as "name=value" strings: the
	// process's with the changes VALUE(…,'ENVIRONMENT') made, which live
	// in the interpreter, not the process. An environment that starts a
	// process gives it this. nil means the process's environment.
	Environ []string
	// Shown says that the embedder shows a person this command's RC, and
	// its reason through the environment's View when the environment is a
	// ResultViewer, once the command returns (see Interp.ShowsResult). An
	// environment that is a ResultViewer may then leave out a failure line
	// of its own, which would only say the same again.
	Shown bool
}

// Variables is the caller's variable pool as an environment sees it.
// Names are REXX variable names with the tail already resolved, for example
// "RC", "RESULT.SUCCESS" or "RESULT.3.NAME". Stem and simple names are
// upper-cased by the pool; tails are used as given.
type Variables interface {
	// Get returns the value of a variable and whether it is set.
	Get(name string) (string, bool)
	// Set assigns a variable.
	Set(name, value string)
	// DropStem drops a stem and all its compound variables ("RESULT.").
	DropStem(stem string)
}

// EnvironmentFunc adapts a function to the Environment interface.
type EnvironmentFunc func(ctx context.Context, cmd string, call *Call) int

// Run calls f.
func (f EnvironmentFunc) Run(ctx context.Context, cmd string, call *Call) int {
	return f(ctx, cmd, call)
}
