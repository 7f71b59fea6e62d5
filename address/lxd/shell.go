package lxd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/termtext"
)

// loginShell is what shell runs without command=: bash as a login shell
// where the guest has it, else its /bin/sh (busybox, dash) as one.
const loginShell = `if [ -x /bin/bash ]; then exec /bin/bash -l; fi; exec /bin/sh -l`

// shell opens an interactive shell in a running instance on the
// program's terminal: shell name= [user=] [command=]. It is LXD's
// interactive exec: the guest's command runs on a pseudo-terminal of the
// terminal's size, which follows the window when it is resized (a new
// size goes to LXD's control websocket as window-resize, and the guest
// gets SIGWINCH; see sizeCheck for why the size is polled). The terminal is in
// raw mode while the shell runs (Ctrl-C, Ctrl-Z and Ctrl-D go to the
// guest) and is put back as it was when the shell ends, however it ends.
// TERM is the program's own (xterm when unset); user= is as execute's.
// command= runs that instead of a login shell (bash -l where the guest
// has /bin/bash, else /bin/sh -l), through /bin/sh -c.
//
// The guest draws on the user's terminal, so its cursor movement and
// colours pass; what a terminal does beyond the screen (OSC 52 clipboard
// writes, window titles, window operations) is dropped
// (termtext.SessionWriter).
//
// A program whose standard input or output is not a terminal (a pipe, a
// file, a CI job) gets RC 1 and nothing runs. RC is the shell's exit
// status, as execute's; RESULT: CONTAINER, EXITCODE.
func (e *view) shell(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	res.set("EXITCODE", "")
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	command := []string{"/bin/sh", "-c", loginShell}
	if c, ok := args["command"]; ok {
		if strings.TrimSpace(c) == "" {
			return &UsageError{Msg: "command= is empty"}
		}
		command = []string{"/bin/sh", "-c", c}
	}
	tty, err := e.terminal()
	if err != nil {
		return err
	}
	req := lxdapi.ExecRequest{Command: command, Environment: map[string]string{"TERM": tty.term}}
	if user, ok := args["user"]; ok {
		u, err := e.resolveUser(ctx, name, user)
		if err != nil {
			return notFound(name, err)
		}
		req.User, req.Group = u.uid, u.gid
		if u.name != "" && u.uid != 0 {
			req.Environment["USER"] = u.name
			req.Environment["HOME"] = u.home
		}
	}
	width, height := tty.size()
	restore, err := tty.makeRaw()
	if err != nil {
		return fmt.Errorf("putting the terminal in raw mode: %w", err)
	}
	defer restore()
	s, err := e.lxd().ExecTerminal(ctx, name, req, width, height, termtext.NewSessionWriter(tty.out))
	if err != nil {
		return notFound(name, err)
	}
	defer s.Close()
	stopRelay := tty.relay(s)
	code, err := s.Wait(ctx)
	stopRelay()
	if err != nil && ctx.Err() != nil {
		s.Close() // LXD kills the shell when its control websocket closes
		return fmt.Errorf("the shell in %s was ended: %w", name, ctx.Err())
	}
	return e.execDone(name, code, err, res)
}

// errNoTerminal is shell on a program whose streams are no terminal.
var errNoTerminal = errors.New("shell needs a terminal")

// terminal returns the program's terminal: its standard input and
// output must both be one.
func (e *view) terminal() (*terminal, error) {
	call := e.out.call
	if call == nil {
		return nil, fmt.Errorf("%w, and this program has no standard streams (run a command with execute)", errNoTerminal)
	}
	t, err := newTerminal(call.Stdin, call.Stdout)
	if err != nil {
		return nil, fmt.Errorf("%w: %v (run a command with execute instead)", errNoTerminal, err)
	}
	t.term = "xterm"
	for _, kv := range call.Environ {
		if v, ok := strings.CutPrefix(kv, "TERM="); ok && v != "" {
			t.term = v
		}
	}
	return t, nil
}
