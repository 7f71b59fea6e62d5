package lxd

import (
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// stallingDaemon serves a unix socket as a daemon that hangs in the middle
// of its answers: to every request it sends, when headers is set, the
// response headers and the start of a body, and then nothing more until
// the request ends. It never runs anything.
func stallingDaemon(t *testing.T, headers bool) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "stalling.socket")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if headers {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, `{"type":"`)
			w.(http.Flusher).Flush()
		}
		<-r.Context().Done()
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return sock
}

// TestStalledDaemon: a daemon that sends its headers and then stalls the
// body ends status after the response timeout (RC -2), not the command
// timeout; and execute timeout= bounds all of execute's work with LXD,
// whether the daemon stalls the body or never answers at all (issue 18,
// item 9). No guest command ran, so RC is -2, not 124.
func TestStalledDaemon(t *testing.T) {
	sock := stallingDaemon(t, true)
	env := New(Config{Socket: sock, ResponseTimeout: time.Second, Timeout: 20 * time.Second})
	t.Cleanup(env.Close)
	for _, cmd := range []string{"status", "list", "info name=c1"} {
		rc, vars, _ := timedRun(t, env, cmd, 5*time.Second)
		if rc != RCTimeout {
			t.Errorf("%q: RC %d, want %d: %s", cmd, rc, RCTimeout, vars["RESULT.OUTPUT"])
		}
		wantIn(t, vars["RESULT.OUTPUT"], "no data for 1s", sock, "hung")
	}

	for _, headers := range []bool{true, false} {
		sock := stallingDaemon(t, headers)
		env := New(Config{Socket: sock, ResponseTimeout: 20 * time.Second})
		t.Cleanup(env.Close)
		for _, cmd := range []string{"execute name=c1 command=true timeout=2", "execute name=c1 command=true user=bob timeout=2"} {
			rc, vars, took := timedRun(t, env, cmd, 6*time.Second)
			if rc != RCTimeout {
				t.Errorf("headers %v, %q: RC %d, want %d: %s", headers, cmd, rc, RCTimeout, vars["RESULT.OUTPUT"])
			}
			if took < 2*time.Second {
				t.Errorf("headers %v, %q: RC after %v, before its timeout=2", headers, cmd, took)
			}
			wantIn(t, vars["RESULT.OUTPUT"], "timeout=2", "did not start the command")
			if strings.Contains(vars["RESULT.OUTPUT"], "was killed") {
				t.Errorf("%q: OUTPUT %q says a command was killed, but none ran", cmd, vars["RESULT.OUTPUT"])
			}
		}
	}
}
