package lxdapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// ExecStream is what ExecStart attaches to a command's standard streams.
// The zero value gives the command an empty stdin and discards its output.
type ExecStream struct {
	// Stdin is fed to the command; at its EOF the command's stdin is
	// closed. nil: the command reads EOF at once.
	Stdin io.Reader
	// Stdout and Stderr receive the command's output as it arrives, one
	// write per chunk LXD sends. nil discards it. A write error stops
	// the copying of that stream (the command then sees a closed pipe
	// only when LXD notices; see ExecSession.Wait).
	Stdout, Stderr io.Writer
}

// ExecSession is a command started by ExecStart, its streams attached
// through LXD's exec websockets. Nothing of its output is stored on the
// host: LXD relays it from the command's pipes straight to the
// websockets.
type ExecSession struct {
	op   *Operation
	name string

	control *websocket.Conn
	conns   [3]*websocket.Conn // stdin, stdout, stderr
	ctlMu   sync.Mutex         // one writer at a time on control

	outDone chan struct{} // closed when stdout and stderr have ended
	outErr  error         // the first error copying stdout or stderr

	closeOnce sync.Once
}

// execWSMetadata is the metadata of a websocket exec operation: one
// secret per stream ("0", "1", "2") and one for "control".
type execWSMetadata struct {
	FDs map[string]string `json:"fds"`
}

// execControl is a message on the control websocket.
type execControl struct {
	Command string            `json:"command"`
	Args    map[string]string `json:"args"`
	Signal  int               `json:"signal"`
}

