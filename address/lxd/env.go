// Package lxd is the ADDRESS LXD environment: REXX commands that create,
// run, clone and delete LXD system containers by speaking LXD's REST API
// over its unix socket. No host shell or lxc binary is ever involved, so no
// instance name or command value can reach a host command line.
//
// A command is a word and key=value pairs, e.g.
//
//	"create name=web1 image=rexxlxd-busybox memory=256MB start=true"
//
// After each command RC and the RESULT. stem describe what happened; see
// docs/address-lxd.md for every command and field.
//
// The command language is parsed by hand (syntax.go), not with a
// participle grammar, although it is small and mostly declarative. A
// participle version was tried: its grammar is a dozen lines, but blanks
// are significant here (they separate pairs, and 'a'b must be refused), so
// they are tokens the grammar spells out between every part; its Unquote
// does not know REXX's doubled quotes (a quote written twice inside a
// quoted value), so that needs our code anyway; the unquoted command=
// value, which runs on up to a word that starts with a key of that
// command, depends on the command word, a context-sensitive rule a grammar
// cannot state; and its errors say less: "unexpected token "b"" or "lexer:
// invalid input text" where ours say "a blank must follow the quoted value
// of command=" or "unclosed quote '" with the position of the quote. With
// the hook, the unquoting and the error rewriting it would not be shorter
// than syntax.go, only less clear.
package lxd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/termtext"
)

// Return codes besides 0 (success) and, for execute, the guest command's
// exit status. Positive codes raise ERROR, negative ones FAILURE.
const (
	// RCError: LXD refused or failed the command (no such instance, name
	// taken, instance not running, ...). RESULT.ERROR has LXD's text.
	RCError = 1
	// RCUsage: the command was recognised but its keys or values are
	// wrong (unknown, repeated or missing key, bad name, bad unit, bad
	// quoting). Nothing was sent to LXD.
	RCUsage = 2
	// RCExecTimeout: execute's timeout= ran out; the guest command was
	// killed.
	RCExecTimeout = 124
	// RCUnreachable: the LXD daemon could not be reached at all.
	RCUnreachable = -1
	// RCTimeout: LXD did not finish within Config.Timeout, or the
	// program was interrupted while waiting.
	RCTimeout = -2
	// RCUnknownCommand: the first word is no ADDRESS LXD command.
	RCUnknownCommand = -3
	// RCConnectionLost: the connection to LXD broke while a command was
	// under way (the daemon was killed or restarted), so whether LXD did
	// what was asked is unknown. A command that was making an instance
	// checks it once the daemon answers again and says in RESULT.ERROR
	// whether it was made, is missing, or is broken.
	RCConnectionLost = -4
)

// Config sets up an Env. The zero value works: the local daemon found as
// the lxc client finds it, and the default timeouts.
type Config struct {
	// Socket is the daemon's unix socket; "" means $LXD_SOCKET, else
	// $LXD_DIR/unix.socket, else the snap's or the Debian package's.
	Socket string
	// Timeout bounds the LXD work of one command (an image download on
	// create included); 0 means 10 minutes. It does not apply to
	// execute, which has its own timeout=, and a stop with a longer
	// timeout= gets that much.
	Timeout time.Duration
	// StopTimeout is how long stop waits for a clean shutdown when the
	// command gives no timeout=; 0 means 30 seconds.
	StopTimeout time.Duration
	// NamesTimeout bounds Names, which the REPL calls while the user
	// types; 0 means 500 milliseconds.
	NamesTimeout time.Duration
	// Remote is the lxc remote commands go to until a connect; "" means
	// the lxc client's default-remote ("local" unless configured), or
	// the local daemon when Socket is set.
	Remote string
	// Project is the LXD project until a connect; "" means the remote's
	// default project.
	Project string
	// ResponseTimeout bounds how long LXD may take to start answering
	// one request (its response headers), and any silence in the middle
	// of an answer's body; then the command ends with RC -2. It keeps a
	// hung daemon from blocking status or list for the whole Timeout.
	// Waits for LXD's operations (a create, a stop with its timeout=, an
	// execute) are not bound by it. 0 means 30 seconds.
	ResponseTimeout time.Duration
	// RecoverTimeout is how long a command whose connection to LXD broke
	// while it was making an instance waits for the daemon to answer
	// again, to check what it left; 0 means 30 seconds.
	RecoverTimeout time.Duration
}

