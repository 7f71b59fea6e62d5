package lxdapi

import (
	"bytes"
	"context"
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
}

// ExecResult is what a finished command left: its exit status and output.
type ExecResult struct {
	ExitCode int
	Stdout   []byte
	Stderr   []byte
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

// Exec runs a command in a running instance and returns its exit status and
// output, kept whole in memory: it is meant for commands of small output
// (ExecStart streams and lets the caller bound what is kept). The command
// gets an empty stdin. It runs through LXD's websocket exec, so no output
// is written to the host. A command that exits non-zero is not an error; a
// command that cannot be started is (LXD reports exit status 127 or 126
// for those, also kept in the result). If ctx ends first, Exec closes the
// session, which makes LXD kill the command's first process, and returns
// the context's error.
func (c *Client) Exec(ctx context.Context, name string, req ExecRequest) (*ExecResult, error) {
	var out, errb bytes.Buffer
	s, err := c.ExecStart(ctx, name, req, ExecStream{Stdout: &out, Stderr: &errb})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	code, err := s.Wait(ctx)
	res := &ExecResult{ExitCode: code, Stdout: out.Bytes(), Stderr: errb.Bytes()}
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
