package lxdapi

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// fakeDaemon is an httptest server on a unix socket that records the
// requests it receives, standing in for LXD where the real daemon cannot
// produce a case (malformed answers, slow operations).
type fakeDaemon struct {
	mu       sync.Mutex
	requests []string // "METHOD /path?query"
	srv      *httptest.Server
	sock     string
}

func newFake(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) *fakeDaemon {
	t.Helper()
	f := &fakeDaemon{sock: filepath.Join(t.TempDir(), "unix.socket")}
	l, err := net.Listen("unix", f.sock)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
		f.mu.Unlock()
		h(w, r)
	}))
	f.srv.Listener = l
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeDaemon) seen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func sync200(w http.ResponseWriter, md any) {
	writeJSON(w, 200, map[string]any{"type": "sync", "status": "Success", "status_code": 200, "metadata": md})
}

func errorResp(w http.ResponseWriter, code int, text string) {
	writeJSON(w, code, map[string]any{"type": "error", "error_code": code, "error": text, "metadata": nil})
}

func opJSON(id string, code int, status, errText string, md any) map[string]any {
	return map[string]any{"id": id, "class": "task", "description": "Testing", "status": status,
		"status_code": code, "err": errText, "metadata": md, "may_cancel": false}
}

func async202(w http.ResponseWriter, op map[string]any) {
	writeJSON(w, 202, map[string]any{"type": "async", "status": "Operation created", "status_code": 100,
		"operation": "/1.0/operations/" + op["id"].(string), "metadata": op})
}

func ctx5(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestEnvelopeSync(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"abc"`)
		sync200(w, map[string]any{"name": "c1", "status": "Running", "status_code": 103,
			"config": map[string]string{"limits.cpu": "1"}})
	})
	c := NewUnix(f.sock, &Options{Project: "p1"})
	inst, err := c.GetInstance(ctx5(t), "c1")
	if err != nil {
		t.Fatal(err)
	}
	if inst.Name != "c1" || inst.StatusCode != StatusRunning || inst.Config["limits.cpu"] != "1" || inst.ETag != `"abc"` {
		t.Fatalf("decoded %+v", inst)
	}
	if got := f.seen(); len(got) != 1 || got[0] != "GET /1.0/instances/c1?project=p1" {
		t.Fatalf("requests %q", got)
	}
}

func TestEnvelopeErrors(t *testing.T) {
	cases := []struct {
		name    string
		handler func(w http.ResponseWriter, r *http.Request)
		status  int
		text    string
	}{
		{"lxd error", func(w http.ResponseWriter, r *http.Request) { errorResp(w, 404, "Instance not found") }, 404, "Instance not found"},
		{"conflict", func(w http.ResponseWriter, r *http.Request) { errorResp(w, 409, `Instance "c1" already exists`) }, 409, "already exists"},
		{"plain text", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "bad gateway here", 502) }, 502, "bad gateway here"},
		{"empty body", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }, 503, "Service Unavailable"},
		{"error type with 200", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]any{"type": "error", "error_code": 403, "error": "not allowed"})
		}, 403, "not allowed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewUnix(newFake(t, tc.handler).sock, nil)
			_, err := c.GetStoragePool(ctx5(t), "p")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T), want *Error", err, err)
			}
			if e.StatusCode != tc.status || !strings.Contains(e.Message, tc.text) || e.Method != "GET" || e.Path != "/1.0/storage-pools/p" {
				t.Fatalf("got %+v, want status %d text %q", e, tc.status, tc.text)
			}
		})
	}
}

func TestEnvelopeMalformed(t *testing.T) {
	cases := map[string]func(w http.ResponseWriter, r *http.Request){
		"not json":      func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>hello</html>") },
		"unknown type":  func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"type": "weird"}) },
		"bad metadata":  func(w http.ResponseWriter, r *http.Request) { sync200(w, []int{1, 2}) },
		"async for get": func(w http.ResponseWriter, r *http.Request) { async202(w, opJSON("x", 103, "Running", "", nil)) },
		"truncated":     func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"type":"sync","metadata":{"name":`) },
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			c := NewUnix(newFake(t, h).sock, nil)
			inst, err := c.GetInstance(ctx5(t), "c1")
			if err == nil {
				t.Fatalf("no error; got %+v", inst)
			}
			if StatusCode(err) != 0 {
				t.Errorf("malformed answer reported as an LXD error: %v", err)
			}
		})
	}
}

