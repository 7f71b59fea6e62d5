package lxd

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// execMarker is the environment variable every execute's command gets,
// with a value unique to that run, so that the processes to kill on a
// timeout or an interrupt can be found in the guest.
const execMarker = "REXXLXD_EXEC"

// maxArgLen is the longest command= that can run: Linux's limit on one
// argument string (MAX_ARG_STRLEN, 32 pages of 4 KiB, NUL included).
// A longer one fails in the guest's execve with "argument list too long".
const maxArgLen = 32*4096 - 1

// cwdScript runs the command ($3) in the directory $1, or, when the shell
// cannot enter it, writes the line $2 to stderr and exits 1 without
// running anything. LXD's own cwd falls back to / when the directory is
// missing, which would run the command in the wrong place.
const cwdScript = `cd -- "$1" 2>/dev/null || { printf '%s\n' "$2" >&2; exit 1; }; exec /bin/sh -c "$3"`

// DefaultMaxOutput is how many bytes of each of stdout and stderr execute
// keeps in RESULT unless maxoutput= says otherwise; the rest is read and
// dropped, so memory stays bounded whatever the command prints.
const DefaultMaxOutput = 1 << 20

// maxMaxOutput bounds maxoutput=: RESULT lives in REXX variables.
const maxMaxOutput = 1 << 30

// killWait bounds how long execute waits, after killing a timed-out or
// interrupted command, for its output to end and LXD to report it.
const killWait = 10 * time.Second

// killScriptTimeout bounds the kill script within killWait, leaving time
// to signal the command's first process and collect its end.
const killScriptTimeout = 7 * time.Second

// execTimeoutError is execute's timeout= running out.
type execTimeoutError struct {
	seconds float64
	killErr error
}

func (e *execTimeoutError) Error() string {
	secs := strconv.FormatFloat(e.seconds, 'f', -1, 64)
	if e.killErr != nil {
		return fmt.Sprintf("command did not finish within timeout=%s seconds; killing it failed: %v", secs, e.killErr)
	}
	return fmt.Sprintf("command did not finish within timeout=%s seconds and was killed", secs)
}

// execInterruptedError is an execute whose context ended (HALT, Ctrl-C):
// the command was killed.
type execInterruptedError struct {
	cause, killErr error
}

// Error says what became of the command; Run's message adds that the
// program was interrupted (the error unwraps to context.Canceled).
func (e *execInterruptedError) Error() string {
	if e.killErr != nil {
		return fmt.Sprintf("killing the command failed: %v", e.killErr)
	}
	return "the command was killed"
}

func (e *execInterruptedError) Unwrap() error { return e.cause }

