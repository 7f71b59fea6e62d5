package lxdapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// opMethod is Error.Method for a failed operation.
const opMethod = "OPERATION"

// ErrUnreachable is wrapped by the error of any call that could not connect
// to the daemon at all (no socket, connection refused, TLS failure while
// dialling), as opposed to a daemon that answered with an error.
var ErrUnreachable = errors.New("LXD not reachable")

// ErrConnectionLost is wrapped by the error of a call whose connection
// broke after the request went out (the daemon died or closed it: EOF,
// connection reset), and of an operation wait that can no longer reach
// the daemon that runs the operation. Whether the daemon acted on the
// request, or finished the operation, is unknown.
var ErrConnectionLost = errors.New("connection to LXD lost")

// ErrNoResponse is wrapped by the error of a call the daemon accepted but
// did not answer (no response headers) within Options.ResponseTimeout, or
// whose answer stopped coming for that long: a hung daemon, or something
// else listening on its socket.
var ErrNoResponse = errors.New("LXD sent no response")

// Error is an error reported by the daemon: either an error response to a
// request or a failed asynchronous operation. It keeps LXD's own text so
// messages reach users unchanged.
type Error struct {
	// Method and Path name the request, e.g. "GET" "/1.0/instances/c1".
	// For a failed operation Method is "OPERATION" and Path is the
	// operation's URL.
	Method, Path string
	// StatusCode is the HTTP status of an error response (404, 409, ...)
	// or, for a failed operation, the operation's status code (400
	// Failure, 401 Cancelled).
	StatusCode int
	// Code is the envelope's error_code (for error responses the same as
	// the HTTP status in LXD 5).
	Code int
	// Message is LXD's error text, e.g. "Instance not found".
	Message string
}

// Error is the text a user reads: LXD's own words, marked as LXD's. The
// request that got them is detail for developers: see Request.
func (e *Error) Error() string { return "LXD: " + e.Message }

// Request names the request that got the error and its status, e.g.
// "GET /1.0/instances/c1 (404)".
func (e *Error) Request() string { return fmt.Sprintf("%s %s (%d)", e.Method, e.Path, e.StatusCode) }

// UnreachableError is the error of a call that could not connect to the
// daemon at Addr at all; it is ErrUnreachable (errors.Is) and unwraps to
// the cause (the dial or TLS error).
type UnreachableError struct {
	Addr string
	Err  error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("%v at %s: %v", ErrUnreachable, e.Addr, e.Err)
}

func (e *UnreachableError) Is(target error) bool { return target == ErrUnreachable }

func (e *UnreachableError) Unwrap() error { return e.Err }

// StatusCode returns the status of the *Error in err's chain, or 0 when err
// is not an error reported by the daemon.
func StatusCode(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

// IsOperationFailure reports whether err is an operation that ended in
// failure or was cancelled: the daemon finished it without doing what it
// was for. (A wait that could not learn the outcome, because the
// connection broke or the daemon had forgotten the operation, is not.)
func IsOperationFailure(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Method == opMethod
}

// IsNotFound reports whether err is the daemon's 404: no such instance,
// image, alias, pool or operation.
func IsNotFound(err error) bool { return StatusCode(err) == http.StatusNotFound }

// IsConflict reports whether err says that something already exists, e.g.
// an instance name that is taken. Newer daemons answer such a create with
// a 409 at once; LXD 5.0 accepts an instance's and fails the operation
// with text ending in "already exists" (status 400), and refuses a
// profile's at once with 500 "... The profile already exists": both
// count too.
func IsConflict(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.StatusCode == http.StatusConflict ||
		(e.Method == opMethod || e.Method == http.MethodPost) && strings.Contains(e.Message, "already exists")
}
