package lxdtest

import (
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// TestConnectWaitsForSlowDaemon: a daemon that fails its first answers
// (busy, still starting) is asked again until it answers, so the test
// runs instead of being skipped.
func TestConnectWaitsForSlowDaemon(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "unix.socket")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 3 {
			time.Sleep(300 * time.Millisecond)
			http.Error(w, `{"type":"error","error":"not ready","error_code":503}`, http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"type":"sync","status":"Success","status_code":200,"metadata":{"api_version":"1.0","auth":"trusted"}}`))
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	t.Setenv("LXD_SOCKET", sock)

	var skipped bool
	done := make(chan struct{})
	ft := &fakeTB{TB: t}
	go func() {
		defer close(done)
		defer func() { skipped = ft.skipped }()
		Connect(ft)
	}()
	<-done
	if skipped || ft.failed {
		t.Fatalf("Connect gave up on a daemon that answered on its 4th request (skipped %v, failed %v: %s)", skipped, ft.failed, ft.msg)
	}
	if n := calls.Load(); n != 4 {
		t.Errorf("daemon asked %d times, want 4", n)
	}
}

// fakeTB records Skip and Fatal instead of ending the test.
type fakeTB struct {
	testing.TB
	skipped, failed bool
	msg             string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skip(args ...any) {
	f.skipped = true
	f.msg = fmt.Sprint(args...)
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = true
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