// Env is the ADDRESS LXD environment, the handle a program holds. It
// implements interp.Environment. It connects on its first command, not
// before, so a program that never addresses LXD never touches the socket.
// An Env is safe for concurrent use.
type Env struct {
	*shared
}

var _ interp.Environment = (*Env)(nil)

// view is the Env as one command sees it: the shared state, the client
// of the remote and project the command goes to (made by shared.on, so
// never missing), and the caller's streams. Commands are methods of view,
// written against e.lxd() and never caring where it points.
type view struct {
	*shared
	client     *lxdapi.Client
	remoteName string
	out        outStreams
}

// outStreams are the caller's streams as a command uses them, set once by
// Run: they reach commands through their view and nowhere else.
type outStreams struct {
	// stderr is the caller's error stream, for warnings and a fleet's
	// progress line; nil: none.
	stderr io.Writer
	// progress is where a single command shows an operation's progress:
	// stderr when it is a terminal, nil otherwise and in a fleet's
	// members, whose progress is the fleet's line.
	progress io.Writer
	// live is where execute stream=true copies output; nil: discarded.
	live *callStreams
	// call is the program's own streams and environment, unescaped: the
	// terminal shell takes over (view.terminal); nil: none.
	call *interp.Call
}

// outStreamsOf returns the streams of call as commands use them: its
// stderr, for progress too when it is a terminal (a buffer, pipe or file
// gets none), and its streams for stream=true.
func outStreamsOf(call *interp.Call) outStreams {
	if call == nil {
		return outStreams{}
	}
	out := outStreams{stderr: call.Stderr, live: liveOf(call), call: call}
	if termtext.IsTerminal(call.Stderr) {
		out.progress = call.Stderr
	}
	return out
}

// New returns an Env with cfg's settings, defaults filled in.
func New(cfg Config) *Env {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Minute
	}
	if cfg.StopTimeout <= 0 {
		cfg.StopTimeout = 30 * time.Second
	}
	if cfg.NamesTimeout <= 0 {
		cfg.NamesTimeout = 500 * time.Millisecond
	}
	if cfg.ResponseTimeout <= 0 {
		cfg.ResponseTimeout = 30 * time.Second
	}
	if cfg.RecoverTimeout <= 0 {
		cfg.RecoverTimeout = 30 * time.Second
	}
	return &Env{&shared{cfg: cfg}}
}

// quiet returns a copy of the view that writes to none of the caller's
// streams: for work that outlives the command (a pool's refill).
func (e *view) quiet() *view {
	q := *e
	q.out = outStreams{}
	return &q
}

// lxd returns the client of the view's remote and project.
func (e *view) lxd() *lxdapi.Client { return e.client }

// Close waits for the warm-pool refills this Env started (bounded by
// refillWait, see pool_make.go), so a script that acquired members ends
// with its pools full again, and releases the Env's idle connections to
// its daemons.
func (e *Env) Close() {
	e.refills.wait(refillWait)
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.clients {
		c.Close()
	}
}

