package lxd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// confDir writes an lxc config.yml with the given body to a fresh
// directory and points LXD_CONF at it for the test.
func confDir(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.yml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LXD_CONF", dir)
	t.Setenv("LXC_REMOTE", "")
	return dir
}

// TestWhereKeys: remote= and project= are taken by every command, checked
// before anything is sent, and never reach the command's own keys.
func TestWhereKeys(t *testing.T) {
	confDir(t, "remotes:\n  far:\n    addr: https://127.0.0.1:1\n    protocol: lxd\n")
	for _, tc := range []struct {
		cmd, out string
		rc       int
	}{
		{"status remote=", "remote= is empty", RCUsage},
		{"list project=", "project= is empty", RCUsage},
		{"list project=a project=b", "key project= given twice", RCUsage},
		{"start name=x remote=a remote=b", "key remote= given twice", RCUsage},
		{"status remote=nosuch", `no remote named "nosuch" (known: far, local, ubuntu, ubuntu-daily)`, RCUsage},
		{"status remote=ubuntu", "is an image server", RCUsage},
		{"connect remote=nosuch", `no remote named "nosuch"`, RCUsage},
		{"connect remote=", "remote= is empty", RCUsage},
		{"connect name=x", "unknown key name=", RCUsage},
		// A bad key of the command itself is still reported as such,
		// before the remote is contacted.
		{"start nmae=x remote=far", "unknown key nmae=", RCUsage},
		// No client certificate to present: said before any contact.
		{"status remote=far", "remote far: client certificate", RCUsage},
	} {
		env := New(Config{Socket: "/nonexistent/rexxlxd-test/unix.socket"})
		rc, vars := run(t, env, tc.cmd)
		if rc != tc.rc || !strings.Contains(vars["RESULT.OUTPUT"], tc.out) || vars["RESULT.ERROR"] == "" {
			t.Errorf("%q: RC %d, OUTPUT %q, ERROR %q; want RC %d and %q", tc.cmd, rc, vars["RESULT.OUTPUT"], vars["RESULT.ERROR"], tc.rc, tc.out)
		}
	}
}

// TestRemoteNotAnswering: a remote with credentials that does not answer
// is RC -1, naming it.
func TestRemoteNotAnswering(t *testing.T) {
	dir := confDir(t, "remotes:\n  far:\n    addr: https://127.0.0.1:1\n    protocol: lxd\n")
	newCert(t, dir, "client")
	env := New(Config{})
	rc, vars := run(t, env, "status remote=far")
	if rc != RCUnreachable || !strings.Contains(vars["RESULT.OUTPUT"], "remote far") || !strings.Contains(vars["RESULT.OUTPUT"], "127.0.0.1:1") {
		t.Errorf("RC %d, OUTPUT %q; want RC -1 naming remote far", rc, vars["RESULT.OUTPUT"])
	}
}

// TestInitialRemote: without --remote the lxc client's default-remote
// decides, as in lxc; --lxd-socket means the local daemon.
func TestInitialRemote(t *testing.T) {
	confDir(t, "default-remote: far\nremotes:\n  far:\n    addr: https://127.0.0.1:1\n    protocol: lxd\n")
	if got := New(Config{}).initialRemote(); got != "far" {
		t.Errorf("initial remote %q, want the default-remote far", got)
	}
	if got := New(Config{Socket: "/x/unix.socket"}).initialRemote(); got != "local" {
		t.Errorf("with a socket: initial remote %q, want local", got)
	}
	if got := New(Config{Remote: "other"}).initialRemote(); got != "other" {
		t.Errorf("with Remote: initial remote %q, want other", got)
	}
	t.Setenv("LXC_REMOTE", "local")
	if got := New(Config{}).initialRemote(); got != "local" {
		t.Errorf("with LXC_REMOTE=local: initial remote %q", got)
	}
	// A broken configuration does not keep a script from the local daemon.
	confDir(t, "remotes: [")
	env := New(Config{Socket: "/nonexistent/rexxlxd-test/unix.socket"})
	if rc, vars := run(t, env, "status"); rc != RCUnreachable || vars["RESULT.REMOTE"] != "local" {
		t.Errorf("status with a broken config.yml: RC %d REMOTE %q: %s", rc, vars["RESULT.REMOTE"], vars["RESULT.OUTPUT"])
	}
}
