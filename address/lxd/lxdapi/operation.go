package lxdapi

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Status codes, as LXD reports them in status_code for operations and
// instances.
const (
	StatusStarted   = 101
	StatusStopped   = 102 // also an instance's status code when stopped
	StatusRunning   = 103 // also an instance's status code when running
	StatusPending   = 105
	StatusSuccess   = 200
	StatusFailure   = 400
	StatusCancelled = 401
)

// waitChunk is how long one wait request may block in the daemon when the
// caller's context has no deadline; Wait then simply asks again.
const waitChunk = 60 * time.Second

// Operation is an LXD background operation (create, copy, start, exec, ...),
// as returned by an asynchronous call. Wait brings it up to date.
type Operation struct {
	ID          string              `json:"id"`
	Class       string              `json:"class"` // "task", "websocket" or "token"
	Description string              `json:"description"`
	CreatedAt   time.Time           `json:"created_at"`
	UpdatedAt   time.Time           `json:"updated_at"`
	Status      string              `json:"status"`
	StatusCode  int                 `json:"status_code"`
	Resources   map[string][]string `json:"resources"`
	// Metadata is operation-specific, e.g. an exec's "return" and "output".
	Metadata  json.RawMessage `json:"metadata"`
	MayCancel bool            `json:"may_cancel"`
	Err       string          `json:"err"`
	Location  string          `json:"location"`

	c *Client
}

// Done reports whether the operation has reached a final state.
func (op *Operation) Done() bool { return op.StatusCode >= StatusSuccess }

// Wait blocks until the operation ends or ctx is done, using the daemon's
// long-polling GET /1.0/operations/{id}/wait (never a sleep loop). It
// returns nil when the operation succeeded and an *Error carrying LXD's
// text when it failed or was cancelled. Cancelling ctx stops waiting but
// does not cancel the operation in the daemon; see Cancel.
func (op *Operation) Wait(ctx context.Context) error {
	if op.c == nil {
		return fmt.Errorf("operation %s has no client", op.ID)
	}
	for !op.Done() {
		timeout := waitChunk
		if dl, ok := ctx.Deadline(); ok {
			timeout = time.Until(dl)
			if timeout <= 0 {
				return fmt.Errorf("waiting for operation %s (%s): %w", op.ID, op.Description, context.DeadlineExceeded)
			}
		}
		secs := int(math.Ceil(timeout.Seconds()))
		next, err := op.c.waitOperation(ctx, op.ID, secs)
		if err != nil {
			return err
		}
		next.c = op.c
		*op = *next
	}
	return op.err()
}

// err is the operation's failure as an *Error, or nil after success.
func (op *Operation) err() error {
	if op.StatusCode == StatusSuccess {
		return nil
	}
	msg := op.Err
	if msg == "" {
		msg = op.Status
	}
	return &Error{Method: opMethod, Path: operationPath(op.ID), StatusCode: op.StatusCode, Code: op.StatusCode, Message: msg}
}

// Cancel asks the daemon to cancel the operation (DELETE
// /1.0/operations/{id}); only operations with MayCancel can be cancelled.
func (op *Operation) Cancel(ctx context.Context) error {
	if op.c == nil {
		return fmt.Errorf("operation %s has no client", op.ID)
	}
	_, err := op.c.call(ctx, request{method: http.MethodDelete, path: operationPath(op.ID)})
	return err
}

// GetOperation returns the current state of an operation by id.
func (c *Client) GetOperation(ctx context.Context, id string) (*Operation, error) {
	op := &Operation{}
	if _, err := c.get(ctx, operationPath(id), nil, op); err != nil {
		return nil, err
	}
	op.c = c
	return op, nil
}

// waitOperation is one GET /1.0/operations/{id}/wait?timeout=secs: the
// operation as it is when it ends or when the timeout passes.
func (c *Client) waitOperation(ctx context.Context, id string, secs int) (*Operation, error) {
	op := &Operation{}
	q := url.Values{"timeout": {strconv.Itoa(secs)}}
	if _, err := c.get(ctx, operationPath(id)+"/wait", q, op); err != nil {
		return nil, err
	}
	return op, nil
}

func operationPath(id string) string { return "/1.0/operations/" + url.PathEscape(id) }

// operationID extracts the id from an operation URL such as
// "/1.0/operations/5e8b...".
func operationID(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u = u[:i]
	}
	return u[strings.LastIndexByte(u, '/')+1:]
}
