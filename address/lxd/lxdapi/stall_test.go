package lxdapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// serverBody is a GET /1.0 answer, as LXD sends it.
const serverBody = `{"type":"sync","status":"Success","status_code":200,"metadata":{"api_version":"1.0","auth":"trusted","environment":{"server_version":"5.0.2"}}}`

// stallAfter writes head of a 200 answer, flushes it and then sends
// nothing more until the request ends: a daemon that hangs in the middle
// of its answer.
func stallAfter(head string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, head)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
}

// trickle writes body in n pieces, gap apart, flushing each: a slow
// answer that keeps making progress.
func trickle(w http.ResponseWriter, body string, n int, gap time.Duration) {
	step := (len(body) + n - 1) / n
	for i := 0; i < len(body); i += step {
		time.Sleep(gap)
		io.WriteString(w, body[i:min(i+step, len(body))])
		w.(http.Flusher).Flush()
	}
}

// TestStalledBodyIsBounded: a daemon that sends its headers (and part of
// the body) and then stalls fails the call with ErrNoResponse after
// Options.ResponseTimeout without data, not when the caller's much longer
// context ends (issue 18, item 9).
func TestStalledBodyIsBounded(t *testing.T) {
	for _, head := range []string{"", `{"type":"sync",`} {
		sock, _ := fakeDaemon(t, stallAfter(head))
		c := lxdapi.NewUnix(sock, &lxdapi.Options{ResponseTimeout: 300 * time.Millisecond})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		start := time.Now()
		_, err := c.GetServer(ctx)
		took := time.Since(start)
		cancel()
		if !errors.Is(err, lxdapi.ErrNoResponse) {
			t.Fatalf("body %q then a stall: error %v, want ErrNoResponse", head, err)
		}
		if took < 300*time.Millisecond || took > 5*time.Second {
			t.Errorf("body %q then a stall: failed after %v, want about 300ms", head, took)
		}
		for _, w := range []string{"300ms", sock, "hung"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q lacks %q", err, w)
			}
		}
	}
}

// TestSlowBodyThatProgressesIsNotCut: the bound is on silence, not on the
// whole answer: a body (an answer, or a file download) that arrives in
// pieces, each sooner than ResponseTimeout, is read whole however long
// it takes in all.
func TestSlowBodyThatProgressesIsNotCut(t *testing.T) {
	content := strings.Repeat("file data ", 100)
	sock, _ := fakeDaemon(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/files") {
			w.Header().Set("X-LXD-type", "file")
			w.Header().Set("X-LXD-mode", "0644")
			w.WriteHeader(http.StatusOK)
			trickle(w, content, 8, 150*time.Millisecond)
			return
		}
		w.WriteHeader(http.StatusOK)
		trickle(w, serverBody, 8, 150*time.Millisecond)
	})
	c := lxdapi.NewUnix(sock, &lxdapi.Options{ResponseTimeout: 500 * time.Millisecond})
	ctx := context.Background()
	srv, err := c.GetServer(ctx)
	if err != nil {
		t.Fatalf("an answer in 8 pieces 150ms apart, response timeout 500ms: %v", err)
	}
	if srv.Environment.ServerVersion != "5.0.2" {
		t.Errorf("server version %q", srv.Environment.ServerVersion)
	}
	body, _, err := c.GetFile(ctx, "c1", "/f")
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	// A reader slower than the timeout is not a silent daemon either.
	time.Sleep(700 * time.Millisecond)
	data, err := io.ReadAll(body)
	if err != nil || string(data) != content {
		t.Errorf("a download in 8 pieces: %d bytes, %v; want %d bytes", len(data), err, len(content))
	}
}
