package lxdtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// Daemon is a private LXD daemon that a test starts, kills and removes: its
// own LXD_DIR under the temp dir, its own unix socket, a small btrfs loop
// pool (a dir pool where btrfs cannot be had) and the busybox test image.
// Fault tests use it to do what must never be done to the shared daemon.
// It needs root and the lxd binary; see StartDaemon.
type Daemon struct {
	Dir    string // LXD_DIR
	Socket string // Dir/unix.socket
	Pool   string // the storage pool in the default profile
	Driver string // the pool's driver: "btrfs" or "dir"
	Image  string // alias of the busybox image

	t   testing.TB
	cmd *exec.Cmd
	out *os.File
}

// daemonReady bounds the wait for a started daemon to answer.
const daemonReady = 60 * time.Second

// StartDaemon starts a private daemon and registers its removal (stop,
// unmount, delete the directory) with t.Cleanup, so it goes also when the
// test fails. It skips the test when there is no lxd binary or no root,
// unless REXXLXD_REQUIRE_LXD=1, which makes that a failure.
func StartDaemon(t testing.TB) *Daemon {
	t.Helper()
	if _, err := exec.LookPath("lxd"); err != nil {
		Need(t, "no lxd binary on PATH for a private daemon; run scripts/lxd-setup.sh")
	}
	if os.Geteuid() != 0 {
		Need(t, "a private LXD daemon needs root")
	}
	// Not t.TempDir: the socket path must stay short (108 bytes), and the
	// directory holds mounts that must go before it can be removed.
	dir, err := os.MkdirTemp("", "rxlxd-")
	if err != nil {
		t.Fatal(err)
	}
	d := &Daemon{Dir: dir, Socket: filepath.Join(dir, "unix.socket"), Pool: "rxpool", Image: Image(), t: t}
	t.Cleanup(d.remove)
	if err := d.Start(); err != nil {
		t.Fatalf("private LXD daemon: %v", err)
	}
	if err := d.setup(); err != nil {
		t.Fatalf("private LXD daemon: %v", err)
	}
	return d
}

// Client returns a new client for the daemon.
func (d *Daemon) Client() *lxdapi.Client { return lxdapi.NewUnix(d.Socket, nil) }

// Running reports whether the daemon process runs (it may not answer yet).
func (d *Daemon) Running() bool { return d.cmd != nil }

