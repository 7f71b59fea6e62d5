// Package interp runs REXX programs: values, arithmetic, variables,
// execution and the ADDRESS environments commands go to.
package interp

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/rexxlxd/rexxlxd/builtin"
	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/parser"
	"github.com/rexxlxd/rexxlxd/stream"
)

// Interp is a REXX interpreter. One Interp runs one program at a time;
// its variables, ADDRESS setting and traps persist between calls of Exec,
// which is what the REPL builds on.
type Interp struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	// SourceName is the program's path as PARSE SOURCE reports it.
	SourceName string
	// MaxStack is the Go stack, in bytes, that nested routines and
	// INTERPRET strings may use before error 11 (Control stack full)
	// stops a runaway recursion; New sets 256 MB (64 MB on 32-bit
	// systems), below Go's own fatal limit. Zero means no budget.
	MaxStack int
	// MaxDepth, when positive, also bounds the number of nested routine
	// calls (error 11 beyond it); New leaves it 0, no bound.
	MaxDepth int
	// StepLimit, when positive, stops a program after that many clauses
	// with error 5; fuzz tests use it to bound endless loops.
	StepLimit int
	// LineBuffered makes every SAY line go out at once rather than when
	// the buffer fills: for a terminal, where a person watches.
	LineBuffered bool
	// CommandHook, when set, is called after every command an
	// environment ran, with the environment's name, the command, RC and
	// the variables of the caller (where the command set RESULT.). The
	// REPL shows what the command returned with it.
	CommandHook func(env, cmd string, rc int, vars Variables)
	// ShowsResult, when set, says for an environment's name whether the
	// embedder shows a person each command's outcome itself, through
	// CommandHook (the REPL on a terminal: a ResultViewer's view, or the
	// RC). For those commands Call.Shown is set, and a failed command is
	// not traced under TRACE N, E or F, which trace only failures: the
	// trace would repeat the RC the person sees already, so that each
	// failure shows once. Commands with WITH redirections are not shown
	// this way (their output goes where the program said).
	ShowsResult func(env string) bool
	// TraceInput, when set, reads the line an interactive trace pause
	// (TRACE ?R) waits for; the REPL reads it with its own line editor.
	// nil: a line of standard input, through the buffer LINEIN and PULL
	// use, as Regina reads it (at the end of input, "": go on).
	TraceInput func() (string, error)

	envs      map[string]Environment
	libs      map[string]func(*Interp) error
	required  map[string]bool
	rexxjs    bool // a REQUIRE succeeded: conditions follow RexxJS (see rexxjs.go)
	queue     queue
	streams   *stream.Table
	script    *code // the program Run ran last; the REPL can call its routines
	out       *bufio.Writer
	outTo     io.Writer
	halt      atomic.Bool
	haltDesc  atomic.Pointer[string]  // CONDITION('D') of the HALT pending: the signal's name
	cmdHalt   atomic.Pointer[cmdHalt] // the command running, as Halt sees it
	ctx       context.Context
	top       *activation
	steps     int
	externals map[string]*external
	timer     builtin.Timer
	rand      *libcRandom
	environ   map[string]string // VALUE(…,'ENVIRONMENT') changes; see environ.go
	// traced is the line of the clause TRACE showed last: Regina leaves
	// the number out for another clause of the same line.
	traced int
	// tailSubst is Regina's flag for TRACE I's >C> line: set by every
	// compound whose tail has a variable, cleared by DROP of one whose
	// tail has no variable set, and never cleared otherwise, so that a.1
	// shows its derived name after a.i did and not before. Compounds set
	// it only while TRACE R or I runs, which costs nothing untraced.
	tailSubst bool
	// dbg is interactive trace's state, one for the program as Regina
	// keeps it.
	dbg debugState
	// levelStack is the stack the last measured level used (see nest).
	levelStack int
	// argStack holds the argument lists of the calls under way (see
	// pushArgs), so that a call does not allocate one.
	argStack []builtin.Arg
}

// New returns an interpreter with no environments registered; the
// embedding program registers SYSTEM and any others.
func New() *Interp {
	in := &Interp{
		Stdin:    os.Stdin,
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		MaxStack: defaultMaxStack(),
		envs:     map[string]Environment{},
		libs:     map[string]func(*Interp) error{},
		required: map[string]bool{},
		ctx:      context.Background(),
	}
	return in
}

// Register makes env the ADDRESS environment called name (matched
// without regard to case).
func (in *Interp) Register(name string, env Environment) {
	in.envs[strings.ToUpper(name)] = env
}

// Library declares a name REQUIRE accepts; load runs when a program
// first requires it (typically registering an environment).
func (in *Interp) Library(name string, load func(*Interp) error) {
	in.libs[name] = load
}

// Halt raises the HALT condition at the next clause, as Ctrl-C does. A
// command running in an environment sees its context cancelled, so a
// long wait (for an LXD operation, say) ends too. Halt may be called
// from any goroutine.
func (in *Interp) Halt() { in.HaltFor("SIGINT") }

// HaltFor is Halt for the signal called desc ("SIGINT", "SIGTERM"),
// which CONDITION('D') returns in a HALT handler, as under Regina. While
// an ADDRESS command runs, the first halt cancels its context and a
// second one closes the channel HaltedAgain returns for that context, so
// that a command cleaning up after the first (deleting what it made) can
// give up its clean-up and report at once.
func (in *Interp) HaltFor(desc string) {
	in.haltDesc.Store(&desc)
	in.halt.Store(true)
	if h := in.cmdHalt.Load(); h != nil {
		h.halt()
	}
}

