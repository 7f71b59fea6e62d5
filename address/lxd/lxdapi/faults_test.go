package lxdapi_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// silentSocket listens on a unix socket, accepts every connection and
// never answers: a hung daemon, or something else on its socket.
func silentSocket(t *testing.T) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "silent.socket")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() { <-done; conn.Close() }()
		}
	}()
	return sock
}

// TestNoResponseIsBounded: a request the daemon accepts but never answers
// fails with ErrNoResponse after Options.ResponseTimeout, not when the
// caller's (much longer) context ends.
func TestNoResponseIsBounded(t *testing.T) {
	c := lxdapi.NewUnix(silentSocket(t), &lxdapi.Options{ResponseTimeout: 300 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	_, err := c.GetServer(ctx)
	took := time.Since(start)
	if !errors.Is(err, lxdapi.ErrNoResponse) {
		t.Fatalf("error %v, want ErrNoResponse", err)
	}
	if errors.Is(err, lxdapi.ErrUnreachable) || errors.Is(err, lxdapi.ErrConnectionLost) {
		t.Errorf("error %v is also unreachable/lost", err)
	}
	if took < 300*time.Millisecond || took > 5*time.Second {
		t.Errorf("took %v, want about 300ms", took)
	}
	if !strings.Contains(err.Error(), "300ms") {
		t.Errorf("error %q does not say how long it waited", err)
	}
}

// fakeDaemon serves h on a unix socket until the test ends.
func fakeDaemon(t *testing.T, h http.HandlerFunc) (string, *http.Server) {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "fake.socket")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return sock, srv
}

const runningOp = `{"type":"sync","status":"Success","status_code":200,"metadata":{"id":"op1","status":"Running","status_code":103}}`
const doneOp = `{"type":"sync","status":"Success","status_code":200,"metadata":{"id":"op1","status":"Success","status_code":200}}`

// TestOperationWaitNotBoundedByResponseTimeout: an operation wait may
// take longer than the response timeout before it answers.
func TestOperationWaitNotBoundedByResponseTimeout(t *testing.T) {
	sock, _ := fakeDaemon(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/wait") {
			time.Sleep(800 * time.Millisecond)
			w.Write([]byte(doneOp))
			return
		}
		w.Write([]byte(runningOp))
	})
	c := lxdapi.NewUnix(sock, &lxdapi.Options{ResponseTimeout: 200 * time.Millisecond})
	ctx := context.Background()
	op, err := c.GetOperation(ctx, "op1")
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Wait(ctx); err != nil {
		t.Fatalf("wait of 800ms with a 200ms response timeout: %v", err)
	}
}

// TestConnectionLost: a daemon that drops the connection under a request
// (killed) gives ErrConnectionLost, not an LXD error or ErrUnreachable.
func TestConnectionLost(t *testing.T) {
	c := lxdapi.NewUnix(lxdtest.DroppingSocket(t), nil)
	_, err := c.CreateInstance(context.Background(), lxdapi.InstancesPost{Name: "x", Source: lxdapi.ImageSource("y")})
	if !errors.Is(err, lxdapi.ErrConnectionLost) || errors.Is(err, lxdapi.ErrUnreachable) {
		t.Fatalf("error %v, want ErrConnectionLost only", err)
	}
	var le *lxdapi.Error
	if errors.As(err, &le) {
		t.Errorf("error %v is an *lxdapi.Error", err)
	}
}

// TestWaitOnVanishedDaemon: waiting for an operation of a daemon that has
// gone away (its socket no longer accepts) is a lost connection: the
// operation was under way and its outcome is unknown.
func TestWaitOnVanishedDaemon(t *testing.T) {
	sock, srv := fakeDaemon(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(runningOp)) })
	c := lxdapi.NewUnix(sock, nil)
	ctx := context.Background()
	op, err := c.GetOperation(ctx, "op1")
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	c.Close()
	err = op.Wait(ctx)
	if !errors.Is(err, lxdapi.ErrConnectionLost) {
		t.Fatalf("error %v, want ErrConnectionLost", err)
	}
	// A fresh request to the vanished daemon is unreachable.
	if _, err := c.GetServer(ctx); !errors.Is(err, lxdapi.ErrUnreachable) {
		t.Errorf("GetServer: %v, want ErrUnreachable", err)
	}
}
