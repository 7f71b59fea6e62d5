package lxdapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// maxErrorBody bounds how much of a non-JSON error body is kept for the
// message.
const maxErrorBody = 4 << 10

// envelope is LXD's response wrapper around every JSON answer.
type envelope struct {
	Type       string          `json:"type"` // "sync", "async" or "error"
	Status     string          `json:"status"`
	StatusCode int             `json:"status_code"`
	Operation  string          `json:"operation"`
	ErrorCode  int             `json:"error_code"`
	Error      string          `json:"error"`
	Metadata   json.RawMessage `json:"metadata"`

	etag string // the ETag header, for safe PUTs
}

// url builds the request URL for an API path such as "/1.0/instances",
// adding the client's project to query.
func (c *Client) url(path string, query url.Values) string {
	if c.project != "" {
		if query == nil {
			query = url.Values{}
		}
		if query.Get("project") == "" {
			query.Set("project", c.project)
		}
	}
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	return u
}

// request is one call to the API: method and path ("/1.0/instances"),
// optional query, JSON body and ETag for If-Match.
type request struct {
	method, path string
	query        url.Values
	body         any
	etag         string
	// reader, when set, is sent as the body as is (file contents),
	// instead of body as JSON; header adds request headers.
	reader io.Reader
	header http.Header
	// size is reader's length when known (> 0), sent as Content-Length
	// instead of a chunked body.
	size int64
}

// raw sends one HTTP request and returns the response as is. Failures to
// connect wrap ErrUnreachable; a connection that breaks once the request
// went out wraps ErrConnectionLost; a daemon that does not start to
// answer within the client's response timeout wraps ErrNoResponse.
func (c *Client) raw(ctx context.Context, r request) (*http.Response, error) {
	rd := r.reader
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, fmt.Errorf("%s %s: encoding request: %w", r.method, r.path, err)
		}
		rd = bytes.NewReader(b)
	}
	// Bound the wait for the response headers, not the whole call: an
	// operation wait may rightly take as long as the caller allows, and a
	// body may take long to read once it has started (idleBody bounds the
	// silences within it instead). An uploaded body (a file pushed) is
	// exempt too: the daemon answers only once it has all of it, which
	// takes as long as the file is large.
	reqCtx, cancel := context.WithCancel(ctx)
	var silent atomic.Bool
	var timer *time.Timer
	if c.responseTimeout > 0 && !isOperationWait(r) && r.reader == nil {
		timer = time.AfterFunc(c.responseTimeout, func() {
			silent.Store(true)
			cancel()
		})
	}
	req, err := http.NewRequestWithContext(reqCtx, r.method, c.url(r.path, r.query), rd)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.reader != nil && r.size > 0 {
		req.ContentLength = r.size
	}
	if r.etag != "" {
		req.Header.Set("If-Match", r.etag)
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	if timer != nil {
		timer.Stop()
	}
	if err != nil {
		cancel()
		return nil, c.transportError(ctx, r, err, silent.Load())
	}
	resp.Body = c.idleBody(r, resp.Body, cancel)
	return resp, nil
}

// idleBody wraps a response body so that closing it releases the
// request's context and, with a response timeout, a read that gets no
// data from the daemon for that long fails with ErrNoResponse: a daemon
// that sent its headers and then hung would otherwise hold the caller
// until its own context ends. Only the time spent inside Read counts, so
// a caller that reads slowly (a download written to a slow disk) is not
// taken for a silent daemon, and a body that keeps coming, however long
// in all, is never cut.
func (c *Client) idleBody(r request, body io.ReadCloser, cancel context.CancelFunc) io.ReadCloser {
	b := &cancelBody{ReadCloser: body, cancel: cancel}
	if c.responseTimeout <= 0 {
		return b
	}
	w := &idleWatch{cancelBody: b, idle: c.responseTimeout, what: r.method + " " + r.path, addr: c.addr}
	w.timer = time.AfterFunc(time.Hour, func() {
		w.stalled.Store(true)
		cancel()
	})
	w.timer.Stop()
	return w
}

// idleWatch is a response body whose reads are bounded by idle.
type idleWatch struct {
	*cancelBody
	idle    time.Duration
	timer   *time.Timer
	stalled atomic.Bool
	what    string // method and path, for the message
	addr    string
}

func (w *idleWatch) Read(p []byte) (int, error) {
	w.timer.Reset(w.idle)
	n, err := w.cancelBody.Read(p)
	w.timer.Stop()
	if err != nil && w.stalled.Load() {
		err = fmt.Errorf("%w: the daemon at %s sent no data for %v in the middle of its answer to %s (is it hung?)",
			ErrNoResponse, w.addr, w.idle, w.what)
	}
	return n, err
}

func (w *idleWatch) Close() error {
	w.timer.Stop()
	return w.cancelBody.Close()
}