func TestOperationWaitLongPolls(t *testing.T) {
	var mu sync.Mutex
	waits := 0
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/1.0/instances":
			async202(w, opJSON("op1", 103, "Running", "", nil))
		case r.URL.Path == "/1.0/operations/op1/wait":
			mu.Lock()
			waits++
			n := waits
			mu.Unlock()
			if n < 3 { // still running when the wait's timeout passes
				sync200(w, opJSON("op1", 103, "Running", "", nil))
				return
			}
			sync200(w, opJSON("op1", 200, "Success", "", nil))
		default:
			errorResp(w, 500, "unexpected "+r.URL.Path)
		}
	})
	c := NewUnix(f.sock, nil)
	op, err := c.CreateInstance(ctx5(t), InstancesPost{Name: "c1", Source: ImageSource("img")})
	if err != nil {
		t.Fatal(err)
	}
	if op.ID != "op1" || op.Done() {
		t.Fatalf("operation %+v", op)
	}
	if err := op.Wait(ctx5(t)); err != nil {
		t.Fatal(err)
	}
	if op.Status != "Success" || !op.Done() {
		t.Fatalf("after wait: %+v", op)
	}
	got := f.seen()
	if len(got) != 4 {
		t.Fatalf("requests %q, want a POST and three waits", got)
	}
	for _, r := range got[1:] {
		// The context has a 5 s deadline, so each wait asks for at most 5 s.
		if !strings.HasPrefix(r, "GET /1.0/operations/op1/wait?timeout=") || strings.HasSuffix(r, "=0") {
			t.Fatalf("wait request %q", r)
		}
		var secs int
		fmt.Sscanf(r[strings.LastIndexByte(r, '=')+1:], "%d", &secs)
		if secs < 1 || secs > 5 {
			t.Fatalf("wait timeout %d s from a 5 s context", secs)
		}
	}
}

func TestOperationWaitNoDeadline(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/1.0/operations/op2/wait" {
			sync200(w, opJSON("op2", 200, "Success", "", nil))
			return
		}
		async202(w, opJSON("op2", 103, "Running", "", nil))
	})
	c := NewUnix(f.sock, nil)
	op, err := c.DeleteInstance(context.Background(), "c1")
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("GET /1.0/operations/op2/wait?timeout=%d", int(waitChunk.Seconds()))
	if got := f.seen(); len(got) != 2 || got[1] != want {
		t.Fatalf("requests %q, want the wait %q", got, want)
	}
}

func TestOperationFailure(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/wait") {
			sync200(w, opJSON("op3", 400, "Failure", `Failed creating instance record: Add instance info to the database: This "instances" entry already exists`, nil))
			return
		}
		async202(w, opJSON("op3", 103, "Running", "", nil))
	})
	c := NewUnix(f.sock, nil)
	op, err := c.CreateInstance(ctx5(t), InstancesPost{Name: "c1", Source: ImageSource("img")})
	if err != nil {
		t.Fatal(err)
	}
	err = op.Wait(ctx5(t))
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != StatusFailure || e.Path != "/1.0/operations/op3" || !strings.Contains(e.Message, "already exists") {
		t.Fatalf("failed operation: %v", err)
	}
	if !IsConflict(err) {
		t.Errorf("IsConflict false for %v", err)
	}
}

func TestOperationWaitCancelled(t *testing.T) {
	release := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/wait") {
			select { // a daemon that takes its time
			case <-release:
			case <-r.Context().Done():
			}
			sync200(w, opJSON("op4", 103, "Running", "", nil))
			return
		}
		async202(w, opJSON("op4", 103, "Running", "", nil))
	})
	defer close(release)
	c := NewUnix(f.sock, nil)
	op, err := c.StartInstance(ctx5(t), "c1")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(f.seen()) < 2 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	err = op.Wait(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("wait after cancel: %v", err)
	}
}

