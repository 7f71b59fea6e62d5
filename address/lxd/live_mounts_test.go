package lxd

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// mountTree makes a host directory the guest may read (0755: a guest
// without shift= is "other" to host files) holding hello.txt.
func mountTree(t *testing.T, mode os.FileMode) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tree")
	if err := os.Mkdir(dir, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil { // past the umask
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello from the host\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// t.TempDir is 0700: the guest must be able to pass through it.
	if err := os.Chmod(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readyInstance is a started busybox instance that answers execute.
func readyInstance(t *testing.T, env *Env, c *lxdapi.Client) string {
	t.Helper()
	name := liveInstance(t, env, c, true)
	mustRun(t, env, "wait name="+name+" for=ready timeout=30")
	return name
}

// ownDevices returns the instance's own devices as LXD has them now.
func ownDevices(t *testing.T, c *lxdapi.Client, name string) map[string]map[string]string {
	t.Helper()
	inst, err := c.GetInstance(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return inst.Devices
}

// guestRC runs command in the guest and returns its RC and stdout.
func guestRC(t *testing.T, env *Env, name, command string) (int, string) {
	t.Helper()
	rc, vars := run(t, env, fmt.Sprintf("execute name=%s command='%s'", name, command))
	return rc, vars["RESULT.STDOUT"]
}

func TestLiveMount(t *testing.T) {
	env, c := liveEnv(t)
	name := readyInstance(t, env, c)
	src := mountTree(t, 0o755)

	vars := mustRun(t, env, fmt.Sprintf("mount name=%s source=%s path=/srv/src/", name, src))
	dev := mountDevice("/srv/src")
	wantFields(t, "mount", vars, map[string]string{
		"CONTAINER": name, "SOURCE": src, "PATH": "/srv/src", "READONLY": "1", "DEVICE": dev, "CHANGED": "1",
	})
	got := ownDevices(t, c, name)[dev]
	if got["type"] != "disk" || got["source"] != src || got["path"] != "/srv/src" || got["readonly"] != "true" {
		t.Fatalf("device %s in LXD: %v", dev, got)
	}

	// The guest sees the tree, and a change on the host at once: shared,
	// not copied.
	if rc, out := guestRC(t, env, name, "cat /srv/src/hello.txt"); rc != 0 || out != "hello from the host" {
		t.Fatalf("cat in the guest: RC %d, %q", rc, out)
	}
	if err := os.WriteFile(filepath.Join(src, "later.txt"), []byte("written later"), 0o644); err != nil {
		t.Fatal(err)
	}
	if rc, out := guestRC(t, env, name, "cat /srv/src/later.txt"); rc != 0 || out != "written later" {
		t.Fatalf("a host change is not seen in the guest: RC %d, %q", rc, out)
	}
	// Read-only by default: the guest's root cannot write, not even
	// where the host directory's permissions would let it.
	if err := os.Chmod(src, 0o777); err != nil {
		t.Fatal(err)
	}
	if rc, _ := guestRC(t, env, name, "echo x > /srv/src/planted"); rc == 0 {
		t.Fatal("the guest wrote into a read-only mount")
	}
	if rc, _ := guestRC(t, env, name, "rm /srv/src/hello.txt"); rc == 0 {
		t.Fatal("the guest removed a file of a read-only mount")
	}
	if _, err := os.Stat(filepath.Join(src, "planted")); err == nil {
		t.Fatal("planted file on the host")
	}
	if _, err := os.Stat(filepath.Join(src, "hello.txt")); err != nil {
		t.Fatalf("hello.txt gone from the host: %v", err)
	}

	// Refusals change nothing.
	before := ownDevices(t, c, name)
	other := mountTree(t, 0o755)
	file := filepath.Join(other, "hello.txt")
	for _, tc := range []struct {
		cmd    string
		rc     int
		output string
	}{
		{fmt.Sprintf("mount name=%s source=%s path=/srv/src", name, other), RCError, "/srv/src of " + name + " is taken: device " + dev},
		{fmt.Sprintf("mount name=%s source=%s path=/srv//src/.", name, other), RCError, "is taken"},
		{fmt.Sprintf("mount name=%s source=%s path=/srv/b device=%s", name, other, dev), RCError, "already has a device " + dev},
		{fmt.Sprintf("mount name=%s source=%s path=/srv/b device=root", name, other), RCError, "already has a device root"},
		{fmt.Sprintf("mount name=%s source=%s path=srv/b", name, other), RCUsage, "path=srv/b is relative"},
		{fmt.Sprintf("mount name=%s source=%s path=/", name, other), RCUsage, "root file system"},
		{fmt.Sprintf("mount name=%s source=tree path=/srv/b", name), RCUsage, "source=tree is relative"},
		{fmt.Sprintf("mount name=%s source=%s/missing path=/srv/b", name, other), RCUsage, "does not exist on this host"},
		{fmt.Sprintf("mount name=%s source=%s path=/srv/b", name, file), RCUsage, "is no directory"},
		{fmt.Sprintf("mount name=%s source=%s path=/srv/b readonly=perhaps", name, other), RCUsage, "readonly=perhaps is not a truth value"},
		{fmt.Sprintf("mount name=%s source=%s path=/srv/b device=a/b", name, other), RCUsage, "device=a/b holds '/'"},
		{fmt.Sprintf("mount name=%s source=%s path=/srv/b", name+"-none", other), RCError, "no instance " + name + "-none"},
		{fmt.Sprintf("mount name=%s source=%s path=/srv/b shift=true", name, other), RCUsage, "unknown key shift="},
		{fmt.Sprintf("unmount name=%s path=/srv/none", name), RCError, "nothing is mounted at /srv/none of " + name},
		{fmt.Sprintf("unmount name=%s device=root", name), RCError, "device root of " + name + " is no mount (type disk, path /)"},
		{fmt.Sprintf("unmount name=%s device=nosuch", name), RCError, "has no device nosuch"},
		{fmt.Sprintf("unmount name=%s path=/srv/src device=%s", name, dev), RCUsage, "one of them"},
		{fmt.Sprintf("unmount name=%s", name), RCUsage, "one of them"},
		{fmt.Sprintf("unmount name=%s path=srv", name), RCUsage, "relative"},
	} {
		rc, vars := run(t, env, tc.cmd)
		if rc != tc.rc || !strings.Contains(vars["RESULT.OUTPUT"], tc.output) || vars["RESULT.ERROR"] == "" || vars["RESULT.SUCCESS"] != "0" {
			t.Errorf("%s: RC %d (want %d), OUTPUT %q (want %q), ERROR %q", tc.cmd, rc, tc.rc, vars["RESULT.OUTPUT"], tc.output, vars["RESULT.ERROR"])
		}
		if after := ownDevices(t, c, name); !maps.EqualFunc(before, after, maps.Equal) {
			t.Fatalf("%s changed the devices: %v -> %v", tc.cmd, before, after)
		}
	}
	if rc, out := guestRC(t, env, name, "cat /srv/src/hello.txt"); rc != 0 || out != "hello from the host" {
		t.Fatalf("after the refusals: RC %d, %q", rc, out)
	}

	// unmount by path: gone from the guest and from LXD; the host tree
	// stays.
	vars = mustRun(t, env, fmt.Sprintf("unmount name=%s path=/srv/src", name))
	wantFields(t, "unmount", vars, map[string]string{"CONTAINER": name, "PATH": "/srv/src", "DEVICE": dev, "SOURCE": src, "READONLY": "1", "CHANGED": "1"})
	if rc, _ := guestRC(t, env, name, "test -e /srv/src/hello.txt"); rc == 0 {
		t.Fatal("hello.txt still seen in the guest after unmount")
	}
	if _, ok := ownDevices(t, c, name)[dev]; ok {
		t.Fatalf("device %s still there after unmount", dev)
	}
	if _, err := os.Stat(filepath.Join(src, "hello.txt")); err != nil {
		t.Fatalf("unmount touched the host tree: %v", err)
	}
	wantError(t, env, fmt.Sprintf("unmount name=%s path=/srv/src", name), RCError, "nothing is mounted at /srv/src", "")
}

// TestLiveMountWritable shows what the docs say of readonly=false: the
// guest writes into the host directory, and what its root writes is owned
// on the host by the uid the container's idmap gives guest root (not
// host root).
func TestLiveMountWritable(t *testing.T) {
	env, c := liveEnv(t)
	name := readyInstance(t, env, c)
	out := mountTree(t, 0o777)

	vars := mustRun(t, env, fmt.Sprintf("mount name=%s source=%s path=/out readonly=false device=results", name, out))
	wantFields(t, "mount", vars, map[string]string{"READONLY": "0", "DEVICE": "results", "PATH": "/out"})
	if rc, _ := guestRC(t, env, name, "echo done > /out/result.txt"); rc != 0 {
		t.Fatalf("the guest could not write into a writable mount: RC %d", rc)
	}
	b, err := os.ReadFile(filepath.Join(out, "result.txt"))
	if err != nil || string(b) != "done\n" {
		t.Fatalf("result.txt on the host: %q, %v", b, err)
	}
	fi, err := os.Stat(filepath.Join(out, "result.txt"))
	if err != nil {
		t.Fatal(err)
	}
	uid := fi.Sys().(*syscall.Stat_t).Uid
	if want := guestRootUID(t, c, name); uid != want || uid == 0 {
		t.Fatalf("a file the guest's root wrote is owned by host uid %d; want %d (the container's idmap for guest root)", uid, want)
	}
	vars = mustRun(t, env, fmt.Sprintf("unmount name=%s device=results", name))
	wantFields(t, "unmount", vars, map[string]string{"PATH": "/out", "DEVICE": "results", "READONLY": "0"})
	if rc, _ := guestRC(t, env, name, "test -e /out/result.txt"); rc == 0 {
		t.Fatal("result.txt still seen in the guest after unmount")
	}
	if _, err := os.Stat(filepath.Join(out, "result.txt")); err != nil {
		t.Fatalf("what the guest wrote went with the unmount: %v", err)
	}
}

// guestRootUID is the host uid the container's current idmap gives the
// guest's uid 0 (volatile.idmap.current).
func guestRootUID(t *testing.T, c *lxdapi.Client, name string) uint32 {
	t.Helper()
	inst, err := c.GetInstance(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	var idmap []struct {
		Isuid    bool
		Hostid   int64
		Nsid     int64
		Maprange int64
	}
	if err := json.Unmarshal([]byte(inst.Config["volatile.idmap.current"]), &idmap); err != nil {
		t.Fatalf("volatile.idmap.current %q: %v", inst.Config["volatile.idmap.current"], err)
	}
	for _, m := range idmap {
		if m.Isuid && m.Nsid <= 0 && 0 < m.Nsid+m.Maprange {
			return uint32(m.Hostid - m.Nsid)
		}
	}
	t.Fatalf("no uid map for guest root in %v", idmap)
	return 0
}

// TestLiveMountFleet mounts one tree into three instances by list, and
// unmounts it by pattern.
func TestLiveMountFleet(t *testing.T) {
	env, c := liveEnv(t)
	var names []string
	for range 3 {
		names = append(names, readyInstance(t, env, c))
	}
	src := mountTree(t, 0o755)
	vars := mustRun(t, env, fmt.Sprintf("mount name=%s source=%s path=/srv/src", strings.Join(names, ","), src))
	if vars["RESULT.0"] != "3" {
		t.Fatalf("RESULT.0 = %q, want 3", vars["RESULT.0"])
	}
	for i, n := range names {
		p := fmt.Sprintf("%d.", i+1)
		wantFields(t, "fleet mount", vars, map[string]string{p + "NAME": n, p + "SUCCESS": "1", p + "DEVICE": mountDevice("/srv/src"), p + "READONLY": "1"})
		if rc, out := guestRC(t, env, n, "cat /srv/src/hello.txt"); rc != 0 || out != "hello from the host" {
			t.Fatalf("%s: RC %d, %q", n, rc, out)
		}
	}
	// A second fleet mount at the same path fails in each, and changes none.
	rc, vars := run(t, env, fmt.Sprintf("mount name=%s source=%s path=/srv/src", strings.Join(names, ","), src))
	if rc != RCError || vars["RESULT.1.SUCCESS"] != "0" || vars["RESULT.3.SUCCESS"] != "0" {
		t.Fatalf("second fleet mount: RC %d, %v", rc, vars)
	}
	vars = mustRun(t, env, fmt.Sprintf("unmount name=%s path=/srv/src", strings.Join(names, ",")))
	if vars["RESULT.0"] != "3" {
		t.Fatalf("unmount RESULT.0 = %q", vars["RESULT.0"])
	}
	for _, n := range names {
		if rc, _ := guestRC(t, env, n, "test -e /srv/src/hello.txt"); rc == 0 {
			t.Fatalf("%s still sees the tree", n)
		}
	}
}

// TestLiveMountStopped: a stopped instance gets the mount from its next
// start, and one that was unmounted while stopped starts without it.
func TestLiveMountStopped(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, false)
	src := mountTree(t, 0o755)
	mustRun(t, env, fmt.Sprintf("mount name=%s source=%s path=/src", name, src))
	mustRun(t, env, "start name="+name+" wait=ready")
	if rc, out := guestRC(t, env, name, "cat /src/hello.txt"); rc != 0 || out != "hello from the host" {
		t.Fatalf("after start: RC %d, %q", rc, out)
	}
	mustRun(t, env, "stop name="+name+" force=true")
	mustRun(t, env, "unmount name="+name+" path=/src")
	mustRun(t, env, "start name="+name+" wait=ready")
	if rc, _ := guestRC(t, env, name, "test -e /src/hello.txt"); rc == 0 {
		t.Fatal("unmounted while stopped, but the tree is there after the start")
	}
}
