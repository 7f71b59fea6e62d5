package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rexxlxd/rexxlxd"
	"github.com/rexxlxd/rexxlxd/address/lxd"
	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
	"github.com/rexxlxd/rexxlxd/termtext"
)

// Main runs the command line and returns the process exit status.
func Main(args []string) int {
	c, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "rexxlxd: %v\n\n%s", err, usage())
		return 2
	}
	switch {
	case c.help:
		fmt.Print(usage())
		return 0
	case c.version:
		fmt.Print(versionText(debug.ReadBuildInfo()))
		return 0
	case c.man:
		fmt.Print(manPage())
		return 0
	case c.completion != "":
		script, err := completionScript(c.completion)
		if err != nil {
			fmt.Fprintf(os.Stderr, "rexxlxd: %v\n", err)
			return 2
		}
		fmt.Print(script)
		return 0
	}
	if err := c.readProgram(); err != nil {
		fmt.Fprintf(os.Stderr, "rexxlxd: %v\n", err)
		return 1
	}
	in, env := rexxlxd.New(rexxlxd.Options{LXD: lxd.Config{Socket: c.socket, Remote: c.remote}})
	// Close waits for the warm-pool refills the program started.
	defer env.Close()
	if !c.haveSource {
		return startREPL(in, nil)
	}
	prog, err := parser.Parse(c.file, c.src)
	if err != nil && c.check {
		return reportAll(c.file, c.src, err)
	}
	if err != nil {
		return report(interp.AsError(err))
	}
	if c.check {
		return 0
	}
	in.SourceName = absPath(c.file)
	in.LineBuffered = termtext.IsTerminal(os.Stdout)
	stop := haltOnInterrupt(in, haltDelay)
	// With no operands the program gets no argument at all (ARG() is 0),
	// as under Regina; otherwise they are one argument, blank-joined.
	var progArgs []string
	if len(c.operands) > 0 {
		progArgs = []string{strings.Join(c.operands, " ")}
	}
	v, err := in.Run(context.Background(), prog, progArgs...)
	stop()
	if c.interact {
		if err != nil {
			report(err)
		}
		return startREPL(in, prog)
	}
	if err != nil {
		return report(err)
	}
	return interp.ExitStatus(v)
}

// readProgram finds the program when -e did not give it: the first
// operand names its file, or "-" (or no operand while standard input is
// not a terminal) standard input. With no operand on a terminal there is
// no program: the interactive session starts.
func (c *config) readProgram() error {
	if c.haveSource {
		return nil
	}
	ops := c.operands
	switch {
	case len(ops) > 0 && ops[0] != "-":
		b, err := os.ReadFile(ops[0])
		if err != nil {
			return err
		}
		c.src, c.file, c.operands = string(b), ops[0], ops[1:]
	case len(ops) > 0 || !termtext.IsTerminal(os.Stdin):
		if len(ops) > 0 {
			c.operands = ops[1:]
		}
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			return err
		}
		c.src, c.file = string(b), "-"
	default:
		return nil
	}
	c.haveSource = true
	return nil
}

// haltDelay is how long a program runs before Ctrl-C becomes HALT rather
// than ending the process as it does during start-up. Taking SIGINT costs
// the Go runtime a thread of its own (os/signal's watcher is locked to
// one) and a tenth of the start of a one-line program; a program that
// ends within this time never pays it, and no person presses Ctrl-C so
// soon after starting one.
const haltDelay = 20 * time.Millisecond

// interruptTaken, when set (by tests), is called once SIGINT is taken.
var interruptTaken func()

// haltSignals are the signals that raise HALT: Ctrl-C's SIGINT and
// SIGTERM, which CI systems, timeout(1) and service managers send to end
// a job. Regina treats both alike (Error 4, exit status 252, or a HALT
// handler with CONDITION('D') naming the signal); without SIGTERM here
// the process would die at once, leaving whatever it was doing in LXD
// (a guest command, half a fleet) running and unreported.
var haltSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// signalName is a halt signal's name as CONDITION('D') gives it.
func signalName(s os.Signal) string {
	if s == syscall.SIGTERM {
		return "SIGTERM"
	}
	return "SIGINT"
}

// haltOnInterrupt turns each Ctrl-C (SIGINT) and SIGTERM into the HALT
// condition while a script runs, from delay after the call until the
// returned stop is called. A second signal during one ADDRESS command
// tells the command to give up its clean-up (interp.HaltedAgain); it
// still reports. Signals are the command's business, not the library's:
// interp and repl never take them.
func haltOnInterrupt(in *interp.Interp, delay time.Duration) (stop func()) {
	var (
		mu      sync.Mutex
		sigs    chan os.Signal
		stopped bool
	)
	take := func() {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		sigs = make(chan os.Signal, 1)
		signal.Notify(sigs, haltSignals...)
		go func(sigs <-chan os.Signal) {
			for s := range sigs {
				in.HaltFor(signalName(s))
			}
		}(sigs)
		if interruptTaken != nil {
			interruptTaken()
		}
	}
	var timer *time.Timer
	if delay <= 0 {
		take()
	} else {
		timer = time.AfterFunc(delay, take)
	}
	return func() {
		if timer != nil {
			timer.Stop()
		}
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		if sigs != nil {
			signal.Stop(sigs) // no more sends once it returns
			close(sigs)
			sigs = nil
		}
	}
}

// report prints an error as Regina does and returns the exit status. A
// message may quote a value that holds a guest's output; its control
// characters are shown escaped (termtext), never sent to the terminal.
func report(err error) int {
	var e *interp.Error
	if errors.As(err, &e) {
		fmt.Fprint(os.Stderr, termtext.Escape(e.Message()))
		return e.ExitStatus()
	}
	fmt.Fprintf(os.Stderr, "rexxlxd: %v\n", err)
	return 1
}

// reportAll is --check's report of a program that does not parse: every
// syntax error the parser finds, one a line as go/scanner lists them
// ("file:line:col: Error N.M: text"), sorted by position. The exit
// status is first's (the error Parse reports, which a run would), as
// before --check listed more than one.
func reportAll(file, src string, first error) int {
	_, err := parser.ParseMode(file, src, parser.AllErrors)
	if err == nil {
		err = first // cannot be: AllErrors fails whenever Parse does
	}
	fmt.Fprint(os.Stderr, termtext.Escape(err.Error()+"\n"))
	var e *interp.Error
	if errors.As(interp.AsError(first), &e) {
		return e.ExitStatus()
	}
	return 1
}

func absPath(file string) string {
	if file == "-" || file == "-e" {
		return file
	}
	if abs, err := filepathAbs(file); err == nil {
		return abs
	}
	return file
}