// execute runs a command in a running instance: execute name= command=
// [user=] [cwd=] [timeout=seconds] [env.NAME=value ...] [stdin=text]
// [stream=true] [maxoutput=size] (alias exec). The command is run as
// /bin/sh -c COMMAND, so pipes, && and redirections work in any guest with
// a POSIX shell (bash is not assumed).
//
// It runs through LXD's websocket exec: the output comes straight to us
// and nothing is written to the host's disk. user= is a name or uid
// looked up in the guest's /etc/passwd (giving the primary group and
// HOME), or uid:gid; the default is root. cwd= is the working directory
// (default: the user's home); one that cannot be entered is an error and
// the command does not run. env.NAME=value sets environment variables.
// stdin= is fed to the command (default: an empty stdin). stream=true
// also copies the output, as it comes, to the program's stdout and stderr.
//
// timeout= bounds the command's run time in seconds. When it runs out, or
// when the program is interrupted (HALT), the command and every process
// it started that kept its environment are killed with SIGKILL (found by
// a marker variable); RC is 124 for a timeout and -2 for an interrupt,
// and STDOUT and STDERR hold what the command printed until then.
//
// RC is the command's exit status. RESULT fields: CONTAINER, COMMAND,
// EXITCODE (also when non-zero; empty when the command never finished),
// STDOUT and STDERR (at most maxoutput= bytes each, default 1 MiB, one
// trailing newline removed), STDOUTBYTES and STDERRBYTES (what the
// command printed in all), TRUNCATED (1 when either stream was cut), and
// OUTPUT is STDOUT. SUCCESS is 1 only when the exit status is 0.
func (e *view) execute(ctx context.Context, args cmdArgs, res *result) error {
	name, command := args["name"], args["command"]
	res.set("CONTAINER", name)
	res.set("COMMAND", command)
	res.set("EXITCODE", "")
	res.set("STDOUT", "")
	res.set("STDERR", "")
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	if strings.TrimSpace(command) == "" {
		return &UsageError{Msg: "command= is empty"}
	}
	if len(command) > maxArgLen {
		return &UsageError{Msg: fmt.Sprintf("command= is %d bytes; it is run as one argument of /bin/sh -c, and Linux takes at most %d bytes in one argument (pass a longer script as stdin= with command=sh)", len(command), maxArgLen)}
	}
	opts, err := execOptions(args)
	if err != nil {
		return usage(err)
	}
	marker, err := newMarker()
	if err != nil {
		return err
	}
	req := lxdapi.ExecRequest{Command: []string{"/bin/sh", "-c", command}, Environment: opts.env}
	if cwd, ok := args["cwd"]; ok {
		req.Cwd = cwd
		req.Command = []string{"/bin/sh", "-c", cwdScript, "sh", cwd, cwdFailure(cwd, marker), command}
	}
	// timeout= bounds all of execute's work with LXD, not only the
	// command's run: a daemon that hangs mid-answer must not hold it.
	runCtx := ctx
	if opts.timeout > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, opts.timeout)
		defer cancel()
	}
	if user, ok := args["user"]; ok {
		u, err := e.resolveUser(runCtx, name, user)
		if err != nil {
			return notStarted(ctx, runCtx, name, opts, err)
		}
		req.User, req.Group = u.uid, u.gid
		if u.name != "" && u.uid != 0 {
			setDefault(req.Environment, "USER", u.name)
			setDefault(req.Environment, "HOME", u.home)
		}
	}
	req.Environment[execMarker] = marker
	req.Command = inOwnSession(req.Command) // see exec_session.go

	out := newCapture(opts.maxOutput)
	errOut := newCapture(opts.maxOutput)
	streams := lxdapi.ExecStream{Stdout: out, Stderr: errOut}
	if opts.stdin != "" {
		streams.Stdin = strings.NewReader(opts.stdin)
	}
	if opts.stream {
		lv := e.liveStreams()
		streams.Stdout = &tee{kept: out, live: lv.stdout}
		streams.Stderr = &tee{kept: errOut, live: lv.stderr}
	}
	files := outputFilesFrom(ctx) // stdout= and stderr= (execute_files.go)
	files.wrapStreams(&streams)
	defer func() { res.setOutput(out, errOut) }()

	s, err := e.lxd().ExecStart(runCtx, name, req, streams)
	if err != nil {
		return notStarted(ctx, runCtx, name, opts, err)
	}
	files.started()
	defer s.Close()
	code, err := s.Wait(runCtx)
	if err != nil && runCtx.Err() != nil {
		// Timed out or interrupted: end the command and all it started,
		// then collect what it printed up to now.
		killErr := e.endCommand(ctx, name, marker, s)
		if ctx.Err() != nil {
			return &execInterruptedError{cause: ctx.Err(), killErr: killErr}
		}
		return &execTimeoutError{seconds: opts.timeout.Seconds(), killErr: killErr}
	}
	if err == nil && code == 1 && opts.cwd != "" && errOut.String() == cwdFailure(opts.cwd, marker)+"\n" {
		errOut.Reset()
		return fmt.Errorf("cwd=%s: cannot change to that directory in %s (missing, not a directory, or not open to the user); the command did not run", opts.cwd, name)
	}
	if err != nil && strings.Contains(err.Error(), "argument list too long") {
		return fmt.Errorf("%w; a command and its environment may take about 2 MiB together, one argument or variable at most %d bytes: pass long scripts and data as stdin=", err, maxArgLen)
	}
	return e.execDone(name, code, err, res)
}

// notStarted is the error of an execute whose command LXD did not start:
// when timeout= ran out first (the daemon did not answer in time; no
// command ran, so nothing was killed) it says so and is RC -2, like any
// request LXD does not answer.
func notStarted(ctx, runCtx context.Context, name string, opts execOpts, err error) error {
	if ctx.Err() == nil && errors.Is(runCtx.Err(), context.DeadlineExceeded) {
		return &execNotStartedError{fmt.Sprintf("LXD did not start the command within timeout=%s seconds (is it hung?); nothing ran in %s: %v",
			strconv.FormatFloat(opts.timeout.Seconds(), 'f', -1, 64), name, err)}
	}
	return notFound(name, err)
}

// execNotStartedError is execute's timeout= running out before LXD
// started the command. It is an lxdapi.ErrNoResponse (RC -2).
type execNotStartedError struct{ msg string }

func (e *execNotStartedError) Error() string        { return e.msg }
func (e *execNotStartedError) Is(target error) bool { return target == lxdapi.ErrNoResponse }

// execOpts are execute's optional keys, checked.
type execOpts struct {
	env       map[string]string
	stdin     string
	stream    bool
	timeout   time.Duration
	maxOutput int
	cwd       string
}

