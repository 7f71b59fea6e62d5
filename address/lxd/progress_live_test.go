package lxd

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
	"github.com/rexxlxd/rexxlxd/interp"
)

// imageServer is a private second LXD daemon serving one public image over
// HTTPS on a loopback address, as an lxd-protocol remote.
type imageServer struct {
	addr, cert, alias, fingerprint string
}

// startImageServer starts a second daemon with its own LXD_DIR, gives it
// the test image padded with 40 MB of random data (so a download takes
// long enough to report progress) as a public image, and stops and
// removes it when the test ends. Test set-up only: it runs lxd and lxc.
func startImageServer(t *testing.T) *imageServer {
	t.Helper()
	for _, bin := range []string{"lxd", "lxc", "tar"} {
		if _, err := exec.LookPath(bin); err != nil {
			lxdtest.Need(t, fmt.Sprintf("no %s binary for a second daemon: %v", bin, err))
		}
	}
	if os.Geteuid() != 0 {
		lxdtest.Need(t, "a second LXD daemon needs root")
	}
	dir, err := os.MkdirTemp("", "t-verbs-lxd2-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	lxdDir := filepath.Join(dir, "lxd")
	if err := os.Mkdir(lxdDir, 0o711); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o711)
	env := append(os.Environ(), "LXD_DIR="+lxdDir)
	cli := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v: %s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	daemon := exec.Command("lxd", "--group", "lxd", "--logfile", filepath.Join(dir, "lxd.log"))
	daemon.Env = env
	daemon.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := daemon.Start(); err != nil {
		t.Fatalf("starting a second lxd: %v", err)
	}
	t.Cleanup(func() {
		sd := exec.Command("lxd", "shutdown", "--timeout=30")
		sd.Env = env
		if out, err := sd.CombinedOutput(); err != nil {
			t.Logf("lxd shutdown: %v: %s", err, out)
			daemon.Process.Kill()
		}
		daemon.Wait()
	})
	cli("lxd", "waitready", "--timeout=60")

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cli("lxc", "config", "set", "core.https_address", addr)

	// The test image from the shared daemon (read only), padded.
	unpacked := filepath.Join(dir, "img")
	os.Mkdir(unpacked, 0o700)
	export := exec.Command("lxc", "image", "export", lxdtest.Image(), filepath.Join(dir, "base"))
	if out, err := export.CombinedOutput(); err != nil {
		t.Fatalf("lxc image export: %v: %s", err, out)
	}
	cli("tar", "-xzf", filepath.Join(dir, "base.tar.gz"), "-C", unpacked)
	pad := make([]byte, 40<<20)
	rand.Read(pad)
	if err := os.WriteFile(filepath.Join(unpacked, "rootfs", "pad.bin"), pad, 0o644); err != nil {
		t.Fatal(err)
	}
	tarball := filepath.Join(dir, "big.tar")
	cli("tar", "--numeric-owner", "-C", unpacked, "-cf", tarball, ".")
	alias := "rxbb"
	out := cli("lxc", "image", "import", tarball, "--public", "--alias", alias)
	fp := strings.TrimSpace(out[strings.LastIndex(out, " ")+1:])
	cert, err := os.ReadFile(filepath.Join(lxdDir, "server.crt"))
	if err != nil {
		t.Fatal(err)
	}
	// The shared daemon caches what it downloads: remove it again.
	t.Cleanup(func() {
		exec.Command("lxc", "image", "delete", fp).Run()
	})
	return &imageServer{addr: "https://" + addr, cert: string(cert), alias: alias, fingerprint: fp}
}

// useRemote writes an lxc configuration with the server as remote name
// and points LXD_CONF at it.
func (s *imageServer) useRemote(t *testing.T, name string) {
	conf := t.TempDir()
	os.Mkdir(filepath.Join(conf, "servercerts"), 0o700)
	if err := os.WriteFile(filepath.Join(conf, "servercerts", name+".crt"), []byte(s.cert), 0o600); err != nil {
		t.Fatal(err)
	}
	yml := fmt.Sprintf("remotes:\n  %s:\n    addr: %s\n    protocol: lxd\n    public: true\n", name, s.addr)
	if err := os.WriteFile(filepath.Join(conf, "config.yml"), []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LXD_CONF", conf)
}

// runOnTerminal runs cmd with its error stream on a pseudo-terminal, as
// for a person at a terminal, and returns RC and all the terminal showed.
func runOnTerminal(t *testing.T, ctx context.Context, env *Env, cmd string, vars mapVars) (int, string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("pty: %v", err)
	}
	defer ptmx.Close()
	var shown bytes.Buffer
	read := make(chan struct{})
	go func() {
		defer close(read)
		io.Copy(&shown, ptmx)
	}()
	rc := env.Run(ctx, cmd, &interp.Call{Vars: vars, Stderr: tty})
	tty.Close()
	select {
	case <-read:
	case <-time.After(5 * time.Second):
		ptmx.Close()
		<-read
	}
	return rc, shown.String()
}

// TestLiveProgressFromRemote downloads an image from a second local
// daemon: no progress when the error stream is no terminal, a progress
// line that is cleared at the end when it is one.
func TestLiveProgressFromRemote(t *testing.T) {
	_, c := liveEnv(t)
	srv := startImageServer(t)
	srv.useRemote(t, "rxsrc")
	env := New(Config{})
	t.Cleanup(env.Close)
	ctx := context.Background()

	// Not a terminal: nothing on the error stream.
	quiet := newName(t, c, "t-verbs")
	var buf bytes.Buffer
	vars := mapVars{}
	cmd := fmt.Sprintf("create name=%s image=rxsrc:%s storage=%s", quiet, srv.alias, lxdtest.Pool())
	if rc := env.Run(ctx, cmd, &interp.Call{Vars: vars, Stderr: &buf}); rc != 0 {
		t.Fatalf("%s: RC %d: %s", cmd, rc, vars["RESULT.ERROR"])
	}
	if buf.Len() != 0 {
		t.Errorf("progress written to a non-terminal: %q", buf.String())
	}
	// Forget the downloaded image, so the next create downloads again.
	mustRun(t, env, "delete name="+quiet)
	if out, err := exec.Command("lxc", "image", "delete", srv.fingerprint).CombinedOutput(); err != nil {
		t.Fatalf("deleting the cached image: %v: %s", err, out)
	}

	loud := newName(t, c, "t-verbs")
	cmd = fmt.Sprintf("create name=%s image=rxsrc:%s storage=%s", loud, srv.alias, lxdtest.Pool())
	rc, got := runOnTerminal(t, ctx, env, cmd, vars)
	if rc != 0 {
		t.Fatalf("%s: RC %d: %s", cmd, rc, vars["RESULT.ERROR"])
	}
	if !strings.Contains(got, loud+": downloading ") || !strings.Contains(got, "%") {
		t.Errorf("no download progress on the terminal: %q", got)
	}
	if !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("the progress line was not cleared at the end: %q", got[max(0, len(got)-80):])
	}
}
