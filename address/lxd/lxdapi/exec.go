package lxdapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// ExecRequest is a command to run in an instance.
type ExecRequest struct {
	// Command is the program and its arguments; no shell is involved
	// unless Command names one.
	Command []string
	// Environment adds variables; LXD supplies PATH, HOME, USER and LANG
	// when they are missing.
	Environment map[string]string
	// User and Group are the uid and gid to run as (0: root).
	User, Group uint32
	// Cwd is the working directory ("" for the user's home).
	Cwd string
	// MaxOutput is how many bytes of each of stdout and stderr Exec
	// keeps; the rest is read, counted and dropped. 0 means
	// DefaultExecKeep. ExecStart ignores it: its writers decide.
	MaxOutput int
}

// DefaultExecKeep is how much of each output stream Exec keeps unless
// ExecRequest.MaxOutput says otherwise: the command runs in a guest that
// may print without end, and what Exec keeps lives in memory.
const DefaultExecKeep = 1 << 20

// ExecResult is what a finished command left: its exit status and output
// (the first ExecRequest.MaxOutput bytes of each stream).
type ExecResult struct {
	ExitCode int
	Stdout   []byte
	Stderr   []byte
	// StdoutBytes and StderrBytes are how much the command printed in
	// all; more than len(Stdout) or len(Stderr) when the rest was
	// dropped.
	StdoutBytes, StderrBytes int64
}

// Truncated reports whether output was dropped from either stream.
func (r *ExecResult) Truncated() bool {
	return r.StdoutBytes > int64(len(r.Stdout)) || r.StderrBytes > int64(len(r.Stderr))
}

// keepBuffer keeps the first max bytes written to it and counts all. It
// never fails a write, so the command's output is read to its end.
type keepBuffer struct {
	buf   bytes.Buffer
	max   int
	total int64
}

func (b *keepBuffer) Write(p []byte) (int, error) {
	b.total += int64(len(p))
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// execPost is LXD's body for POST /1.0/instances/{name}/exec.
type execPost struct {
	Command     []string          `json:"command"`
	Environment map[string]string `json:"environment,omitempty"`
	WaitForWS   bool              `json:"wait-for-websocket"`
	Interactive bool              `json:"interactive"`
	User        uint32            `json:"user"`
	Group       uint32            `json:"group"`
	Cwd         string            `json:"cwd,omitempty"`
}

// execMetadata is the metadata of a finished exec operation.
type execMetadata struct {
	Return *int `json:"return"`
}

// exitStatus is the exit status of the command of the exec operation op
// in instance name, once op.Wait has returned waitErr: the status LXD
// put on the operation (-1 when there is none), with waitErr, or an
// error when the operation ended well but without a status.
func exitStatus(op *Operation, name string, waitErr error) (int, error) {
	var md execMetadata
	if len(op.Metadata) > 0 && string(op.Metadata) != "null" {
		_ = json.Unmarshal(op.Metadata, &md)
	}
	code := -1
	if md.Return != nil {
		code = *md.Return
	}
	if waitErr != nil {
		return code, waitErr
	}
	if md.Return == nil {
		return -1, fmt.Errorf("exec in %s: operation %s finished without an exit status", name, op.ID)
	}
	return code, nil
}

// Exec runs a command in a running instance and returns its exit status and
// output, at most req.MaxOutput bytes of each stream (default
// DefaultExecKeep), the rest counted and dropped (ExecStart streams and
// lets the caller do what it likes with all of it). The command
// gets an empty stdin. It runs through LXD's websocket exec, so no output
// is written to the host. A command that exits non-zero is not an error; a
// command that cannot be started is (LXD reports exit status 127 or 126
// for those, also kept in the result). If ctx ends first, Exec closes the
// session, which makes LXD kill the command's first process, and returns
// the context's error.
func (c *Client) Exec(ctx context.Context, name string, req ExecRequest) (*ExecResult, error) {
	keep := req.MaxOutput
	if keep <= 0 {
		keep = DefaultExecKeep
	}
	out, errb := &keepBuffer{max: keep}, &keepBuffer{max: keep}
	s, err := c.ExecStart(ctx, name, req, ExecStream{Stdout: out, Stderr: errb})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	code, err := s.Wait(ctx)
	res := &ExecResult{ExitCode: code, Stdout: out.buf.Bytes(), Stderr: errb.buf.Bytes(),
		StdoutBytes: out.total, StderrBytes: errb.total}
	if err != nil && ctx.Err() != nil {
		// The copying goroutines may still write; hand out no buffers.
		return nil, err
	}
	return res, err
}

// ListInstanceLogs returns the names of an instance's log files (GET
// /1.0/instances/{name}/logs), e.g. "lxc.log" and any exec output logs.
func (c *Client) ListInstanceLogs(ctx context.Context, name string) ([]string, error) {
	var urls []string
	if _, err := c.get(ctx, instancePath(name)+"/logs", nil, &urls); err != nil {
		return nil, err
	}
	for i, u := range urls {
		urls[i] = u[strings.LastIndexByte(u, '/')+1:]
	}
	return urls, nil
}
