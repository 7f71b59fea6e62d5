package main

import (
	"os"

	"github.com/rexxlxd/rexxlxd/address/lxd"
	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
	"github.com/rexxlxd/rexxlxd/repl"
)

// startREPL opens the interactive session on standard input; prog is the
// script that ran first (rexxlxd -i FILE), or nil.
func startREPL(in *interp.Interp, env *lxd.Env, prog *parser.Program) int {
	opts := repl.Options{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}
	if prog != nil {
		opts.Script = prog.File
	}
	return repl.Run(in, env, opts)
}
