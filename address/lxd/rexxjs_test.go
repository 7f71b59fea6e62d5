package lxd

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakeDaemon serves LXD's error envelope for every request on a unix
// socket, recording each request as "METHOD path body", so a test can see
// what a command asked for without a daemon that could fetch images.
type fakeDaemon struct {
	mu       sync.Mutex
	requests []string
}

func startFakeDaemon(t *testing.T, answer func(method, path string) (int, string)) (*fakeDaemon, string) {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "unix.socket")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeDaemon{}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.Path+" "+string(body))
		f.mu.Unlock()
		code, msg := answer(r.Method, r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(map[string]any{"type": "error", "error": msg, "error_code": code})
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return f, sock
}

// TestRegisterBaseDefaultImage: without image=, a missing base is created
// from ubuntu:22.04 on the ubuntu: image server, and when that image cannot
// be fetched the message says it was the default and how to choose another.
func TestRegisterBaseDefaultImage(t *testing.T) {
	t.Setenv("LXD_CONF", t.TempDir()) // the built-in remotes, whatever the user's lxc config says
	const fetchErr = `Failed getting remote image info: Failed getting image: lookup cloud-images.ubuntu.com: no such host`
	f, sock := startFakeDaemon(t, func(method, path string) (int, string) {
		if method == http.MethodPost && path == "/1.0/instances" {
			return 400, fetchErr
		}
		return 404, "Instance not found"
	})
	env := New(Config{Socket: sock})
	defer env.Close()
	rc, vars := run(t, env, "register_base name=rexxjs-base storage=pool1")
	if rc != RCError {
		t.Fatalf("RC %d, want %d: %s", rc, RCError, vars["RESULT.OUTPUT"])
	}
	for _, want := range []string{"no instance rexxjs-base", "creating it from ubuntu:22.04 (the image when image= is not given) failed",
		"image 22.04 could not be fetched from https://cloud-images.ubuntu.com/releases"} {
		if !strings.Contains(vars["RESULT.OUTPUT"], want) {
			t.Errorf("RESULT.OUTPUT = %q, want it to contain %q", vars["RESULT.OUTPUT"], want)
		}
	}
	if !strings.Contains(vars["RESULT.ERROR"], fetchErr) || vars["RESULT.BASENAME"] != "rexxjs-base" || vars["RESULT.CREATED"] != "0" {
		t.Errorf("ERROR %q BASENAME %q CREATED %q", vars["RESULT.ERROR"], vars["RESULT.BASENAME"], vars["RESULT.CREATED"])
	}
	var create string
	for _, r := range f.requests {
		if strings.HasPrefix(r, "POST /1.0/instances ") {
			create = r
		}
	}
	for _, want := range []string{`"alias":"22.04"`, `"server":"https://cloud-images.ubuntu.com/releases"`,
		`"protocol":"simplestreams"`, `"user.rexxlxd.base":"true"`, `"user.rexxlxd.image":"ubuntu:22.04"`, `"pool":"pool1"`} {
		if !strings.Contains(create, want) {
			t.Errorf("create request %q lacks %s", create, want)
		}
	}
}
