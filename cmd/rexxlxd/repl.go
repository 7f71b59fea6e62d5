package main

import (
	"os"
	"os/signal"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
	"github.com/rexxlxd/rexxlxd/repl"
)

// startREPL opens the interactive session on standard input; prog is the
// script that ran first (rexxlxd -i FILE), or nil. The command, not the
// session, takes SIGINT and SIGTERM and hands them to the session.
func startREPL(in *interp.Interp, prog *parser.Program) int {
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, haltSignals...)
	defer signal.Stop(sig)
	opts := repl.Options{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Interrupts: sig}
	if prog != nil {
		opts.Script = prog.File
	}
	return repl.Run(in, opts)
}