// Vars returns the top-level variable pool of the last program run (or
// of the REPL session).
func (in *Interp) Vars() Variables {
	return poolVars{in.session().pool}
}

// session returns the persistent top-level activation.
func (in *Interp) session() *activation {
	if in.top == nil {
		in.top = in.newActivation(nil, nil)
	}
	return in.top
}

func (in *Interp) newActivation(c *code, parent *activation) *activation {
	a := &activation{in: in, code: c, main: c, parent: parent, callType: "COMMAND"}
	if parent == nil {
		a.pool = newPool()
		a.numeric = num.DefaultContext()
		a.env, a.prevEnv = "SYSTEM", "SYSTEM"
		a.setTrace("N")
		a.traps = map[string]*trap{}
	} else {
		a.pool = parent.pool
		a.numeric = parent.numeric
		a.env, a.prevEnv = parent.env, parent.prevEnv
		a.trace, a.tm = parent.trace, parent.tm
		// Traps are copied, each routine setting its own; with none
		// set the map is made by the first setTrap.
		if len(parent.traps) > 0 {
			a.traps = make(map[string]*trap, len(parent.traps))
			for k, t := range parent.traps {
				c := *t
				a.traps[k] = &c
			}
		}
		a.depth = parent.depth + 1
		a.callerLoops = parent.callerLoops + len(parent.loops) + parent.outerLoops
		a.stack = parent.stack
	}
	return a
}

// Run runs a whole program with the given argument strings (as from the
// command line: one argument for PARSE ARG unless the caller splits them)
// in a fresh variable pool. It returns the value of EXIT or RETURN ("" if
// none) and any REXX error (an *Error).
func (in *Interp) Run(ctx context.Context, prog *parser.Program, args ...string) (string, error) {
	in.top = nil
	a := in.session()
	for _, s := range args {
		a.args = append(a.args, builtin.Arg{Value: s, Present: true})
	}
	v, _, err := in.exec(ctx, a, prog)
	in.script = a.main
	if cerr := in.closeStreams(); cerr != nil && err == nil {
		err = cerr
	}
	in.streams = nil
	return v, err
}

// Exec runs a program in the persistent session: variables, ADDRESS and
// traps carry over from earlier calls. The REPL runs each entry so.
// exited reports whether the program ran EXIT (or RETURN at top level),
// with value its result.
func (in *Interp) Exec(ctx context.Context, prog *parser.Program) (value string, exited bool, err error) {
	return in.exec(ctx, in.session(), prog)
}

func (in *Interp) exec(ctx context.Context, a *activation, prog *parser.Program) (string, bool, error) {
	in.ctx = ctx
	in.steps = 0
	in.dbg.endPause()    // a REPL entry after one that ended at a pause
	in.halt.Store(false) // a Ctrl-C that came after the last program ended
	a.code = compile(prog)
	a.main = a.code
	a.loops = nil
	a.pending = nil
	a.stack = stackBase()
	v, err := a.run(0)
	// SAY output still in the buffer goes out now; if it cannot, the
	// program's end is no success: its output was lost.
	ferr := in.flush()
	if ferr != nil {
		ferr = fmt.Errorf("writing standard output: %w", ferr)
	}
	switch e := err.(type) {
	case nil:
		if ferr != nil {
			return "", false, ferr
		}
		return v.String(), false, nil
	case *exitSignal:
		if ferr != nil {
			return "", false, ferr
		}
		return e.val.String(), true, nil
	}
	return "", false, err
}

// maxListedTails bounds the compound variables VarNames lists per stem.
const maxListedTails = 200

// VarNames returns the names of the variables set in the session's
// pool: simple names, and stems with a dot (for REPL completion).
func (in *Interp) VarNames() []string {
	p := in.session().pool
	var names []string
	for n, v := range p.vars {
		if v.set {
			names = append(names, n)
		}
	}
	for n, s := range p.stems {
		size := s.size()
		if s.hasDef || size > 0 {
			names = append(names, n)
		}
		if size <= maxListedTails {
			s.each(func(t string, _ Value, set bool) {
				if set {
					names = append(names, n+t)
				}
			})
		}
	}
	sort.Strings(names)
	return names
}

// Address returns the session's current ADDRESS environment.
func (in *Interp) Address() string { return in.session().env }

// FunctionNames returns the names of all built-in functions.
func FunctionNames() []string {
	var names []string
	for n := range ownFuncs {
		names = append(names, n)
	}
	for n := range builtin.Funcs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ExitStatus converts the value a program returned into a process exit
// status: a whole number is used modulo 256, anything else means 0.
func ExitStatus(v string) int {
	if n, ok := parseSmallInt(v); ok {
		return int(n & 0xff)
	}
	return 0
}

// say writes a line to standard output. Output is buffered, and flushed
// before anything else can write to the same place or wait for input:
// a command, a read from standard input, the end of the program.
func (in *Interp) say(s string) error {
	out := in.stdout()
	out.WriteString(s)
	if err := out.WriteByte('\n'); err != nil || !in.LineBuffered {
		return err
	}
	return out.Flush()
}

// stdout returns the buffer in front of Stdout.
func (in *Interp) stdout() *bufio.Writer {
	if in.out == nil || in.outTo != in.Stdout {
		in.flush()
		in.out, in.outTo = bufio.NewWriterSize(in.Stdout, 8192), in.Stdout
	}
	return in.out
}

// flush writes out buffered SAY output. Its error stays with the buffer,
// so the end of the program reports it even when an earlier flush (before
// a command, say) had no one to tell.
func (in *Interp) flush() error {
	if in.out != nil {
		return in.out.Flush()
	}
	return nil
}