// Run executes one ADDRESS LXD command, sets RESULT. and RESULT in
// call.Vars and returns RC. It never panics on any input: a bad command is
// an RC and a message in RESULT.OUTPUT and RESULT.ERROR. A command that
// fails also writes one line, "Error: " and the reason, to call.Stderr, as
// lxc does, so failures are visible without a look at RESULT (but not
// with call.Shown: the interactive session's view says it already);
// ADDRESS ... WITH ERROR redirects it like any command output. The line shows control
// characters escaped (termtext), since the reason may quote a guest's
// output or file names; RESULT.ERROR keeps them as they were.
func (e *Env) Run(ctx context.Context, cmd string, call *interp.Call) (rc int) {
	start := time.Now()
	res := &result{}
	var stderr io.Writer
	if call != nil {
		stderr = call.Stderr
	}
	defer func() {
		if p := recover(); p != nil {
			rc = RCError
			res.fail("internal error in ADDRESS LXD", fmt.Sprint(p))
			res.err = res.output
		}
		res.elapsed = time.Since(start)
		if !res.success && stderr != nil && !call.Shown { // Shown: the session's view says it
			fmt.Fprintf(stderr, "Error: %s\n", termtext.Line(oneLine(res.errorText())))
		}
		if call != nil && call.Vars != nil {
			res.write(call.Vars)
		}
	}()
	streams, flush := escapedStreams(call) // stream=true output, escaped on a terminal
	defer flush()
	out := outStreamsOf(call)
	out.live = liveOf(streams)
	return e.run(ctx, cmd, res, out)
}

// oneLine folds a multi-line message into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// run parses and dispatches one command and turns its outcome into RC and
// the common RESULT fields. A fleet command whose name= names several
// instances, and clone_from_base with count=, go to the fleet code.
func (e *Env) run(ctx context.Context, cmd string, res *result, out outStreams) int {
	pc, err := parseCommand(cmd)
	if err != nil {
		c, known := lookupCommand(pc.Word)
		if !known && pc.Word != "" {
			return unknownCommand(pc.Word, res)
		}
		if !known {
			res.success, res.reason, res.output = false, err.Error(), err.Error() // no command to name
			return RCUsage
		}
		res.operation = c.name
		return failed(c.name, &UsageError{Msg: err.Error()}, res)
	}
	c, ok := lookupCommand(pc.Word)
	if !ok {
		return unknownCommand(pc.Word, res)
	}
	res.operation = c.name
	rest, remote, project, err := splitWhere(c, pc.Args)
	if err != nil {
		return failed(c.name, err, res)
	}
	args, err := c.checkArgs(rest)
	if err == nil {
		err = checkNames(c, args)
	}
	if err != nil {
		return failed(c.name, err, res)
	}
	vctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout) // a first HTTPS contact is bounded too
	v, err := e.on(vctx, remote, project)
	cancel()
	if err != nil {
		return failed(c.name, err, res)
	}
	v.out = out
	switch {
	case c.names == nameList && isNameSet(args["name"]):
		return v.runFleet(ctx, c, "name", args, res)
	case c.name == "clone_from_base" && hasKey(args, "count"): // count= (empty) is a usage error there
		return v.cloneFleet(ctx, args, res)
	}
	rc := v.runOne(ctx, c, args, res)
	if rc != 0 {
		nameInstance(c.name, args, res) // a fleet's rows have NAME, its summary names each
	}
	return rc
}

// runOne runs a command on one instance (or none) under the command
// timeout, and turns its error into RC.
func (e *view) runOne(ctx context.Context, c *command, args cmdArgs, res *result) int {
	if limit := e.commandTimeout(c.name, args); limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	err := c.run(e, ctx, args, res)
	if c.changes {
		res.trackChange(err)
	}
	if err != nil {
		rc := failed(c.name, err, res)
		if name, ok := args["name"]; ok && c.namesInstance() && interrupted(ctx) {
			e.sayWhatIsLeft(ctx, name, res)
		}
		return rc
	}
	res.success = true
	if (c.name == "execute" || c.name == "shell") && res.exitCode != 0 {
		// OUTPUT stays the command's standard output; ERROR says why.
		res.success = false
		res.exitedNonZero = true
		res.reason = fmt.Sprintf("the command exited with status %d in %s", res.exitCode, args["name"])
		if res.lxdError != "" {
			res.reason += " (LXD: " + res.lxdError + ")"
		}
		res.err = c.name + ": " + res.reason
		return res.exitCode
	}
	return 0
}