func TestUpdateSendsETag(t *testing.T) {
	var ifMatch string
	var body map[string]any
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		ifMatch = r.Header.Get("If-Match")
		_ = json.NewDecoder(r.Body).Decode(&body)
		if ifMatch == `"stale"` {
			errorResp(w, 412, "ETag doesn't match")
			return
		}
		sync200(w, map[string]any{})
	})
	c := NewUnix(f.sock, nil)
	put := InstancePut{Config: map[string]string{"limits.memory": "64MiB"}, Profiles: []string{"default"}}
	if err := c.UpdateInstance(ctx5(t), "c1", put, `"fresh"`); err != nil {
		t.Fatal(err)
	}
	if ifMatch != `"fresh"` || body["config"].(map[string]any)["limits.memory"] != "64MiB" {
		t.Fatalf("If-Match %q body %v", ifMatch, body)
	}
	err := c.UpdateInstance(ctx5(t), "c1", put, `"stale"`)
	if StatusCode(err) != http.StatusPreconditionFailed {
		t.Fatalf("stale ETag: %v", err)
	}
}

// execFake plays LXD's side of a websocket exec: the POST asks for
// websockets, each stream connects with its own secret, stdin and control
// messages are recorded, stdout sends a ping, two chunks and its end
// barrier, stderr only its barrier, and the operation ends with exit
// status 2 once stdin has ended and the signal was seen.
type execFake struct {
	mu       sync.Mutex
	stdin    []string
	stdinEOF bool // the end barrier arrived
	control  []string
	wsCerts  []int // client certificates presented on each websocket (TLS)
	refuse   int   // handshakes still to refuse with 503, as a loaded daemon now and then does
}

