package lxdapi

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// Client talks to one LXD daemon over its REST API 1.0. It is safe for
// concurrent use; create one per daemon and reuse it, since it keeps its
// connections open.
type Client struct {
	http    *http.Client
	base    string // URL prefix of every request: "http://unix.socket" or "https://host:8443"
	addr    string // where the daemon is, for messages: a socket path or a URL
	project string
	// responseTimeout bounds the wait for the headers of any answer but
	// an operation wait's, and every silence within a body; see
	// Options.ResponseTimeout.
	responseTimeout time.Duration

	// ws opens websockets (events) to the same daemon, at wsBase
	// ("ws://unix.socket" or "wss://host:8443") with wsHeader.
	ws       *websocket.Dialer
	wsBase   string
	wsHeader http.Header
}

// Options tune a Client. The zero value (or a nil *Options) is fine.
type Options struct {
	// DialTimeout bounds connecting to the daemon; 0 means 5 seconds.
	// Each call's own deadline comes from its context.
	DialTimeout time.Duration
	// Project, when set, is sent as ?project= with every request.
	Project string
	// UserAgent, when set, is sent with every request.
	UserAgent string
	// ResponseTimeout bounds how long the daemon may take to start
	// answering a request (its response headers) once the request is
	// sent; then the call fails with ErrNoResponse. The headers of
	// operation waits (GET /1.0/operations/ID/wait), whose length the
	// caller's context and the wait's timeout set, are exempt, and so
	// are those of a request that uploads a file (PushFile), which the
	// daemon answers only once it has all of it. It also bounds each
	// silence within a response body, of every call: a read of the body
	// that gets no data for ResponseTimeout fails with ErrNoResponse (a
	// daemon that sent its headers and hung). A body that keeps coming
	// may take as long as it needs in all, and the caller's own time
	// between reads does not count.
	// 0 means 30 seconds; negative means no bound.
	ResponseTimeout time.Duration
}

const (
	defaultDialTimeout     = 5 * time.Second
	defaultResponseTimeout = 30 * time.Second
)

func (o *Options) responseTimeout() time.Duration {
	switch {
	case o == nil || o.ResponseTimeout == 0:
		return defaultResponseTimeout
	case o.ResponseTimeout < 0:
		return 0
	}
	return o.ResponseTimeout
}

func (o *Options) dialTimeout() time.Duration {
	if o == nil || o.DialTimeout <= 0 {
		return defaultDialTimeout
	}
	return o.DialTimeout
}

// NewUnix returns a client for the daemon listening on the unix socket at
// path; an empty path means DefaultSocket(). It does not connect yet: the
// first call does, and fails with ErrUnreachable if nothing listens there.
func NewUnix(path string, opts *Options) *Client {
	if path == "" {
		path = DefaultSocket()
	}
	dialer := &net.Dialer{Timeout: opts.dialTimeout()}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, "unix", path)
		},
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	c := newClient(&http.Client{Transport: withAgent(tr, opts)}, "http://unix.socket", path, opts)
	c.setWebsocket(&websocket.Dialer{NetDialContext: tr.DialContext, HandshakeTimeout: opts.dialTimeout()}, "ws://unix.socket", opts)
	return c
}

// setWebsocket sets how the client opens websockets.
func (c *Client) setWebsocket(d *websocket.Dialer, base string, opts *Options) {
	c.ws, c.wsBase = d, base
	if opts != nil && opts.UserAgent != "" {
		c.wsHeader = http.Header{"User-Agent": {opts.UserAgent}}
	}
}

func newClient(hc *http.Client, base, addr string, opts *Options) *Client {
	c := &Client{http: hc, base: strings.TrimSuffix(base, "/"), addr: addr, responseTimeout: opts.responseTimeout()}
	if opts != nil {
		c.project = opts.Project
	}
	return c
}

// WithProject returns a client for the same daemon, sharing this one's
// connections, that works in project p ("" or "default": the default
// project).
func (c *Client) WithProject(p string) *Client {
	if p == "default" {
		p = ""
	}
	cp := *c
	cp.project = p
	return &cp
}

// Project returns the project the client works in: "default" unless one
// was chosen.
func (c *Client) Project() string {
	if c.project == "" {
		return "default"
	}
	return c.project
}

// Addr returns where the client reaches its daemon: the socket path or the
// remote's URL.
func (c *Client) Addr() string { return c.addr }

// OnThisHost reports whether the client reaches its daemon over a unix
// socket, so that the daemon's host paths are this host's paths too.
func (c *Client) OnThisHost() bool { return c.base == "http://unix.socket" }

// Close releases the client's idle connections. The client stays usable.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// agentTransport sets the User-Agent header on every request.
type agentTransport struct {
	next  http.RoundTripper
	agent string
}

func (t agentTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", t.agent)
	return t.next.RoundTrip(r)
}

func withAgent(tr http.RoundTripper, opts *Options) http.RoundTripper {
	if opts == nil || opts.UserAgent == "" {
		return tr
	}
	return agentTransport{next: tr, agent: opts.UserAgent}
}
