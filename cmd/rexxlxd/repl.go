package main

import (
	"fmt"
	"os"

	"github.com/rexxlxd/rexxlxd/address/lxd"
	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// startREPL opens the interactive session.
func startREPL(in *interp.Interp, env *lxd.Env, prog *parser.Program) int {
	fmt.Fprint(os.Stderr, "rexxlxd: the interactive session is not built yet; give a script, -e or -\n")
	return 2
}
