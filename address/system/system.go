// Package system is the SYSTEM environment: commands run by the host's
// /bin/sh, as Regina runs them. It is the default ADDRESS environment.
package system

import (
	"context"
	"errors"
	"io"
	"os/exec"
	"time"

	"github.com/rexxlxd/rexxlxd/interp"
)

// Shell is the shell commands are given to with -c.
const Shell = "/bin/sh"

// Env runs commands with /bin/sh -c, passing the program's standard
// streams through. RC is the command's exit status; a command killed by
// a signal gives 128 plus the signal number, as the shell reports it; a
// shell that cannot start at all gives -1 (FAILURE).
type Env struct {
	// NotFound, when set, is asked about a command the shell did not
	// find (status 127); what it returns, when not "", is written on the
	// command's standard error after the shell's own message, as a hint
	// (ADDRESS LXD's command names, sent here by mistake). RC stays 127.
	NotFound func(cmd string) string
}

// New returns the SYSTEM environment.
func New() Env { return Env{} }

// Run implements interp.Environment.
func (e Env) Run(ctx context.Context, cmd string, call *interp.Call) int {
	rc := run(ctx, cmd, call)
	if rc == notFound && e.NotFound != nil && call.Stderr != nil {
		if hint := e.NotFound(cmd); hint != "" {
			io.WriteString(call.Stderr, hint+"\n")
		}
	}
	return rc
}

// notFound is the shell's exit status for a command it cannot find.
const notFound = 127

// run runs cmd with the shell and returns RC.
func run(ctx context.Context, cmd string, call *interp.Call) int {
	c := exec.CommandContext(ctx, Shell, "-c", cmd)
	c.Stdin, c.Stdout, c.Stderr = call.Stdin, call.Stdout, call.Stderr
	c.Env = call.Environ // the program's own environment (nil: the process's)
	// When the program is halted the shell is killed; a child that keeps
	// its output open must not hold the interpreter for long. (On a
	// terminal, Ctrl-C reaches the whole command anyway.)
	c.WaitDelay = 500 * time.Millisecond
	err := c.Run()
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if st := ee.ExitCode(); st >= 0 {
			return st
		}
		return 128 + signalNumber(ee)
	}
	return -1
}
