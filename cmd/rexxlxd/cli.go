package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/rexxlxd/rexxlxd"
	"github.com/rexxlxd/rexxlxd/address/lxd"
	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

const usage = `usage: rexxlxd [options] [script.rexx | -e program | -] [args...]

Runs a REXX program. ADDRESS LXD drives LXD system containers; the
default environment is SYSTEM (the host shell).

  -e PROGRAM         run PROGRAM (a string of REXX clauses)
  -                  read the program from standard input
  --check FILE       parse FILE and report syntax errors; run nothing
  -i FILE            run FILE, then continue interactively in its variables
  --lxd-socket PATH  LXD's unix socket (default: $LXD_SOCKET, $LXD_DIR,
                     the snap's or the Debian package's socket)
  --remote NAME      send ADDRESS LXD commands to the lxc remote NAME
                     (default: the lxc client's default-remote)
  --version          print the version
  --help             print this help

With no program on a terminal, rexxlxd starts an interactive session.
`

// Main runs the command line and returns the process exit status.
func Main(args []string) int {
	var (
		src, file  string
		check      bool
		interact   bool
		haveSource bool
		socket     string
		remote     string
	)
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--help" || a == "-h" || a == "-help":
			fmt.Print(usage)
			return 0
		case a == "--version" || a == "-v":
			fmt.Println(interp.Version)
			return 0
		case a == "-e" || a == "--eval":
			if len(args) < 2 {
				return usageError("-e needs a program")
			}
			src, file, haveSource = args[1], "-e", true
			args = args[2:]
		case a == "--check":
			check = true
			args = args[1:]
		case a == "-i":
			interact = true
			args = args[1:]
		case a == "--lxd-socket" || strings.HasPrefix(a, "--lxd-socket="):
			if v, ok := strings.CutPrefix(a, "--lxd-socket="); ok {
				socket = v
				args = args[1:]
			} else if len(args) < 2 {
				return usageError("--lxd-socket needs a path")
			} else {
				socket = args[1]
				args = args[2:]
			}
		case a == "--remote" || strings.HasPrefix(a, "--remote="):
			if v, ok := strings.CutPrefix(a, "--remote="); ok {
				remote = v
				args = args[1:]
			} else if len(args) < 2 {
				return usageError("--remote needs a remote name")
			} else {
				remote = args[1]
				args = args[2:]
			}
		case a == "--":
			args = args[1:]
			goto operands
		case a == "-":
			goto operands
		case strings.HasPrefix(a, "-") && len(a) > 1:
			return usageError("unknown option " + a)
		default:
			goto operands
		}
	}
operands:
	if !haveSource {
		switch {
		case len(args) > 0 && args[0] != "-":
			file = args[0]
			b, err := os.ReadFile(file)
			if err != nil {
				fmt.Fprintf(os.Stderr, "rexxlxd: %v\n", err)
				return 1
			}
			src, haveSource = string(b), true
			args = args[1:]
		case len(args) > 0 || !isTerminal(os.Stdin):
			if len(args) > 0 {
				args = args[1:]
			}
			b, err := io.ReadAll(os.Stdin)
			if err != nil {
				fmt.Fprintf(os.Stderr, "rexxlxd: %v\n", err)
				return 1
			}
			src, file, haveSource = string(b), "-", true
		}
	}
	in, env := rexxlxd.New(rexxlxd.Options{LXD: lxd.Config{Socket: socket, Remote: remote}})
	if !haveSource {
		return startREPL(in, env, nil)
	}
	prog, err := parser.Parse(file, src)
	if err != nil {
		return report(interp.AsError(err))
	}
	if check {
		return 0
	}
	in.SourceName = absPath(file)
	in.LineBuffered = isTerminal(os.Stdout)
	stop := haltOnInterrupt(in)
	// With no operands the program gets no argument at all (ARG() is 0),
	// as under Regina; otherwise they are one argument, blank-joined.
	var progArgs []string
	if len(args) > 0 {
		progArgs = []string{strings.Join(args, " ")}
	}
	v, err := in.Run(context.Background(), prog, progArgs...)
	stop()
	if interact {
		if err != nil {
			report(err)
		}
		return startREPL(in, env, prog)
	}
	if err != nil {
		return report(err)
	}
	return interp.ExitStatus(v)
}

// haltOnInterrupt turns each Ctrl-C (SIGINT) into the HALT condition
// while a script runs, until the returned stop is called.
func haltOnInterrupt(in *interp.Interp) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-sigs:
				in.Halt()
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

func usageError(msg string) int {
	fmt.Fprintf(os.Stderr, "rexxlxd: %s\n\n%s", msg, usage)
	return 2
}

// report prints an error as Regina does and returns the exit status.
func report(err error) int {
	var e *interp.Error
	if errors.As(err, &e) {
		fmt.Fprint(os.Stderr, e.Message())
		return e.ExitStatus()
	}
	fmt.Fprintf(os.Stderr, "rexxlxd: %v\n", err)
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