// sayWhatIsLeft ends the error of a command on one instance that the
// program interrupted with what LXD holds of the instance now (as a
// fleet's rows do, see settleFleet), rather than "context canceled":
// RESULT.STATUS is LXD's status then, or Missing.
func (e *view) sayWhatIsLeft(ctx context.Context, name string, res *result) {
	status, why := e.lookStatus(ctx, name)
	if status == lostUnknown {
		status += ": " + why
	}
	res.set("STATUS", status)
	reason := res.why()
	if errors.Is(res.cause, context.Canceled) {
		reason = "interrupted while waiting for LXD"
	}
	res.fail(res.operation, reason+"; "+statusWords(name, status))
}

// commandTimeout is how long a command's LXD work may take before RC -2:
// Config.Timeout, but never less than a stop's own timeout= (or a wait's,
// or the ready wait's of start and clone_from_base) allows, and no
// limit for execute, whose commands (a long apt install) may rightly run
// for hours unless its own timeout= says otherwise.
func (e *view) commandTimeout(name string, args cmdArgs) time.Duration {
	switch name {
	case "execute", "shell":
		return 0
	case "register_base":
		if _, ok := args["prepare"]; ok {
			return 0 // prepare= runs a command, which may take as long as an execute
		}
	case "stop", "restart", "wait", "start", "clone_from_base":
		if limit, ok := args.seconds("timeout"); ok {
			return max(e.cfg.Timeout, limit+time.Minute)
		}
	}
	return e.cfg.Timeout
}

// unreachableHint tells the user of RC -1 the two ways out: start the
// daemon, or point rexxlxd at the one that runs.
const unreachableHint = "is the LXD daemon running? Start it (lxd --group lxd, snap start lxd, or scripts/lxd-setup.sh " +
	"in rexxlxd's source), or point rexxlxd at its socket with --lxd-socket PATH, LXD_SOCKET=PATH or LXD_DIR=DIR"

func unknownCommand(word string, res *result) int {
	res.operation = strings.ToLower(word)
	res.reason = unknownCommandText(word)
	res.output = res.reason
	return RCUnknownCommand
}

// failed records a command's error in res and returns its RC. The
// message is built once, from what err is: a usage error's text alone, LXD's
// words (an *lxdapi.Error reads "LXD: ..."), and for a daemon that cannot
// be reached, did not answer or went away, what the user can do or know.
func failed(name string, err error, res *result) int {
	reason, rc := describe(err, res)
	res.fail(name, reason)
	res.cause = err
	return rc
}

// describe returns the reason a command failed with err, and its RC.
func describe(err error, res *result) (string, int) {
	var usage *UsageError
	var timeout *execTimeoutError
	switch {
	case errors.As(err, &usage):
		return usage.Msg, RCUsage
	case errors.As(err, &timeout):
		return err.Error(), RCExecTimeout
	case errors.Is(err, lxdapi.ErrConnectionLost):
		var lost *lostError
		switch {
		case errors.As(err, &lost):
			// The message ends with what was found; STATUS says it
			// in one word.
			res.set("STATUS", lost.status)
			return err.Error(), RCConnectionLost
		case res.get("CONTAINER") != "":
			return err.Error() + "; the state of " + res.get("CONTAINER") + " is unknown", RCConnectionLost
		}
		return err.Error() + "; whether LXD did what was asked is unknown", RCConnectionLost
	case errors.Is(err, lxdapi.ErrNoResponse):
		return err.Error(), RCTimeout
	case errors.Is(err, lxdapi.ErrUnreachable) && errors.Is(err, fs.ErrPermission):
		return err.Error() + "; " + permissionHint(err), RCUnreachable
	case errors.Is(err, lxdapi.ErrUnreachable):
		return err.Error() + "; " + unreachableHint, RCUnreachable
	case errors.Is(err, context.DeadlineExceeded):
		return "LXD did not finish within the command timeout: " + err.Error(), RCTimeout
	case errors.Is(err, context.Canceled):
		return "interrupted while waiting for LXD: " + err.Error(), RCTimeout
	}
	return err.Error(), RCError
}