func (f *execFake) handle(w http.ResponseWriter, r *http.Request) {
	var upgrader websocket.Upgrader
	secrets := map[string]string{"s0": "0", "s1": "1", "s2": "2", "sc": "control"}
	switch {
	case r.Method == "POST" && r.URL.Path == "/1.0/instances/c1/exec":
		var p map[string]any
		_ = json.NewDecoder(r.Body).Decode(&p)
		if p["wait-for-websocket"] != true || p["interactive"] != false || p["record-output"] != nil {
			errorResp(w, 400, fmt.Sprintf("bad exec body %v", p))
			return
		}
		op := opJSON("ex1", 103, "Running", "", map[string]any{"fds": map[string]string{"0": "s0", "1": "s1", "2": "s2", "control": "sc"}})
		op["class"] = "websocket"
		async202(w, op)
	case r.URL.Path == "/1.0/operations/ex1/websocket":
		fd, ok := secrets[r.URL.Query().Get("secret")]
		if !ok {
			errorResp(w, 403, "bad secret")
			return
		}
		f.mu.Lock()
		refused := f.refuse > 0
		f.refuse--
		f.mu.Unlock()
		if refused {
			errorResp(w, 503, "busy")
			return
		}
		if r.TLS != nil {
			f.mu.Lock()
			f.wsCerts = append(f.wsCerts, len(r.TLS.PeerCertificates))
			f.mu.Unlock()
		}
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		switch fd {
		case "0", "control":
			for {
				mt, data, err := conn.ReadMessage()
				if err != nil {
					return
				}
				if fd == "0" && mt == websocket.TextMessage {
					f.mu.Lock()
					f.stdinEOF = true
					f.mu.Unlock()
					return
				}
				f.mu.Lock()
				if fd == "0" {
					f.stdin = append(f.stdin, string(data))
				} else {
					f.control = append(f.control, string(data))
				}
				f.mu.Unlock()
			}
		case "1":
			_ = conn.WriteControl(websocket.PingMessage, []byte("keepalive"), time.Now().Add(time.Second))
			_ = conn.WriteMessage(websocket.BinaryMessage, []byte("out\x00"))
			_ = conn.WriteMessage(websocket.BinaryMessage, []byte("bytes\n"))
			_ = conn.WriteMessage(websocket.TextMessage, nil)
		case "2":
			_ = conn.WriteMessage(websocket.TextMessage, nil)
		}
	case r.URL.Path == "/1.0/operations/ex1/wait":
		// End the operation only after stdin ended and the signal came,
		// so that the test sees both.
		for i := 0; i < 200; i++ {
			f.mu.Lock()
			seen := len(f.control) > 0 && f.stdinEOF
			f.mu.Unlock()
			if seen {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		sync200(w, opJSON("ex1", 200, "Success", "", map[string]any{"return": 2}))
	default:
		errorResp(w, 500, "unexpected "+r.Method+" "+r.URL.Path)
	}
}

// run runs one exec against the fake through c and checks both sides.
func (f *execFake) run(t *testing.T, c *Client) {
	t.Helper()
	var out, errb strings.Builder
	s, err := c.ExecStart(ctx5(t), "c1", ExecRequest{Command: []string{"x"}}, ExecStream{Stdin: strings.NewReader("in"), Stdout: &out, Stderr: &errb})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Signal(15); err != nil {
		t.Fatal(err)
	}
	code, err := s.Wait(ctx5(t))
	s.Close()
	if err != nil || code != 2 || out.String() != "out\x00bytes\n" || errb.String() != "" {
		t.Fatalf("exec: code %d err %v stdout %q stderr %q", code, err, out.String(), errb.String())
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.Join(f.stdin, "") != "in" {
		t.Errorf("stdin received %q", f.stdin)
	}
	if len(f.control) != 1 || !strings.Contains(f.control[0], `"command":"signal"`) || !strings.Contains(f.control[0], `"signal":15`) {
		t.Errorf("control messages %q", f.control)
	}
}

// TestExecFlow: the websocket exec protocol over the unix socket.
func TestExecFlow(t *testing.T) {
	f := &execFake{}
	d := newFake(t, f.handle)
	c := NewUnix(d.sock, nil)
	f.run(t, c)
	if _, err := c.Exec(ctx5(t), "c1", ExecRequest{}); err == nil {
		t.Fatal("empty command accepted")
	}
}

// TestExecFlowHTTPS: the websockets of a remote reach it over TLS with the
// pinned server certificate and present the client certificate, as the
// REST calls do.
func TestExecFlowHTTPS(t *testing.T) {
	f := &execFake{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(f.handle))
	srv.TLS = &tls.Config{ClientAuth: tls.RequestClientCert}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	serverPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	cert, key := selfSigned(t, "rexxlxd-test-client")
	c, err := NewRemote(srv.URL, Credentials{ClientCert: cert, ClientKey: key, ServerCert: serverPEM}, &Options{UserAgent: "rexxlxd-test"})
	if err != nil {
		t.Fatal(err)
	}
	f.run(t, c)
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.wsCerts) != 4 || slices.Contains(f.wsCerts, 0) {
		t.Errorf("client certificates on the 4 websockets: %v", f.wsCerts)
	}
}

// TestExecHandshakeRetried: a websocket handshake the daemon refuses is
// tried again (its secret is spent only by a connection that succeeds);
// one refused every time fails with the HTTP status in the message.
func TestExecHandshakeRetried(t *testing.T) {
	f := &execFake{refuse: 2}
	d := newFake(t, f.handle)
	f.run(t, NewUnix(d.sock, nil))

	f = &execFake{refuse: 1000}
	d = newFake(t, f.handle)
	_, err := NewUnix(d.sock, nil).ExecStart(ctx5(t), "c1", ExecRequest{Command: []string{"x"}}, ExecStream{})
	if err == nil || !strings.Contains(err.Error(), "bad handshake (HTTP 503 Service Unavailable, attempt 3)") {
		t.Fatalf("a handshake refused every time: %v", err)
	}
}

func TestOperationID(t *testing.T) {
	for in, want := range map[string]string{
		"/1.0/operations/abc":             "abc",
		"/1.0/operations/abc?project=foo": "abc",
		"abc":                             "abc",
		"":                                "",
	} {
		if got := operationID(in); got != want {
			t.Errorf("operationID(%q) = %q, want %q", in, got, want)
		}
	}
}
