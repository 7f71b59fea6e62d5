package lxd

import (
	"context"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// proxy is a unix socket in front of a daemon's socket that passes every
// request on, holding some back first, to make a daemon slow exactly
// where a test needs it.
type proxy struct {
	Socket string
	// hold, when set, returns how long to hold a request before passing
	// it on.
	hold func(r *http.Request) time.Duration
	// onResponse, when set, sees each answer before it is passed on.
	onResponse func(*http.Response) error
}

// newProxy starts a proxy to the daemon at upstream (a socket path) and
// stops it when the test ends.
func newProxy(t testing.TB, upstream string, hold func(r *http.Request) time.Duration) *proxy {
	t.Helper()
	p := &proxy{Socket: filepath.Join(t.TempDir(), "proxy.socket"), hold: hold}
	l, err := net.Listen("unix", p.Socket)
	if err != nil {
		t.Fatal(err)
	}
	var d net.Dialer
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(&url.URL{Scheme: "http", Host: "unix.socket"}) },
		Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return d.DialContext(ctx, "unix", upstream)
		}},
		// A daemon that is gone drops the connection; a 502 from the
		// proxy would read as an answer from LXD.
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			http.Error(w, err.Error(), http.StatusBadGateway)
		},
		ModifyResponse: func(resp *http.Response) error {
			if p.onResponse != nil {
				return p.onResponse(resp)
			}
			return nil
		},
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.hold != nil {
			if d := p.hold(r); d > 0 {
				select {
				case <-time.After(d):
				case <-r.Context().Done():
					return
				}
			}
		}
		rp.ServeHTTP(w, r)
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return p
}

// holdWaits holds every operation wait for d.
func holdWaits(d time.Duration) func(r *http.Request) time.Duration {
	return func(r *http.Request) time.Duration {
		if strings.HasSuffix(r.URL.Path, "/wait") {
			return d
		}
		return 0
	}
}
