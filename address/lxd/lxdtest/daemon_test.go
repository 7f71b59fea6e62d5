package lxdtest

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestDaemonStartsAndGoes: a private daemon answers, has its pool and
// image, survives a SIGKILL and restart, and leaves nothing behind: no
// directory, no mount, no process.
func TestDaemonStartsAndGoes(t *testing.T) {
	var d *Daemon
	t.Run("daemon", func(t *testing.T) {
		d = StartDaemon(t)
		c := d.Client()
		defer c.Close()
		ctx := context.Background()
		if _, err := c.GetImageAlias(ctx, d.Image); err != nil {
			t.Fatalf("image %s: %v", d.Image, err)
		}
		if out, err := d.Lxc("init", d.Image, "c1"); err != nil {
			t.Fatal(out, err)
		}
		if out, err := d.Lxc("start", "c1"); err != nil {
			t.Fatal(out, err)
		}
		d.Kill()
		if _, err := c.GetServer(ctx); err == nil {
			t.Fatal("killed daemon still answers")
		}
		if err := d.Restart(); err != nil {
			t.Fatal(err)
		}
		inst, err := c.GetInstance(ctx, "c1")
		if err != nil || inst.Status != "Running" {
			t.Fatalf("c1 after restart: %v %v", inst, err)
		}
	})
	if d == nil {
		return
	}
	if _, err := os.Stat(d.Dir); !os.IsNotExist(err) {
		t.Errorf("%s still there: %v", d.Dir, err)
	}
	mounts, _ := os.ReadFile("/proc/self/mountinfo")
	if strings.Contains(string(mounts), d.Dir) {
		t.Errorf("mounts under %s left", d.Dir)
	}
}
