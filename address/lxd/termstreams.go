package lxd

import (
	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/termtext"
)

// escapedStreams returns call with its stdout and stderr escaped
// (termtext.Writer) where they are a terminal, for the commands that copy
// a guest's output to them live (execute stream=true): a person watches
// a terminal, and a guest's escape sequences must not act on it. A pipe
// or file gets the bytes as they are, as from a host command. flush
// writes what a writer still holds; call it when the command is done.
func escapedStreams(call *interp.Call) (escaped *interp.Call, flush func()) {
	if call == nil || !termtext.IsTerminal(call.Stdout) && !termtext.IsTerminal(call.Stderr) {
		return call, func() {}
	}
	c := *call
	var writers []*termtext.Writer
	if termtext.IsTerminal(call.Stdout) {
		w := termtext.NewWriter(call.Stdout)
		c.Stdout, writers = w, append(writers, w)
	}
	if termtext.IsTerminal(call.Stderr) {
		w := termtext.NewWriter(call.Stderr)
		c.Stderr, writers = w, append(writers, w)
	}
	return &c, func() {
		for _, w := range writers {
			_ = w.Flush()
		}
	}
}
