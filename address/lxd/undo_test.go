package lxd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// forgetfulDaemon serves a unix socket as a daemon that has already
// forgotten the create operation "op-create" (LXD drops an operation a
// few seconds after it ends): waiting for it is 404. made says whether
// the instance exists; deletes records the names deleted.
func forgetfulDaemon(t *testing.T, made bool) (sock string, deletes func() []string) {
	t.Helper()
	sock = filepath.Join(t.TempDir(), "forgetful.socket")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var deleted []string
	reply := func(w http.ResponseWriter, code int, body string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/1.0/instances":
			reply(w, 202, `{"type":"async","status_code":100,"operation":"/1.0/operations/op-create","metadata":{"id":"op-create","status_code":103,"status":"Running"}}`)
		case r.URL.Path == "/1.0/operations/op-create/wait":
			reply(w, 404, `{"type":"error","error":"Operation not found","error_code":404}`)
		case r.URL.Path == "/1.0/operations/op-delete/wait":
			reply(w, 200, `{"type":"sync","status_code":200,"metadata":{"id":"op-delete","status_code":200,"status":"Success"}}`)
		case r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/1.0/instances/"):
			mu.Lock()
			deleted = append(deleted, strings.TrimPrefix(r.URL.Path, "/1.0/instances/"))
			mu.Unlock()
			reply(w, 202, `{"type":"async","status_code":100,"operation":"/1.0/operations/op-delete","metadata":{"id":"op-delete","status_code":103,"status":"Running"}}`)
		case r.Method == http.MethodGet && r.URL.Path == "/1.0/instances/c1" && made:
			reply(w, 200, `{"type":"sync","status_code":200,"metadata":{"name":"c1","status":"Stopped","status_code":102}}`)
		default:
			reply(w, 404, `{"type":"error","error":"Not found","error_code":404}`)
		}
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return sock, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), deleted...)
	}
}

// TestUndoInterruptedForgottenOperation: a create cut off by an
// interruption, whose operation LXD has forgotten by the time it is
// settled, is decided by the instance itself: deleted when it was made
// after all, "did not make" when it is absent, never a guess.
func TestUndoInterruptedForgottenOperation(t *testing.T) {
	interrupted := errors.New("interrupted")
	for _, made := range []bool{true, false} {
		sock, deletes := forgetfulDaemon(t, made)
		env := New(Config{Socket: sock})
		t.Cleanup(env.Close)
		v := commandView(t, env)
		op, err := v.lxd().CreateInstance(context.Background(), lxdapi.InstancesPost{Name: "c1"})
		if err != nil {
			t.Fatal(err)
		}
		err = v.undoInterrupted(context.Background(), op, "c1", interrupted)
		if !errors.Is(err, interrupted) {
			t.Errorf("made %v: error %v does not wrap the interruption", made, err)
		}
		want, wantDeleted := "LXD did not make c1", []string(nil)
		if made {
			want, wantDeleted = "c1 was made after all and has been removed", []string{"c1"}
		}
		if err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("made %v: error %v, want it to end %q", made, err, want)
		}
		if got := deletes(); fmt.Sprint(got) != fmt.Sprint(wantDeleted) {
			t.Errorf("made %v: deleted %v, want %v", made, got, wantDeleted)
		}
	}
}
