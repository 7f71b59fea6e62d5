package lxdapi

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestPushFileHeaders checks what PushFile sends: the path in the query,
// the body as is, and the X-LXD-* headers only for what was set.
func TestPushFileHeaders(t *testing.T) {
	var mu sync.Mutex
	var got []http.Header
	var bodies []string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.Header.Clone())
		bodies = append(bodies, string(b))
		mu.Unlock()
		sync200(w, map[string]any{})
	})
	c := NewUnix(f.sock, nil)
	uid, gid := int64(1000), int64(0)
	if err := c.PushFile(ctx5(t), "c1", "/root/a b", FilePut{Content: strings.NewReader("data"), UID: &uid, GID: &gid, Mode: 0o640}); err != nil {
		t.Fatal(err)
	}
	if err := c.PushFile(ctx5(t), "c1", "/root/d", FilePut{Type: "directory", Append: true}); err != nil {
		t.Fatal(err)
	}
	seen := f.seen()
	if seen[0] != "POST /1.0/instances/c1/files?path=%2Froot%2Fa+b" {
		t.Errorf("request %q", seen[0])
	}
	want := map[string]string{"X-Lxd-Type": "file", "X-Lxd-Uid": "1000", "X-Lxd-Gid": "0", "X-Lxd-Mode": "0640", "X-Lxd-Write": "overwrite"}
	for k, v := range want {
		if got[0].Get(k) != v {
			t.Errorf("first push: %s = %q, want %q", k, got[0].Get(k), v)
		}
	}
	if bodies[0] != "data" {
		t.Errorf("first push body %q", bodies[0])
	}
	for _, k := range []string{"X-Lxd-Uid", "X-Lxd-Gid", "X-Lxd-Mode"} {
		if v := got[1].Get(k); v != "" {
			t.Errorf("second push sent %s = %q, which was not set", k, v)
		}
	}
	if got[1].Get("X-Lxd-Type") != "directory" || got[1].Get("X-Lxd-Write") != "append" {
		t.Errorf("second push headers %v", got[1])
	}
}

// TestGetFileKinds checks GetFile on a file (content and headers), a
// directory (an envelope listing it) and a missing path (a 404 *Error).
func TestGetFileKinds(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("path") {
		case "/etc/hostname":
			w.Header().Set("X-LXD-type", "file")
			w.Header().Set("X-LXD-uid", "5")
			w.Header().Set("X-LXD-gid", "6")
			w.Header().Set("X-LXD-mode", "0751")
			w.Write([]byte("c1\n"))
		case "/etc":
			w.Header().Set("X-LXD-type", "directory")
			w.Header().Set("X-LXD-mode", "0755")
			sync200(w, []string{"hostname", "passwd"})
		case "/bad":
			w.Header().Set("X-LXD-type", "file")
			w.Header().Set("X-LXD-mode", "rwx")
			w.Write([]byte("x"))
		default:
			errorResp(w, 404, "Not Found")
		}
	})
	c := NewUnix(f.sock, nil)
	body, info, err := c.GetFile(ctx5(t), "c1", "/etc/hostname")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(body)
	body.Close()
	if string(data) != "c1\n" || info.Type != "file" || info.UID != 5 || info.GID != 6 || info.Mode != 0o751 {
		t.Errorf("file: %q %+v", data, info)
	}
	body, info, err = c.GetFile(ctx5(t), "c1", "/etc")
	if err != nil || body != nil || info.Type != "directory" || strings.Join(info.Entries, ",") != "hostname,passwd" {
		t.Errorf("directory: %v %+v %v", body, info, err)
	}
	if _, _, err := c.GetFile(ctx5(t), "c1", "/nope"); !IsNotFound(err) {
		t.Errorf("missing file: %v, want a 404", err)
	}
	if _, _, err := c.GetFile(ctx5(t), "c1", "/bad"); err == nil || !strings.Contains(err.Error(), "X-LXD-mode") {
		t.Errorf("bad mode header: %v", err)
	}
	if _, err := c.ReadFile(ctx5(t), "c1", "/etc/hostname", 2); err == nil || !strings.Contains(err.Error(), "larger than 2 bytes") {
		t.Errorf("ReadFile over the limit: %v", err)
	}
	if _, err := c.ReadFile(ctx5(t), "c1", "/etc", 0); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("ReadFile of a directory: %v", err)
	}
}

// TestEvents checks that Events asks for the types, decodes what the
// daemon sends and ends when its context does.
func TestEvents(t *testing.T) {
	up := websocket.Upgrader{}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/1.0/events" {
			errorResp(w, 404, "Not Found")
			return
		}
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"lifecycle","metadata":{"action":"instance-started","source":"/1.0/instances/c1"}}`))
		conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"operation","metadata":{"id":"op1","status_code":103,"metadata":{"download_progress":"5%"}}}`))
		conn.ReadMessage() // until the client goes
	})
	c := NewUnix(f.sock, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l, err := c.Events(ctx, "lifecycle", "operation")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if s := f.seen(); s[0] != "GET /1.0/events?type=lifecycle%2Coperation" {
		t.Errorf("request %q", s[0])
	}
	ev, err := l.Next()
	if err != nil {
		t.Fatal(err)
	}
	le, err := ev.Lifecycle()
	if err != nil || ev.Type != "lifecycle" || le.Action != "instance-started" || le.Source != "/1.0/instances/c1" {
		t.Errorf("lifecycle event %+v %+v %v", ev, le, err)
	}
	ev, err = l.Next()
	if err != nil {
		t.Fatal(err)
	}
	op, err := ev.Operation()
	if err != nil || op.ID != "op1" || !strings.Contains(string(op.Metadata), "download_progress") {
		t.Errorf("operation event %+v %v", op, err)
	}
	cancel()
	if _, err := l.Next(); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("Next after cancel: %v", err)
	}
}

// slowReader yields n chunks, pausing before each: a large file on a slow
// disk or link.
type slowReader struct {
	n     int
	pause time.Duration
}

func (r *slowReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.pause)
	r.n--
	p[0] = 'x'
	return 1, nil
}

// TestPushFileOutlastsResponseTimeout: the daemon answers a push only once
// it has the whole file, so the response timeout must not cut an upload
// that takes longer than it.
func TestPushFileOutlastsResponseTimeout(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		sync200(w, map[string]any{})
	})
	c := NewUnix(f.sock, &Options{ResponseTimeout: 100 * time.Millisecond})
	if err := c.PushFile(ctx5(t), "c1", "/root/big", FilePut{Content: &slowReader{n: 6, pause: 50 * time.Millisecond}}); err != nil {
		t.Errorf("a 300 ms upload with a 100 ms response timeout: %v", err)
	}
}
