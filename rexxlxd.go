// Package rexxlxd embeds the rexxlxd REXX interpreter with its standard
// ADDRESS environments: SYSTEM (the host shell, the default, as in
// Regina) and LXD (LXD system containers over LXD's REST API).
//
//	in, env := rexxlxd.New(rexxlxd.Options{})
//	defer env.Close()
//	prog, err := parser.Parse("hello.rexx", src)
//	...
//	_, err = in.Run(ctx, prog)
//	name, _ := in.Value("result.1.name") // as the program writes it
//
// What the program left is read with Interp.Value, which takes a symbol
// as a program writes it (any case, tail symbols replaced by their
// variables' values), or with Interp.Vars().Get, which takes a
// variable's stored name: its tail exactly as stored, since REXX tails
// are values and their case counts ("RESULT.1.NAME", not
// "RESULT.1.name"). See the examples.
//
// More environments are one in.Register call away. The interpreter acts
// on nothing process-wide: VALUE(…,'ENVIRONMENT') changes its own copy of
// the environment (which SYSTEM commands get), and signals are the
// embedder's (Interp.Halt turns one into HALT; repl.Options.Interrupts
// hands them to the interactive session).
package rexxlxd

import (
	"github.com/rexxlxd/rexxlxd/address/lxd"
	"github.com/rexxlxd/rexxlxd/address/system"
	"github.com/rexxlxd/rexxlxd/interp"
)

// Options configures New.
type Options struct {
	// LXD configures the ADDRESS LXD environment (socket, timeouts).
	LXD lxd.Config
}

// New returns an interpreter with SYSTEM and LXD registered. The LXD
// environment connects to the daemon only when a program first sends it
// a command. REQUIRE accepts the RexxJS names of the LXD library
// ("cwd:lxd-address.js" and the like), so RexxJS scripts run unchanged.
func New(opts Options) (*interp.Interp, *lxd.Env) {
	in := interp.New()
	// One value under three names (a pointer, so they stay one
	// environment): a command the shell did not find that is an ADDRESS
	// LXD command gets a hint to send it there.
	sys := &system.Env{NotFound: lxd.NotFoundHint}
	for _, name := range []string{"SYSTEM", "COMMAND", "SH"} {
		in.Register(name, sys)
	}
	env := lxd.New(opts.LXD)
	in.Register("LXD", env)
	in.Library("lxd-address", func(*interp.Interp) error { return nil })
	return in, env
}
