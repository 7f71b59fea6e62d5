// Package repl is rexxlxd's interactive session, after the classic
// rexxtry: each entry runs in one persistent interpreter, so variables,
// the current ADDRESS, SIGNAL ON settings and loaded REQUIREs carry over,
// and ADDRESS LXD drives containers by hand.
//
// The decisions are plain functions with table tests: Assemble says
// whether the lines typed so far make a complete entry, Complete what Tab
// offers. Run is the thin loop around them, on a terminal with
// github.com/chzyer/readline or, on a pipe, over plain lines.
//
// The session knows ADDRESS environments only through interp: one that
// implements interp.Describer gets help and tab completion for its
// commands, one that implements interp.ResultViewer has what each command
// returned shown on the terminal. It acts on nothing beyond what Options
// gives it: no signals unless Options.Interrupts delivers them, no exit
// of the process (Run returns the status).
package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
	"github.com/rexxlxd/rexxlxd/termtext"
)

// Options configures Run.
type Options struct {
	// In is where entries are read. A terminal gets prompts, line
	// editing, history and completion; anything else is read as plain
	// lines with no prompt.
	In *os.File
	// Out and Err receive prompts and help, and error messages.
	Out, Err io.Writer
	// HistoryFile keeps entries across sessions; "" means HistoryPath(),
	// "-" keeps none.
	HistoryFile string
	// Script names the program that ran before the session (rexxlxd -i
	// FILE), for the greeting.
	Script string
	// Interrupts delivers Ctrl-C (SIGINT) to the session; the embedder
	// owns the process's signals (cmd/rexxlxd passes signal.Notify's
	// channel). While an entry runs, an interrupt halts it (HALT at the
	// next clause; a second one cancels the command still running).
	// Reading plain lines, an interrupt between entries ends the session
	// with status 130. nil: the session takes no interrupts (on a
	// terminal, Ctrl-C at the prompt still clears the line).
	Interrupts <-chan os.Signal
}

// Prompts of the session; the main one names the ADDRESS environment
// when it is not the default SYSTEM.
const (
	promptMain     = "rexx> "
	promptContinue = "...> "
)

// namesTTL bounds how long live names from the daemon are reused while
// completing before they are asked for again.
const namesTTL = 5 * time.Second

// Run reads entries from opts.In and runs each in the interpreter until
// EXIT (its value is the returned status), Ctrl-D or the end of input
// (status 0). Errors are reported and the session goes on.
func Run(in *interp.Interp, opts Options) int {
	if opts.In == nil {
		opts.In = os.Stdin
	}
	if opts.Out == nil {
		opts.Out = os.Stdout
	}
	if opts.Err == nil {
		opts.Err = os.Stderr
	}
	s := &session{in: in, opts: opts, quit: make(chan struct{})}
	// A person is watching: SAY output goes out line by line, not when
	// the entry ends.
	in.LineBuffered = true
	s.names = newNameCache(s.fetchValues, namesTTL)

	if err := s.openReader(); err != nil {
		fmt.Fprintf(opts.Err, "rexxlxd: %v\n", err)
		return 1
	}
	defer s.lines.close()

	prev := in.CommandHook
	in.CommandHook = func(envName, cmd string, rc int, vars interp.Variables) {
		if prev != nil {
			prev(envName, cmd, rc, vars)
		}
		s.showResult(envName, cmd, rc, vars)
	}
	defer func() { in.CommandHook = prev }()
	// On a terminal the session shows each command's outcome itself (a
	// view, or the RC), so each failure shows once: no TRACE line for it
	// and, from an environment with a view, no failure line of its own.
	// Reading a pipe the session shows nothing of its own, and a failure
	// shows as in a script (the environment's line and the trace).
	prevShows := in.ShowsResult
	if s.terminal {
		in.ShowsResult = func(string) bool { return true }
	}
	defer func() { in.ShowsResult = prevShows }()

	// An interactive trace pause (TRACE ?R) reads its line as an entry
	// is read: with line editing on a terminal, no prompt, as Regina.
	prevInput := in.TraceInput
	in.TraceInput = s.traceLine
	defer func() { in.TraceInput = prevInput }()

	stop := s.catchInterrupts()
	defer stop()
	if s.terminal {
		s.greet()
		s.updateAddress()
	}
	return s.loop()
}

// openReader chooses where entries come from: line editing on a
// terminal, plain lines otherwise.
func (s *session) openReader() error {
	fi, err := s.opts.In.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 || !termtext.IsTerminal(s.opts.In) {
		// A pipe, a file, or a device such as /dev/null.
		s.lines = plainReader{r: s.opts.In, quit: s.quit}
		return nil
	}
	history := ""
	if s.opts.HistoryFile != "-" {
		history, err = prepareHistory(s.opts.HistoryFile)
		if err != nil {
			fmt.Fprintf(s.opts.Err, "rexxlxd: no history: %v\n", err)
			history = ""
		}
	}
	tr, err := newTermReader(s.opts.In, s.opts.Out, s.opts.Err, history, &completer{s.sources()})
	if err != nil {
		return err
	}
	s.lines, s.terminal = tr, true
	return nil
}

// session is the state of one Run.
type session struct {
	in       *interp.Interp
	opts     Options
	lines    lineReader
	terminal bool
	names    *nameCache

	mu      sync.Mutex
	address string        // the ADDRESS environment after the last entry
	running *runningEntry // the entry being run, for Ctrl-C

	quit     chan struct{} // closed by an interrupt between piped entries
	quitOnce sync.Once
	// quitStatus is the exit status when quit was closed by SIGTERM
	// (0: 130, for SIGINT).
	quitStatus atomic.Int32
}

