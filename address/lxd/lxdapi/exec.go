package lxdapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
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
	Command      []string          `json:"command"`
	Environment  map[string]string `json:"environment,omitempty"`
	WaitForWS    bool              `json:"wait-for-websocket"`
	Interactive  bool              `json:"interactive"`
	RecordOutput bool              `json:"record-output"`
	User         uint32            `json:"user"`
	Group        uint32            `json:"group"`
	Cwd          string            `json:"cwd,omitempty"`
}

// execMetadata is the metadata of a finished record-output exec.
type execMetadata struct {
	Return *int              `json:"return"`
	Output map[string]string `json:"output"`
}

// Exec runs a command in a running instance and returns its exit status and
// output. It uses LXD's record-output mode (no websockets): the daemon
// writes stdout and stderr to log files, Exec waits for the operation, reads
// both logs and deletes them. The command gets no stdin. A command that
// exits non-zero is not an error; a command that cannot be started is (LXD
// reports exit status 127 or 126 for those, also kept in the result).
// If ctx ends first, Exec returns the context's error; the command keeps
// running in the instance (record-output mode cannot signal it) and its
// logs stay in the instance's log directory.
func (c *Client) Exec(ctx context.Context, name string, req ExecRequest) (*ExecResult, error) {
	if len(req.Command) == 0 {
		return nil, fmt.Errorf("lxd: exec in %s: empty command", name)
	}
	op, err := c.async(ctx, request{method: http.MethodPost, path: instancePath(name) + "/exec", body: execPost{
		Command:      req.Command,
		Environment:  req.Environment,
		RecordOutput: true,
		User:         req.User,
		Group:        req.Group,
		Cwd:          req.Cwd,
	}})
	if err != nil {
		return nil, err
	}
	waitErr := op.Wait(ctx)
	var md execMetadata
	if len(op.Metadata) > 0 && string(op.Metadata) != "null" {
		if err := json.Unmarshal(op.Metadata, &md); err != nil && waitErr == nil {
			return nil, fmt.Errorf("lxd: exec in %s: decoding operation metadata: %w", name, err)
		}
	}
	res := &ExecResult{ExitCode: -1}
	if md.Return != nil {
		res.ExitCode = *md.Return
	}
	// Collect and remove the logs even when the command failed to start,
	// so none are left behind in the instance's log directory.
	var errs []error
	if waitErr != nil {
		errs = append(errs, waitErr)
	}
	// Both logs at once: each is a GET and a DELETE, so this saves two
	// round trips per command.
	var wg sync.WaitGroup
	var errOut, errErr error
	take := func(key string, dst *[]byte, errp *error) {
		defer wg.Done()
		if p := md.Output[key]; p != "" {
			*dst, *errp = c.takeLog(ctx, p)
		}
	}
	wg.Add(2)
	go take("1", &res.Stdout, &errOut)
	take("2", &res.Stderr, &errErr)
	wg.Wait()
	errs = append(errs, errOut, errErr)
	if err := errors.Join(errs...); err != nil {
		return res, err
	}
	if md.Return == nil {
		return res, fmt.Errorf("lxd: exec in %s: operation %s finished without an exit status", name, op.ID)
	}
	return res, nil
}

// takeLog reads an exec output log (a path such as
// "/1.0/instances/c1/logs/exec_ID.stdout") and deletes it.
func (c *Client) takeLog(ctx context.Context, path string) ([]byte, error) {
	path = strings.TrimPrefix(path, c.base)
	data, err := c.getRaw(ctx, path)
	if err != nil {
		return nil, err
	}
	if _, err := c.call(ctx, request{method: http.MethodDelete, path: path}); err != nil {
		return data, err
	}
	return data, nil
}

// getRaw GETs a path whose success body is not an envelope (log files).
func (c *Client) getRaw(ctx context.Context, path string) ([]byte, error) {
	resp, err := c.raw(ctx, request{method: http.MethodGet, path: path})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("lxd: GET %s: reading response: %w", path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_, err := decodeEnvelope(http.MethodGet, path, resp, data)
		return nil, err
	}
	return data, nil
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