// execOptions reads and checks execute's optional keys.
func execOptions(args cmdArgs) (execOpts, error) {
	o := execOpts{env: map[string]string{}, maxOutput: DefaultMaxOutput, stdin: args["stdin"], cwd: args["cwd"]}
	for k, v := range prefixed(args, "env.") {
		if !validEnvName(k) {
			return o, fmt.Errorf("env.%s= is no environment variable name: use letters, digits and _, not starting with a digit", k)
		}
		if k == execMarker {
			return o, fmt.Errorf("env.%s= is reserved for execute's own use", k)
		}
		if len(k)+1+len(v) > maxArgLen {
			return o, fmt.Errorf("env.%s= is %d bytes; Linux takes at most %d bytes in one variable (pass large data as stdin=)", k, len(v), maxArgLen)
		}
		if strings.ContainsRune(v, 0) {
			return o, fmt.Errorf("env.%s= holds a NUL character, which no environment can", k)
		}
		o.env[k] = v
	}
	o.stream = args.flag("stream")
	o.timeout, _ = args.seconds("timeout")
	o.maxOutput = int(args.byteSize("maxoutput", DefaultMaxOutput))
	if _, ok := args["cwd"]; ok && o.cwd == "" {
		return o, errors.New("cwd= is empty")
	}
	return o, nil
}

// validEnvName reports whether s is a portable environment variable name
// (POSIX: letters, digits and underscore, not starting with a digit).
func validEnvName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// parseByteSize reads a size in bytes: a whole number, optionally with a
// unit of memory= (KB, MB, KiB, MiB, GiB, ...), from 0 up to 1 GiB.
func parseByteSize(key, s string) (int, error) {
	num := strings.TrimRightFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	mult := int64(1)
	if unit := strings.ToLower(s[len(num):]); unit != "" {
		u, ok := memoryUnits()[unit]
		if !ok {
			return 0, fmt.Errorf("%s=%s: unknown unit %q; use bytes or KB, MB, KiB, MiB, ...", key, s, s[len(num):])
		}
		mult = u.bytes
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%s is not a size in bytes, e.g. 1048576 or 1MiB", key, s)
	}
	if n > maxMaxOutput/mult {
		return 0, fmt.Errorf("%s=%s is more than 1GiB", key, s)
	}
	return int(n * mult), nil
}

func setDefault(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// cwdFailure is the line cwdScript writes when it cannot enter the
// directory (stream=true shows it): it holds the run's marker, so no
// command's own output can be taken for it.
func cwdFailure(cwd, marker string) string {
	return fmt.Sprintf("execute: cannot enter cwd=%s (run %s)", cwd, marker)
}

// endCommand kills a command that is still running: every process with
// the run's marker (so also what it started in the background), then its
// first process through LXD's control socket (in case it cleared its
// environment). It then waits, bounded, for the output to end, so that
// what was printed until now is complete. It runs on a context of its own:
// the command's may be the one that ended. Its error is that of the
// marker kill, after which processes the command started may still run.
func (e *view) endCommand(ctx context.Context, name, marker string, s *lxdapi.ExecSession) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), killWait)
	defer cancel()
	killErr := e.killMarked(ctx, name, marker)
	_ = s.Signal(9) // fails only when the command is gone already
	_, _ = s.Wait(ctx)
	return killErr
}

// execDone records a finished command in res.
//
// LXD fails an exec operation whose command exits 126 or 127, as it cannot
// tell "sh: foo: not found" from a missing /bin/sh. The exit status is
// still the guest's, so it is reported as such (RC 127), with LXD's text
// in RESULT.ERROR; an empty STDERR then hints at a guest without /bin/sh.
func (e *view) execDone(name string, code int, err error, res *result) error {
	if err != nil {
		var le *lxdapi.Error
		if code < 0 || !errors.As(err, &le) || le.Method != "OPERATION" {
			return notFound(name, err)
		}
		res.lxdError = le.Message
	}
	res.exitCode = code
	res.set("EXITCODE", strconv.Itoa(code))
	return nil
}

// killMarked kills the guest processes carrying marker, in a separate
// exec. It runs the guest's /bin/sh, which a hostile guest may make print
// without end or never exit: its output is dropped (quietExec) and it
// gets at most killScriptTimeout of endCommand's killWait.
func (e *view) killMarked(ctx context.Context, name, marker string) error {
	_, err := e.quietExec(ctx, name, []string{"/bin/sh", "-c", killScript, "sh", marker}, killScriptTimeout)
	var notEnded *notEndedError
	if errors.As(err, &notEnded) {
		return fmt.Errorf("the guest's /bin/sh running the kill script %w", err)
	}
	return err
}

func newMarker() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("making the exec marker: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// trimNewline removes one trailing line end, which nearly every command
// prints and no REXX SAY wants doubled.
func trimNewline(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}