// ExecStart runs a command in a running instance with LXD's websocket exec
// (wait-for-websocket, not interactive): stdin, stdout and stderr are
// websockets, plus a control socket for signals. It returns once the
// command has been started; call Wait for its exit status and Close when
// done. req's Command, Environment, User, Group and Cwd are used as in
// Exec.
//
// LXD ends the stdout and stderr streams only when every process holding
// them has closed them: a command that leaves a background process behind
// with its output attached (sh -c 'server &') keeps the session open
// until that process ends or is killed.
func (c *Client) ExecStart(ctx context.Context, name string, req ExecRequest, streams ExecStream) (*ExecSession, error) {
	if len(req.Command) == 0 {
		return nil, fmt.Errorf("exec in %s: empty command", name)
	}
	op, err := c.async(ctx, request{method: http.MethodPost, path: instancePath(name) + "/exec", body: execPost{
		Command:     req.Command,
		Environment: req.Environment,
		WaitForWS:   true,
		User:        req.User,
		Group:       req.Group,
		Cwd:         req.Cwd,
	}})
	if err != nil {
		return nil, err
	}
	var md execWSMetadata
	if err := json.Unmarshal(op.Metadata, &md); err != nil {
		return nil, fmt.Errorf("exec in %s: decoding operation metadata: %w", name, err)
	}
	s := &ExecSession{op: op, name: name, outDone: make(chan struct{})}
	// LXD starts the command once stdin, stdout and stderr are connected
	// (within 5 seconds, or it fails the operation); control first, so
	// that it is there for signals from the start.
	if s.control, err = c.dialExec(ctx, op.ID, md.FDs["control"]); err != nil {
		return nil, fmt.Errorf("exec in %s: control websocket: %w", name, err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range s.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.conns[i], errs[i] = c.dialExec(ctx, op.ID, md.FDs[fmt.Sprint(i)])
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		s.Close()
		return nil, fmt.Errorf("exec in %s: websocket: %w", name, err)
	}
	go discard(s.control)
	go discard(s.conns[0])
	go s.sendStdin(streams.Stdin)
	var outs sync.WaitGroup
	outErrs := make([]error, 2)
	for i, w := range []io.Writer{streams.Stdout, streams.Stderr} {
		outs.Add(1)
		go func() {
			defer outs.Done()
			outErrs[i] = receive(s.conns[i+1], w)
		}()
	}
	go func() {
		outs.Wait()
		s.outErr = errors.Join(outErrs...)
		close(s.outDone)
	}()
	return s, nil
}

// wsAttempts is how often dialExec tries a websocket handshake.
const wsAttempts = 3

// dialExec connects one of an exec operation's websockets.
func (c *Client) dialExec(ctx context.Context, opID, secret string) (*websocket.Conn, error) {
	if secret == "" {
		return nil, errors.New("the operation has no secret for it")
	}
	d, header := c.wsDialer()
	u := c.url(operationPath(opID)+"/websocket", url.Values{"secret": {secret}})
	u = "ws" + strings.TrimPrefix(u, "http")
	var conn *websocket.Conn
	for attempt := 1; ; attempt++ {
		var resp *http.Response
		var err error
		conn, resp, err = d.DialContext(ctx, u, header)
		status := ""
		if resp != nil {
			status = resp.Status
			if resp.Body != nil {
				resp.Body.Close()
			}
		}
		if err == nil {
			break
		}
		// A loaded daemon (or a cluster member forwarding the operation)
		// now and then refuses a handshake it takes a moment later; the
		// secret is spent only by a connection that succeeds.
		if !errors.Is(err, websocket.ErrBadHandshake) || attempt == wsAttempts || ctx.Err() != nil {
			if status != "" {
				return nil, fmt.Errorf("%w (HTTP %s, attempt %d)", err, status, attempt)
			}
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		}
	}
	// LXD pings every connection from the start. A pong that cannot be
	// sent (LXD closes the connections right after the last output) is
	// no failure: what matters is the data still to be read.
	conn.SetPingHandler(func(data string) error {
		_ = conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
		return nil
	})
	return conn, nil
}

// wsDialer is a websocket dialer that reaches the daemon the way the
// client's HTTP transport does (its unix socket, or TCP with the client's
// TLS settings and proxy).
func (c *Client) wsDialer() (*websocket.Dialer, http.Header) {
	rt := c.http.Transport
	header := http.Header{}
	if at, ok := rt.(agentTransport); ok {
		header.Set("User-Agent", at.agent)
		rt = at.next
	}
	d := &websocket.Dialer{}
	if tr, ok := rt.(*http.Transport); ok {
		d.NetDialContext = tr.DialContext
		d.TLSClientConfig = tr.TLSClientConfig
		d.Proxy = tr.Proxy
		d.HandshakeTimeout = tr.TLSHandshakeTimeout
	}
	return d, header
}

// discard reads and drops what arrives on conn (LXD's keep-alive pings,
// answered by the default ping handler) until it closes.
func discard(conn *websocket.Conn) {
	for {
		if _, _, err := conn.NextReader(); err != nil {
			return
		}
	}
}

// sendStdin copies r to the stdin websocket as binary messages and then
// sends LXD's end-of-stream barrier (an empty text message), which closes
// the command's stdin. Errors end the copy: they mean the command or the
// session is gone, which Wait reports.
func (s *ExecSession) sendStdin(r io.Reader) {
	conn := s.conns[0]
	if r != nil {
		buf := make([]byte, 32<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				if werr := conn.WriteMessage(websocket.BinaryMessage, buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				break
			}
		}
	}
	_ = conn.WriteMessage(websocket.TextMessage, nil)
}

// receive copies the binary messages of an output websocket to w until
// LXD's end-of-stream barrier (a text message) or the connection ends.
// After a write error the rest is still read, and dropped, so that the
// command is never blocked by a full pipe.
func receive(conn *websocket.Conn, w io.Writer) error {
	var werr error
	// One buffer for the whole stream: io.Copy would allocate one per
	// message, i.e. per chunk of output.
	buf := make([]byte, 32<<10)
	for {
		mt, r, err := conn.NextReader()
		if err != nil {
			if websocket.IsCloseError(err, websocket.CloseNormalClosure) {
				return werr
			}
			return errors.Join(werr, err)
		}
		if mt == websocket.TextMessage {
			return werr
		}
		if w == nil || werr != nil {
			w = io.Discard
		}
		if _, err := io.CopyBuffer(w, r, buf); err != nil {
			werr = err
		}
	}
}

// Signal sends a signal (e.g. 9 for SIGKILL, 15 for SIGTERM) to the
// command's first process through the control websocket. Processes it
// started do not get it; they are its own to end.
func (s *ExecSession) Signal(sig int) error {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	b, err := json.Marshal(execControl{Command: "signal", Signal: sig})
	if err != nil {
		return err
	}
	if err := s.control.WriteMessage(websocket.TextMessage, b); err != nil {
		return fmt.Errorf("exec in %s: signal %d: %w", s.name, sig, err)
	}
	return nil
}

// Wait blocks until the command's output has ended and LXD has finished
// the operation, and returns the exit status. A command that LXD could not
// start (a missing program: status 127 or 126) is an *Error with that
// status also returned. When ctx ends first Wait returns -1 and ctx's
// error; the command keeps running, so that the caller may Signal it and
// Wait again.
func (s *ExecSession) Wait(ctx context.Context) (int, error) {
	select {
	case <-s.outDone:
	case <-ctx.Done():
		return -1, fmt.Errorf("exec in %s: %w", s.name, ctx.Err())
	}
	code, err := exitStatus(s.op, s.name, s.op.Wait(ctx))
	if err != nil {
		return code, err
	}
	if s.outErr != nil {
		return code, fmt.Errorf("exec in %s: reading output: %w", s.name, s.outErr)
	}
	return code, nil
}

// Close closes the session's websockets. If the command still runs, LXD
// kills its first process (SIGKILL) when the control websocket closes.
func (s *ExecSession) Close() {
	s.closeOnce.Do(func() {
		for _, c := range append([]*websocket.Conn{s.control}, s.conns[:]...) {
			if c != nil {
				_ = c.Close()
			}
		}
	})
}
