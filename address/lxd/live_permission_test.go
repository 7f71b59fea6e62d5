package lxd

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// asNobodyEnv marks the child of TestLivePermissionDeniedSaysGroup.
const asNobodyEnv = "REXXLXD_TEST_AS_NOBODY"

// TestLivePermissionDeniedSaysGroup connects to the real daemon's socket
// as a user outside its group (nobody, in a copy of this test binary run
// with that user's credentials) and checks that RC -1 says how to be let
// in (the group, newgrp, root) instead of asking whether the daemon
// runs. It needs root to change user; it skips without LXD unless
// REXXLXD_REQUIRE_LXD=1.
func TestLivePermissionDeniedSaysGroup(t *testing.T) {
	if os.Getenv(asNobodyEnv) == "1" {
		rc, vars := run(t, New(Config{}), "status")
		if rc != RCUnreachable {
			t.Fatalf("RC %d, want %d: %s", rc, RCUnreachable, vars["RESULT.OUTPUT"])
		}
		os.Stdout.WriteString("OUTPUT: " + vars["RESULT.OUTPUT"] + "\n")
		return
	}
	lxdtest.Connect(t)
	if os.Geteuid() != 0 {
		t.Skip("changing to an unprivileged user needs root")
	}
	// The go tool's build directory is private to root: a copy the other
	// user can run.
	dir, err := os.MkdirTemp("", "rexxlxd-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "lxd.test")
	copyFile(t, os.Args[0], bin)
	cmd := exec.Command(bin, "-test.run=^TestLivePermissionDeniedSaysGroup$", "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), asNobodyEnv+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534, Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the test as nobody: %v\n%s", err, out)
	}
	got := string(out)
	for _, w := range []string{"permission denied", "members of the group lxd", "usermod -aG lxd", "newgrp lxd", "as root"} {
		if !strings.Contains(got, w) {
			t.Errorf("the message lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "is the LXD daemon running") {
		t.Errorf("the message asks whether the daemon runs, which it does:\n%s", got)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