// transportError classifies a request that got no response. silent says
// the response timeout ran out.
func (c *Client) transportError(ctx context.Context, r request, err error, silent bool) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s %s: %w", r.method, r.path, ctx.Err())
	}
	if silent {
		return fmt.Errorf("%s %s: %w within %v from %s (the daemon accepted the connection but did not answer; is it hung?)",
			r.method, r.path, ErrNoResponse, c.responseTimeout, c.addr)
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		if isOperationWait(r) {
			// The operation was under way in a daemon that is gone now.
			return fmt.Errorf("%s %s: %w: the daemon at %s no longer answers: %w", r.method, r.path, ErrConnectionLost, c.addr, op)
		}
		return &UnreachableError{Addr: c.addr, Err: op}
	}
	if isTLSFailure(err) {
		return &UnreachableError{Addr: c.addr, Err: fmt.Errorf("TLS: %w", err)}
	}
	if isBrokenConnection(err) {
		return fmt.Errorf("%s %s: %w: %w", r.method, r.path, ErrConnectionLost, err)
	}
	return fmt.Errorf("%s %s: %w", r.method, r.path, err)
}

// isOperationWait reports whether r is a long-poll for an operation's end,
// which may rightly take minutes before its headers come.
func isOperationWait(r request) bool {
	return r.method == http.MethodGet && strings.HasPrefix(r.path, "/1.0/operations/") && strings.HasSuffix(r.path, "/wait")
}

// isBrokenConnection reports whether err is a connection that ended under
// a request or response: the peer closed it (EOF) or reset it.
func isBrokenConnection(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED)
}

// cancelBody releases a request's context once its body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// call sends a request and decodes the response envelope. Error responses
// (and any non-2xx status) become *Error.
func (c *Client) call(ctx context.Context, r request) (*envelope, error) {
	resp, err := c.raw(ctx, r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		if isBrokenConnection(err) && ctx.Err() == nil {
			return nil, fmt.Errorf("%s %s: reading response: %w: %w", r.method, r.path, ErrConnectionLost, err)
		}
		return nil, fmt.Errorf("%s %s: reading response: %w", r.method, r.path, err)
	}
	return decodeEnvelope(r.method, r.path, resp, data)
}

// decodeEnvelope turns one HTTP response into an envelope or an *Error.
func decodeEnvelope(method, path string, resp *http.Response, data []byte) (*envelope, error) {
	var env envelope
	jsonErr := json.Unmarshal(data, &env)
	if resp.StatusCode < 200 || resp.StatusCode > 299 || env.Type == "error" {
		e := &Error{Method: method, Path: path, StatusCode: resp.StatusCode}
		if jsonErr == nil && env.Error != "" {
			e.Code, e.Message = env.ErrorCode, env.Error
			if env.ErrorCode != 0 && resp.StatusCode < 300 {
				e.StatusCode = env.ErrorCode
			}
		} else {
			e.Message = errorText(resp, data)
		}
		return nil, e
	}
	if jsonErr != nil {
		return nil, fmt.Errorf("%s %s: response is not an LXD envelope (HTTP %d): %w", method, path, resp.StatusCode, jsonErr)
	}
	if env.Type != "sync" && env.Type != "async" {
		return nil, fmt.Errorf("%s %s: unknown response type %q", method, path, env.Type)
	}
	env.etag = resp.Header.Get("ETag")
	return &env, nil
}

// errorText is the message for an error response that is not LXD JSON.
func errorText(resp *http.Response, data []byte) string {
	if len(data) > maxErrorBody {
		data = data[:maxErrorBody]
	}
	if s := strings.TrimSpace(string(data)); s != "" {
		return s
	}
	return http.StatusText(resp.StatusCode)
}

// get sends a GET and decodes the metadata of its sync answer into out. It
// returns the response's ETag.
func (c *Client) get(ctx context.Context, path string, query url.Values, out any) (etag string, err error) {
	env, err := c.call(ctx, request{method: http.MethodGet, path: path, query: query})
	if err != nil {
		return "", err
	}
	if env.Type != "sync" {
		return "", fmt.Errorf("GET %s: expected a sync response, got %q", path, env.Type)
	}
	if err := json.Unmarshal(env.Metadata, out); err != nil {
		return "", fmt.Errorf("GET %s: decoding metadata: %w", path, err)
	}
	return env.etag, nil
}

// async sends a request that LXD answers with a background operation and
// returns that operation, not yet waited for.
func (c *Client) async(ctx context.Context, r request) (*Operation, error) {
	env, err := c.call(ctx, r)
	if err != nil {
		return nil, err
	}
	if env.Type != "async" {
		return nil, fmt.Errorf("%s %s: expected an async response, got %q", r.method, r.path, env.Type)
	}
	return c.envelopeOperation(r, env)
}

// maybeAsync sends a request that LXD answers either at once or with an
// operation, and in the second case waits for the operation.
func (c *Client) maybeAsync(ctx context.Context, r request) error {
	env, err := c.call(ctx, r)
	if err != nil {
		return err
	}
	if env.Type == "sync" {
		return nil
	}
	op, err := c.envelopeOperation(r, env)
	if err != nil {
		return err
	}
	return op.Wait(ctx)
}

// envelopeOperation decodes the operation of an async envelope.
func (c *Client) envelopeOperation(r request, env *envelope) (*Operation, error) {
	op := &Operation{c: c}
	if err := json.Unmarshal(env.Metadata, op); err != nil {
		return nil, fmt.Errorf("%s %s: decoding operation: %w", r.method, r.path, err)
	}
	if op.ID == "" {
		op.ID = operationID(env.Operation)
	}
	if op.ID == "" {
		return nil, fmt.Errorf("%s %s: async response without an operation", r.method, r.path)
	}
	return op, nil
}