// Start starts the daemon process and waits until it answers.
func (d *Daemon) Start() error {
	if d.cmd != nil {
		return errors.New("already running")
	}
	out, err := os.OpenFile(filepath.Join(d.Dir, "lxd.out"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.Command("lxd", "--group", "lxd", "--logfile", filepath.Join(d.Dir, "lxd.log"))
	cmd.Env = append(os.Environ(), "LXD_DIR="+d.Dir)
	cmd.Stdout, cmd.Stderr = out, out
	// Its own session: a signal to the test's process group (Ctrl-C) is
	// not for it, and it must not hold the test's output open.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		out.Close()
		return fmt.Errorf("starting lxd: %w", err)
	}
	d.cmd, d.out = cmd, out
	return d.WaitReady(daemonReady)
}

// WaitReady waits until the daemon answers GET /1.0.
func (d *Daemon) WaitReady(limit time.Duration) error {
	c := d.Client()
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	for {
		_, err := c.GetServer(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("daemon in %s did not answer within %v: %v; log:\n%s", d.Dir, limit, err, d.logTail())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Kill sends SIGKILL to the daemon and reaps it. Its containers keep
// running (their monitors are separate processes), as when a daemon
// crashes.
func (d *Daemon) Kill() {
	if d.cmd == nil {
		return
	}
	d.cmd.Process.Kill()
	d.cmd.Wait()
	d.cmd = nil
	d.out.Close()
}

// Restart starts the daemon again after Kill or Stop.
func (d *Daemon) Restart() error { return d.Start() }

// Stop shuts the daemon down cleanly (lxd shutdown), stopping its
// instances, and falls back to Kill after a minute.
func (d *Daemon) Stop() {
	if d.cmd == nil {
		return
	}
	sh := exec.Command("lxd", "shutdown", "--timeout=60")
	sh.Env = append(os.Environ(), "LXD_DIR="+d.Dir)
	done := make(chan error, 1)
	go func() { done <- d.cmd.Wait() }()
	if err := sh.Run(); err != nil {
		d.t.Logf("lxd shutdown in %s: %v", d.Dir, err)
	}
	select {
	case <-done:
	case <-time.After(70 * time.Second):
		d.cmd.Process.Kill()
		<-done
	}
	d.cmd = nil
	d.out.Close()
}

// Lxc runs the lxc client against the daemon and returns its output.
func (d *Daemon) Lxc(args ...string) (string, error) {
	cmd := exec.Command("lxc", args...)
	cmd.Env = append(os.Environ(), "LXD_DIR="+d.Dir, "LXD_SOCKET="+d.Socket)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("lxc %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// setup makes the pool, the default profile's root disk and the image.
func (d *Daemon) setup() error {
	d.Driver = "btrfs"
	if _, err := d.Lxc("storage", "create", d.Pool, "btrfs", "size=1GiB"); err != nil {
		d.t.Logf("btrfs loop pool failed, using a dir pool: %v", err)
		d.Driver = "dir"
		if _, err := d.Lxc("storage", "create", d.Pool, "dir"); err != nil {
			return err
		}
	}
	if _, err := d.Lxc("profile", "device", "add", "default", "root", "disk", "path=/", "pool="+d.Pool); err != nil {
		return err
	}
	script, err := repoFile("scripts/busybox-image.sh")
	if err != nil {
		return err
	}
	tarball := filepath.Join(d.Dir, "busybox.tar.gz")
	if out, err := exec.Command("bash", script, tarball).CombinedOutput(); err != nil {
		return fmt.Errorf("building the busybox image: %v: %s", err, out)
	}
	defer os.Remove(tarball)
	_, err = d.Lxc("image", "import", tarball, "--alias", d.Image)
	return err
}

// ContainerPath is where the pool keeps instance name's root volume on
// the host: on btrfs a subvolume, which a daemon killed while copying can
// leave an empty folder.
func (d *Daemon) ContainerPath(name string) string {
	return filepath.Join(d.Dir, "storage-pools", d.Pool, "containers", name)
}

// repoFile finds a file of the repository from the test's directory.
func repoFile(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, rel), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test's directory to find %s", rel)
		}
		dir = parent
	}
}

// remove stops the daemon (restarting it first if a test killed it, so
// that it stops its containers), kills what is left of it, unmounts
// everything under its directory and deletes the directory.
func (d *Daemon) remove() {
	if d.cmd == nil {
		if err := d.Start(); err != nil {
			d.t.Logf("restarting the private daemon to stop it: %v", err)
		}
	}
	d.Stop()
	d.killLeftovers()
	if err := unmountUnder(d.Dir); err != nil {
		d.t.Errorf("private LXD daemon: %v", err)
	}
	if err := os.RemoveAll(d.Dir); err != nil {
		d.t.Errorf("private LXD daemon: removing %s: %v", d.Dir, err)
	}
}

// killLeftovers kills every process whose command line names the daemon's
// directory: container monitors ("[lxc monitor] DIR/containers NAME") and
// forkexec helpers a killed daemon left behind.
func (d *Daemon) killLeftovers() {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(b), d.Dir+"/") && !strings.Contains(string(b), d.Dir+"\x00") {
			continue
		}
		var pid int
		fmt.Sscanf(filepath.Base(filepath.Dir(p)), "%d", &pid)
		if pid > 0 && pid != os.Getpid() {
			d.t.Logf("killing leftover process %d: %s", pid, strings.ReplaceAll(string(b), "\x00", " "))
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// unmountUnder detaches every mount at or below dir, deepest first.
func unmountUnder(dir string) error {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return err
	}
	var points []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 {
			mp := unescapeMount(fields[4])
			if mp == dir || strings.HasPrefix(mp, dir+"/") {
				points = append(points, mp)
			}
		}
	}
	f.Close()
	sort.Slice(points, func(i, j int) bool { return len(points[i]) > len(points[j]) })
	var errs []error
	for _, mp := range points {
		if err := syscall.Unmount(mp, syscall.MNT_DETACH); err != nil && !errors.Is(err, syscall.EINVAL) {
			errs = append(errs, fmt.Errorf("unmounting %s: %w", mp, err))
		}
	}
	return errors.Join(errs...)
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a blank).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			var v int
			if _, err := fmt.Sscanf(s[i+1:i+4], "%o", &v); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// logTail is the end of the daemon's log, for messages.
func (d *Daemon) logTail() string {
	b, _ := os.ReadFile(filepath.Join(d.Dir, "lxd.log"))
	o, _ := os.ReadFile(filepath.Join(d.Dir, "lxd.out"))
	s := string(b) + string(o)
	if len(s) > 2000 {
		s = s[len(s)-2000:]
	}
	return s
}
