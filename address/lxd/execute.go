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

// execMarker is the environment variable a command run with timeout= gets,
// with a value unique to that run, so the processes to kill on timeout can
// be found in the guest.
const execMarker = "REXXLXD_EXEC"

// killScript kills (SIGKILL) every guest process whose environment holds
// execMarker=$1. It needs only a POSIX sh, tr and grep, which busybox and
// Debian guests both have.
const killScript = `for p in /proc/[0-9]*; do
  if tr '\0' '\n' < "$p/environ" 2>/dev/null | grep -qx "` + execMarker + `=$1"; then kill -9 "${p#/proc/}" 2>/dev/null; fi
done`

// maxArgLen is the longest command= that can run: Linux's limit on one
// argument string (MAX_ARG_STRLEN, 32 pages of 4 KiB, NUL included).
// A longer one fails in the guest's execve with "argument list too long".
const maxArgLen = 32*4096 - 1

// execTimeoutError is execute's timeout= running out.
type execTimeoutError struct {
	seconds float64
	killErr error
}

func (e *execTimeoutError) Error() string {
	msg := fmt.Sprintf("command did not finish within timeout=%s seconds and was killed", strconv.FormatFloat(e.seconds, 'f', -1, 64))
	if e.killErr != nil {
		msg = fmt.Sprintf("command did not finish within timeout=%s seconds; killing it failed: %v", strconv.FormatFloat(e.seconds, 'f', -1, 64), e.killErr)
	}
	return msg
}

// execute runs a command in a running instance: execute name= command=
// [user=] [cwd=] [timeout=seconds] (alias exec). The command is run as
// /bin/sh -c COMMAND, so pipes, && and redirections work in any guest with
// a POSIX shell (bash is not assumed). It gets no standard input.
//
// user= is a name or uid looked up in the guest's /etc/passwd (giving the
// primary group and HOME), or uid:gid; the default is root. cwd= is the
// working directory (default: the user's home).
//
// timeout= bounds the command's run time in seconds. When it runs out the
// command and every process it started that kept its environment are
// killed with SIGKILL (found by a marker variable; a process that cleared
// its environment escapes), and RC is 124.
//
// RC is the command's exit status. RESULT fields: CONTAINER, COMMAND,
// EXITCODE (also when non-zero; empty when the command never ran), STDOUT and
// STDERR (one trailing newline removed), and OUTPUT is STDOUT. SUCCESS is
// 1 only when the exit status is 0.
func (e *Env) execute(ctx context.Context, args map[string]string, res *result) error {
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
		return &UsageError{Msg: fmt.Sprintf("command= is %d bytes; it is run as one argument of /bin/sh -c, and Linux takes at most %d bytes in one argument (write a longer script to a file in the guest and run that)", len(command), maxArgLen)}
	}
	req := lxdapi.ExecRequest{Command: []string{"/bin/sh", "-c", command}, Cwd: args["cwd"]}
	if user, ok := args["user"]; ok {
		u, err := e.resolveUser(ctx, name, user)
		if err != nil {
			return notFound(name, err)
		}
		req.User, req.Group = u.uid, u.gid
		if u.name != "" && u.uid != 0 {
			req.Environment = map[string]string{"USER": u.name, "HOME": u.home}
		}
	}
	v, timed := args["timeout"]
	if !timed {
		out, err := e.lxd().Exec(ctx, name, req)
		return e.execDone(name, out, err, res)
	}
	seconds, err := parseSeconds("timeout", v)
	if err != nil {
		return usage(err)
	}
	marker, err := newMarker()
	if err != nil {
		return err
	}
	if req.Environment == nil {
		req.Environment = map[string]string{}
	}
	req.Environment[execMarker] = marker
	runCtx, cancel := context.WithTimeout(ctx, time.Duration(seconds*float64(time.Second)))
	defer cancel()
	out, err := e.lxd().Exec(runCtx, name, req)
	if err != nil && errors.Is(runCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
		return &execTimeoutError{seconds: seconds, killErr: e.killMarked(ctx, name, marker)}
	}
	return e.execDone(name, out, err, res)
}

// execDone records a finished exec in res.
//
// LXD fails an exec operation whose command exits 126 or 127, as it cannot
// tell "sh: foo: not found" from a missing /bin/sh. The exit status is
// still the guest's, so it is reported as such (RC 127), with LXD's text
// in RESULT.ERROR; an empty STDERR then hints at a guest without /bin/sh.
func (e *Env) execDone(name string, out *lxdapi.ExecResult, err error, res *result) error {
	if err != nil {
		var le *lxdapi.Error
		if out == nil || out.ExitCode < 0 || !errors.As(err, &le) || le.Method != "OPERATION" {
			return notFound(name, err)
		}
		res.lxdError = le.Message
	}
	res.exitCode = out.ExitCode
	stdout := trimNewline(string(out.Stdout))
	res.set("EXITCODE", strconv.Itoa(out.ExitCode))
	res.set("STDOUT", stdout)
	res.set("STDERR", trimNewline(string(out.Stderr)))
	res.output = stdout
	return nil
}

// killMarked kills the guest processes carrying marker, in a separate exec
// that is not bound by the timed-out context.
func (e *Env) killMarked(ctx context.Context, name, marker string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	_, err := e.lxd().Exec(ctx, name, lxdapi.ExecRequest{Command: []string{"/bin/sh", "-c", killScript, "sh", marker}})
	return err
}

func newMarker() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("making the timeout marker: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// trimNewline removes one trailing line end, which nearly every command
// prints and no REXX SAY wants doubled.
func trimNewline(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}
