package lxdapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// TerminalSession is a command running on a pseudo-terminal in the
// instance (LXD's interactive exec): one websocket carries the terminal's
// input and output both ways, and the control websocket its window size
// and signals. Wait, Signal and Close are those of ExecSession.
type TerminalSession struct {
	*ExecSession
	inMu    sync.Mutex // one writer at a time on the terminal's websocket
	inEnded bool       // the end of input was sent
}

// execInteractivePost is LXD's exec body with the terminal's size.
type execInteractivePost struct {
	execPost
	Width  int `json:"width"`
	Height int `json:"height"`
}

// ExecTerminal runs a command on a pseudo-terminal of width columns and
// height rows in a running instance (POST /exec with interactive and
// wait-for-websocket). What the command writes to its terminal is copied
// to out as it comes; Write sends keystrokes; Resize changes the window
// size (the command gets SIGWINCH). req's Command, Environment (set TERM),
// User, Group and Cwd are used as in Exec. Call Wait for the exit status
// and Close when done; closing before the command ends makes LXD kill it.
func (c *Client) ExecTerminal(ctx context.Context, name string, req ExecRequest, width, height int, out io.Writer) (*TerminalSession, error) {
	if len(req.Command) == 0 {
		return nil, fmt.Errorf("exec in %s: empty command", name)
	}
	op, err := c.async(ctx, request{method: http.MethodPost, path: instancePath(name) + "/exec", body: execInteractivePost{
		execPost: execPost{
			Command:     req.Command,
			Environment: req.Environment,
			WaitForWS:   true,
			Interactive: true,
			User:        req.User,
			Group:       req.Group,
			Cwd:         req.Cwd,
		},
		Width:  width,
		Height: height,
	}})
	if err != nil {
		return nil, err
	}
	var md execWSMetadata
	if err := json.Unmarshal(op.Metadata, &md); err != nil {
		return nil, fmt.Errorf("exec in %s: decoding operation metadata: %w", name, err)
	}
	s := &ExecSession{op: op, name: name, outDone: make(chan struct{})}
	if s.control, err = c.dialExec(ctx, op.ID, md.FDs["control"]); err != nil {
		return nil, fmt.Errorf("exec in %s: control websocket: %w", name, err)
	}
	if s.conns[0], err = c.dialExec(ctx, op.ID, md.FDs["0"]); err != nil {
		s.Close()
		return nil, fmt.Errorf("exec in %s: terminal websocket: %w", name, err)
	}
	go discard(s.control)
	go func() {
		s.outErr = receive(s.conns[0], out)
		close(s.outDone)
	}()
	return &TerminalSession{ExecSession: s}, nil
}

// outputGrace bounds how long Wait lets the terminal's last output come
// after the command has ended and the end of input was sent.
const outputGrace = 5 * time.Second

// Wait blocks until the command has ended and its terminal's output is
// all copied, and returns the exit status (as ExecSession.Wait). LXD
// ends the operation only once both directions of the terminal's
// websocket have ended: when the output ends (LXD's end-of-stream
// barrier, after the command is gone) Wait sends the end of input in
// turn (an empty text message, as for a non-interactive stdin), and when
// the operation ends first it does the same and lets the output drain,
// bounded by outputGrace. When ctx ends first Wait returns -1 and ctx's
// error; the command keeps running until Close.
func (t *TerminalSession) Wait(ctx context.Context) (int, error) {
	opDone := make(chan error, 1)
	go func() { opDone <- t.op.Wait(ctx) }()
	var waitErr error
	select {
	case <-t.outDone:
		t.endInput()
		select {
		case waitErr = <-opDone:
		case <-ctx.Done():
		}
	case waitErr = <-opDone:
		t.endInput()
		select {
		case <-t.outDone:
		case <-time.After(outputGrace):
			t.Close()
			<-t.outDone
		}
	case <-ctx.Done():
	}
	if ctx.Err() != nil {
		return -1, fmt.Errorf("exec in %s: %w", t.name, ctx.Err())
	}
	return exitStatus(t.op, t.name, waitErr)
}

// endInput sends the end of the terminal's input once; later Writes are
// dropped.
func (t *TerminalSession) endInput() {
	t.inMu.Lock()
	defer t.inMu.Unlock()
	if !t.inEnded {
		t.inEnded = true
		_ = t.conns[0].WriteMessage(websocket.TextMessage, nil)
	}
}

// Write sends p to the terminal as typed input.
func (t *TerminalSession) Write(p []byte) (int, error) {
	t.inMu.Lock()
	defer t.inMu.Unlock()
	if t.inEnded {
		return 0, fmt.Errorf("exec in %s: the terminal's input has ended", t.name)
	}
	if err := t.conns[0].WriteMessage(websocket.BinaryMessage, p); err != nil {
		return 0, fmt.Errorf("exec in %s: terminal input: %w", t.name, err)
	}
	return len(p), nil
}

// Resize sets the terminal's window size; the command gets SIGWINCH.
func (t *TerminalSession) Resize(width, height int) error {
	t.ctlMu.Lock()
	defer t.ctlMu.Unlock()
	b, err := json.Marshal(execControl{Command: "window-resize", Args: map[string]string{
		"width": strconv.Itoa(width), "height": strconv.Itoa(height)}})
	if err != nil {
		return err
	}
	if err := t.control.WriteMessage(websocket.TextMessage, b); err != nil {
		return fmt.Errorf("exec in %s: window size: %w", t.name, err)
	}
	return nil
}