// greet prints the one-time greeting on a terminal.
func (s *session) greet() {
	if s.opts.Script != "" {
		fmt.Fprintf(s.opts.Out, "rexxlxd: %s has run; its variables are in this session.\n", s.opts.Script)
	}
	fmt.Fprintf(s.opts.Out, "%s. Type help or ? for commands, Ctrl-D or EXIT to leave.\n", interp.Version)
}

// loop reads and runs entries until the session ends.
func (s *session) loop() int {
	var block []string
	for {
		line, err := s.lines.readLine(s.prompt(len(block) > 0))
		select {
		case <-s.quit:
			err = errQuit
		default:
		}
		switch {
		case errors.Is(err, errInterrupt):
			block = nil
			continue
		case errors.Is(err, errQuit):
			if st := s.quitStatus.Load(); st != 0 {
				return int(st)
			}
			return 130 // as a shell reports a program ended by SIGINT
		case errors.Is(err, io.EOF):
			if len(block) == 0 {
				return 0
			}
			// The input ended inside an entry: say what is unfinished.
			_, perr := parser.Parse(File, strings.Join(block, "\n"))
			if perr == nil {
				perr = errors.New("unfinished entry dropped")
			}
			status := s.report(interp.AsError(perr))
			if !s.terminal {
				return status
			}
			block = nil
			continue
		case err != nil:
			fmt.Fprintf(s.opts.Err, "rexxlxd: reading input: %v\n", err)
			return 1
		}
		if len(block) == 0 {
			if blank(line) {
				continue
			}
			if isHelp(line) {
				s.lines.remember(line)
				s.help()
				continue
			}
		}
		s.lines.remember(line)
		block = append(block, line)
		prog, more, perr := Assemble(strings.Join(block, "\n"))
		if more {
			continue
		}
		block = nil
		if perr != nil {
			s.report(interp.AsError(perr))
			continue
		}
		if exited, status := s.run(prog); exited {
			return status
		}
	}
}

// traceLine reads the line an interactive trace pause waits for. Ctrl-C
// there halts the entry, as it does while the entry runs.
func (s *session) traceLine() (string, error) {
	line, err := s.lines.readLine("")
	if errors.Is(err, errInterrupt) {
		s.in.Halt()
	}
	return line, err
}

// prompt is the prompt for the next line.
func (s *session) prompt(continued bool) string {
	if !s.terminal {
		return ""
	}
	if continued {
		return promptContinue
	}
	s.mu.Lock()
	addr := s.address
	s.mu.Unlock()
	if addr == "" || strings.EqualFold(addr, "SYSTEM") {
		return promptMain
	}
	return "rexx[" + addr + "]> "
}

// help prints the help entry's text.
func (s *session) help() {
	var envs []EnvHelp
	for _, name := range s.describers() {
		envs = append(envs, EnvHelp{name, s.commands(name)})
	}
	WriteHelp(s.opts.Out, envs, parser.Keywords)
}

// report prints err as Regina does and returns the status it stands for.
// A message may quote a value (Error 41.1 does), and a value may hold what
// a guest wrote, so its control characters are shown escaped.
func (s *session) report(err error) int {
	var e *interp.Error
	if errors.As(err, &e) {
		fmt.Fprint(s.opts.Err, termtext.Escape(e.Message()))
		return e.ExitStatus()
	}
	fmt.Fprintf(s.opts.Err, "rexxlxd: %s\n", termtext.Escape(err.Error()))
	return 1
}

// run runs one entry. exited reports that it ran EXIT, with status the
// process status its value stands for.
func (s *session) run(prog *parser.Program) (exited bool, status int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &runningEntry{cancel: cancel}
	s.mu.Lock()
	s.running = r
	s.mu.Unlock()
	v, exited, err := s.exec(ctx, prog)
	s.mu.Lock()
	s.running = nil
	s.mu.Unlock()

	s.names.reset()
	if exited && err == nil {
		return true, interp.ExitStatus(v)
	}
	s.lines.afterOutput()
	if err != nil {
		s.report(err)
	}
	if s.terminal {
		s.updateAddress()
	}
	return false, 0
}

// exec runs prog in the session, turning a panic in the interpreter into
// an error so that no input can end the session that way.
func (s *session) exec(ctx context.Context, prog *parser.Program) (v string, exited bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, exited, err = "", false, fmt.Errorf("internal error: %v", p)
		}
	}()
	return s.in.Exec(ctx, prog)
}

// updateAddress records the session's ADDRESS environment for the prompt
// and completion.
func (s *session) updateAddress() {
	addr := s.currentAddress()
	s.mu.Lock()
	s.address = addr
	s.mu.Unlock()
}

// currentAddress returns the session's ADDRESS environment.
func (s *session) currentAddress() string {
	return strings.ToUpper(s.in.Address())
}

// sources is what completion draws on in this session.
func (s *session) sources() *Sources {
	return &Sources{
		Keywords:  parser.Keywords,
		Functions: interp.FunctionNames(),
		Vars:      s.in.VarNames,
		Address: func() string {
			s.mu.Lock()
			defer s.mu.Unlock()
			return s.address
		},
		Commands: s.commands,
		Values: func(env, command, key string) []string {
			return s.names.get(env + "\x00" + command + "\x00" + key)
		},
	}
}
