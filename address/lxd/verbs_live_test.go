package lxd

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
	"github.com/rexxlxd/rexxlxd/interp"
)

// liveInstance creates a busybox instance (started when start is set)
// that is deleted when the test or benchmark ends.
func liveInstance(t testing.TB, env *Env, c *lxdapi.Client, start bool) string {
	t.Helper()
	name := newName(t, c, "t-verbs")
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s start=%v", name, lxdtest.Image(), lxdtest.Pool(), start))
	return name
}

func TestLiveSnapshots(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, false)

	cmd := "snapshot name=" + name
	vars := mustRun(t, env, cmd)
	auto := vars["RESULT.SNAPSHOT"]
	if auto == "" || vars["RESULT.CHANGED"] != "1" || vars["RESULT.CREATED"] == "" {
		t.Fatalf("%s: SNAPSHOT=%q CHANGED=%q CREATED=%q", cmd, auto, vars["RESULT.CHANGED"], vars["RESULT.CREATED"])
	}
	if _, err := c.GetSnapshot(context.Background(), name, auto); err != nil {
		t.Fatalf("snapshot %s reported but not there: %v", auto, err)
	}
	mustRun(t, env, fmt.Sprintf("push name=%s target=/root/marker content=before", name))
	vars = mustRun(t, env, fmt.Sprintf("snapshot name=%s snapshot=clean", name))
	wantFields(t, cmd, vars, map[string]string{"SNAPSHOT": "clean", "CHANGED": "1"})

	// ensure= on both sides.
	wantError(t, env, fmt.Sprintf("snapshot name=%s snapshot=clean", name), RCError, "already has a snapshot clean", "already exists")
	vars = mustRun(t, env, fmt.Sprintf("snapshot name=%s snapshot=clean ensure=true", name))
	wantFields(t, "snapshot ensure", vars, map[string]string{"CHANGED": "0", "SNAPSHOT": "clean"})

	vars = mustRun(t, env, "list_snapshots name="+name)
	wantFields(t, "list_snapshots", vars, map[string]string{"0": "2", "1.NAME": auto, "2.NAME": "clean", "COUNT": "2"})
	if vars["RESULT.2.CREATED"] == "" {
		t.Errorf("list_snapshots: no CREATED")
	}

	// restore undoes a change made after the snapshot.
	mustRun(t, env, fmt.Sprintf("push name=%s target=/root/marker content=after", name))
	vars = mustRun(t, env, fmt.Sprintf("restore name=%s snapshot=clean", name))
	wantFields(t, "restore", vars, map[string]string{"CHANGED": "1"})
	vars = mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/marker", name))
	wantFields(t, "pull after restore", vars, map[string]string{"CONTENT": "before"})

	wantError(t, env, fmt.Sprintf("restore name=%s snapshot=nope", name), RCError, "has no snapshot nope", "not found")
	wantError(t, env, "restore name=t-verbs-missing-x1 snapshot=clean", RCError, "no instance t-verbs-missing-x1", "not found")
	wantError(t, env, "list_snapshots name=t-verbs-missing-x1", RCError, "no instance", "not found")
	wantError(t, env, fmt.Sprintf("restore name=%s snapshot=a/b", name), RCUsage, "no '/'", "")

	vars = mustRun(t, env, fmt.Sprintf("delete_snapshot name=%s snapshot=clean", name))
	wantFields(t, "delete_snapshot", vars, map[string]string{"CHANGED": "1"})
	wantError(t, env, fmt.Sprintf("delete_snapshot name=%s snapshot=clean", name), RCError, "has no snapshot clean", "not found")
	vars = mustRun(t, env, fmt.Sprintf("delete_snapshot name=%s snapshot=clean ensure=true", name))
	wantFields(t, "delete_snapshot ensure", vars, map[string]string{"CHANGED": "0"})
	wantError(t, env, "delete_snapshot name=t-verbs-missing-x1 snapshot=clean ensure=true", RCError, "no instance", "not found")
	vars = mustRun(t, env, "list_snapshots name="+name)
	wantFields(t, "list_snapshots after delete", vars, map[string]string{"0": "1", "1.NAME": auto})

	// execute: CHANGED when the command ran, whatever its exit status.
	vars = wantError(t, env, "execute name="+name+" command=true", RCError, "", "")
	wantFields(t, "execute in a stopped instance", vars, map[string]string{"CHANGED": "0"})
	mustRun(t, env, "start name="+name)
	vars = mustRun(t, env, "execute name="+name+" command=true")
	wantFields(t, "execute", vars, map[string]string{"CHANGED": "1"})
	_, vars = run(t, env, "execute name="+name+" command='exit 4'")
	wantFields(t, "execute exit 4", vars, map[string]string{"CHANGED": "1", "EXITCODE": "4"})
}

func TestLiveFiles(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, false)
	dir := t.TempDir()

	cmd := fmt.Sprintf("push name=%s target=/root/hello.txt content='hello world' mode=0600 uid=65534 gid=65534", name)
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"BYTES": "11", "FILES": "1", "CHANGED": "1"})
	cmd = fmt.Sprintf("pull name=%s source=/root/hello.txt", name)
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"CONTENT": "hello world", "MODE": "0600", "UID": "65534", "GID": "65534", "TYPE": "file"})

	// A host file keeps its permission bits; pull writes a host file.
	src := filepath.Join(dir, "script.sh")
	if err := os.WriteFile(src, []byte("#!/bin/sh\necho hi\n"), 0o750); err != nil {
		t.Fatal(err)
	}
	mustRun(t, env, fmt.Sprintf("push name=%s source=%s target=/root/script.sh", name, src))
	out := filepath.Join(dir, "back.sh")
	vars = mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/script.sh target=%s", name, out))
	wantFields(t, "pull target", vars, map[string]string{"MODE": "0750", "BYTES": "18"})
	if data, err := os.ReadFile(out); err != nil || string(data) != "#!/bin/sh\necho hi\n" {
		t.Errorf("pulled file = %q, %v", data, err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o750 {
		t.Errorf("pulled file mode = %v, %v", fi.Mode(), err)
	}

	// A tree both ways.
	tree := filepath.Join(dir, "tree")
	for _, p := range []string{"a/b", "c"} {
		if err := os.MkdirAll(filepath.Join(tree, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(tree, "top.txt"), []byte("top"), 0o644)
	os.WriteFile(filepath.Join(tree, "a/b/deep.txt"), bytes.Repeat([]byte("x"), 100000), 0o600)
	os.Symlink("top.txt", filepath.Join(tree, "link"))
	wantError(t, env, fmt.Sprintf("push name=%s source=%s target=/root/tree", name, tree), RCUsage, "add recursive=true", "")
	vars = mustRun(t, env, fmt.Sprintf("push name=%s source=%s target=/root/tree recursive=true", name, tree))
	wantFields(t, "push recursive", vars, map[string]string{"FILES": "7", "BYTES": "100003"})
	back := filepath.Join(dir, "back")
	vars = mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/tree target=%s recursive=true", name, back))
	wantFields(t, "pull recursive", vars, map[string]string{"FILES": "7", "BYTES": "100003", "TYPE": "directory"})
	if data, err := os.ReadFile(filepath.Join(back, "a/b/deep.txt")); err != nil || len(data) != 100000 {
		t.Errorf("deep.txt: %d bytes, %v", len(data), err)
	}
	// LXD 5.0 reports a link's target made absolute in the guest; a link
	// into the tree comes across relative, so it stays inside the copy.
	if l, err := os.Readlink(filepath.Join(back, "link")); err != nil || l != "top.txt" {
		t.Errorf("link = %q, %v", l, err)
	}

	// Error paths.
	wantError(t, env, fmt.Sprintf("pull name=%s source=/root/nope", name), RCError, "no file /root/nope in "+name, "Not Found")
	wantError(t, env, "pull name=t-verbs-missing-x1 source=/etc/passwd", RCError, "no instance t-verbs-missing-x1", "ot found")
	wantError(t, env, fmt.Sprintf("push name=%s target=/root/x content=a mode=0999", name), RCUsage, "mode=0999 is no octal file mode", "")
	wantError(t, env, fmt.Sprintf("push name=%s target=/root/x content=a source=%s", name, src), RCUsage, "exactly one of", "")
	wantError(t, env, fmt.Sprintf("push name=%s target=root/x content=a", name), RCUsage, "absolute path", "")
	wantError(t, env, fmt.Sprintf("push name=%s target=/nodir/x content=a", name), RCError, "no file /nodir in", "Not Found")
	wantError(t, env, fmt.Sprintf("pull name=%s source=/root", name), RCUsage, "is a directory", "")
}

func TestLiveInfoSetRenameRestart(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, true)

	vars := mustRun(t, env, "info name="+name)
	wantFields(t, "info", vars, map[string]string{"STATUS": "Running", "IMAGE": lxdtest.Image(), "BASE": "0", "IPV4": "", "DISK": vars["RESULT.DISK"]})
	for _, k := range []string{"PID", "MEMORY", "PROCESSES"} {
		if v := vars["RESULT."+k]; v == "" || v == "0" {
			t.Errorf("info: RESULT.%s = %q on a running instance", k, v)
		}
	}
	if _, err := time.Parse(time.RFC3339, vars["RESULT.CREATED"]); err != nil {
		t.Errorf("info: CREATED %q: %v", vars["RESULT.CREATED"], err)
	}
	for _, k := range []string{"IPV6", "LOCATION", "DISK"} {
		if _, ok := vars["RESULT."+k]; !ok {
			t.Errorf("info: RESULT.%s not set", k)
		}
	}
	wantError(t, env, "info name=t-verbs-missing-x1", RCError, "no instance", "ot found")

	vars = mustRun(t, env, fmt.Sprintf("set name=%s key=environment.GREETING value='hi there'", name))
	wantFields(t, "set", vars, map[string]string{"CHANGED": "1"})
	if v := getInstance(t, c, name).Config["environment.GREETING"]; v != "hi there" {
		t.Errorf("after set: environment.GREETING = %q", v)
	}
	vars = mustRun(t, env, fmt.Sprintf("set name=%s key=environment.GREETING value='hi there'", name))
	wantFields(t, "set again", vars, map[string]string{"CHANGED": "0"})
	wantError(t, env, fmt.Sprintf("set name=%s key=limits.memory value=lots", name), RCError, "setting limits.memory", "Invalid value: lots")
	wantError(t, env, fmt.Sprintf("set name=%s key=user.rexxlxd.base value=true", name), RCUsage, "rexxlxd's own", "")
	vars = mustRun(t, env, fmt.Sprintf("unset name=%s key=environment.GREETING", name))
	wantFields(t, "unset", vars, map[string]string{"CHANGED": "1"})
	if _, ok := getInstance(t, c, name).Config["environment.GREETING"]; ok {
		t.Errorf("after unset: environment.GREETING still set")
	}
	vars = mustRun(t, env, fmt.Sprintf("unset name=%s key=environment.GREETING", name))
	wantFields(t, "unset again", vars, map[string]string{"CHANGED": "0"})

	before := vars["RESULT.PID"]
	vars = mustRun(t, env, "restart name="+name+" force=true")
	wantFields(t, "restart", vars, map[string]string{"STATUS": "Running", "CHANGED": "1"})
	if st, _ := c.GetInstanceState(context.Background(), name); st == nil || st.Status != "Running" || fmt.Sprint(st.Pid) == before {
		t.Errorf("after restart: %+v", st)
	}
	wantError(t, env, "restart name=t-verbs-missing-x1", RCError, "no instance", "ot found")

	wantError(t, env, fmt.Sprintf("rename name=%s to=%s-r", name, name), RCError, "", "running")
	mustRun(t, env, "stop name="+name+" force=true")
	to := newName(t, c, "t-verbs")
	vars = mustRun(t, env, fmt.Sprintf("rename name=%s to=%s", name, to))
	wantFields(t, "rename", vars, map[string]string{"CONTAINER": to, "FROM": name, "CHANGED": "1"})
	if exists(t, c, name) || !exists(t, c, to) {
		t.Errorf("rename: old exists %v, new exists %v", exists(t, c, name), exists(t, c, to))
	}
	wantError(t, env, fmt.Sprintf("rename name=%s to=x", name), RCError, "no instance", "ot found")
}

func TestLiveWait(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, false)

	wantError(t, env, "wait name="+name+" for=running timeout=0.5", RCError, "was not running within 0.5 seconds (its status is Stopped)", "")
	vars := mustRun(t, env, "wait name="+name+" for=stopped timeout=5")
	wantFields(t, "wait stopped", vars, map[string]string{"STATUS": "Stopped"})
	wantError(t, env, "wait name="+name+" for=sleeping", RCUsage, "for=sleeping", "")
	wantError(t, env, "wait name=t-verbs-missing-x1 for=running timeout=2", RCError, "no instance", "ot found")

	// Started by someone else while wait listens.
	listening := waitingFor(t, name)
	armed := listening()
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-armed
		if err := waiter(context.Background())(c.StartInstance(context.Background(), name)); err != nil {
			t.Errorf("start: %v", err)
		}
	}()
	vars = mustRun(t, env, "wait name="+name+" for=ready timeout=30")
	<-done
	wantFields(t, "wait ready", vars, map[string]string{"STATUS": "Running"})

	// ipv4: a veth pair inside the guest's own namespace with a
	// documentation-range address; no traffic leaves it.
	armed = listening()
	ipDone := make(chan struct{})
	go func() {
		defer close(ipDone)
		<-armed
		_, err := c.Exec(context.Background(), name, lxdapi.ExecRequest{Command: []string{"/bin/sh", "-c",
			"ip link add v0 type veth peer name v1 && ip addr add 192.0.2.10/24 dev v0 && ip link set v0 up"}})
		if err != nil {
			t.Errorf("adding an address: %v", err)
		}
	}()
	vars = mustRun(t, env, "wait name="+name+" for=ipv4 timeout=30")
	<-ipDone
	wantFields(t, "wait ipv4", vars, map[string]string{"IPV4": "192.0.2.10"})
	vars = mustRun(t, env, "info name="+name)
	wantFields(t, "info with an address", vars, map[string]string{"IPV4": "192.0.2.10"})

	armed = listening()
	stopDone := make(chan struct{})
	go func() {
		defer close(stopDone)
		<-armed
		waiter(context.Background())(c.StopInstance(context.Background(), name, true, -1))
	}()
	mustRun(t, env, "wait name="+name+" for=stopped timeout=30")
	<-stopDone
}

// waitingFor sets testHookWaiting for the test: each call of the
// function it returns arms a channel that is closed the next time a wait
// on name has looked, not seen its condition, and listens for LXD's next
// event. Arm it before the wait starts, so the moment is not missed.
func waitingFor(t *testing.T, name string) func() <-chan struct{} {
	var mu sync.Mutex
	var next chan struct{}
	testHookWaiting = func(n string) {
		mu.Lock()
		defer mu.Unlock()
		if n == name && next != nil {
			close(next)
			next = nil
		}
	}
	t.Cleanup(func() { testHookWaiting = nil })
	return func() <-chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		next = make(chan struct{})
		return next
	}
}

func TestLiveEnsure(t *testing.T) {
	env, c := liveEnv(t)
	name := newName(t, c, "t-verbs")
	create := fmt.Sprintf("create name=%s image=%s storage=%s config.environment.FOO=bar ensure=true", name, lxdtest.Image(), lxdtest.Pool())
	vars := mustRun(t, env, create)
	wantFields(t, "create ensure (new)", vars, map[string]string{"CHANGED": "1", "STATUS": "Stopped"})
	if v := getInstance(t, c, name).Config["environment.FOO"]; v != "bar" {
		t.Errorf("config.environment.FOO: %q", v)
	}
	vars = mustRun(t, env, create)
	wantFields(t, "create ensure (exists)", vars, map[string]string{"CHANGED": "0", "STATUS": "Stopped"})
	wantError(t, env, strings.Replace(create, " ensure=true", "", 1), RCError, "already exists", "already exists")
	wantError(t, env, create+" memory=lots", RCUsage, "memory=lots", "")

	wantError(t, env, "stop name="+name, RCError, "is stopped already (ensure=true accepts that)", "already stopped")
	vars = mustRun(t, env, "stop name="+name+" ensure=true")
	wantFields(t, "stop ensure", vars, map[string]string{"CHANGED": "0", "STATUS": "Stopped"})
	vars = mustRun(t, env, "start name="+name+" ensure=true")
	wantFields(t, "start ensure (stopped)", vars, map[string]string{"CHANGED": "1"})
	vars = mustRun(t, env, "start name="+name+" ensure=true")
	wantFields(t, "start ensure (running)", vars, map[string]string{"CHANGED": "0", "STATUS": "Running"})
	vars = mustRun(t, env, "start name="+name+" ensure=true wait=ready")
	wantFields(t, "start ensure wait=ready (running)", vars, map[string]string{"CHANGED": "0", "STATUS": "Running"})
	wantError(t, env, "start name="+name, RCError, "is running already", "already running")
	vars = mustRun(t, env, "stop name="+name+" force=true ensure=true")
	wantFields(t, "stop ensure (running)", vars, map[string]string{"CHANGED": "1"})

	vars = mustRun(t, env, "delete name="+name+" ensure=true")
	wantFields(t, "delete ensure", vars, map[string]string{"CHANGED": "1"})
	vars = mustRun(t, env, "delete name="+name+" ensure=true")
	wantFields(t, "delete ensure (gone)", vars, map[string]string{"CHANGED": "0"})
	wantError(t, env, "delete name="+name, RCError, "no instance", "ot found")
	wantError(t, env, "start name="+name+" ensure=true", RCError, "no instance", "ot found")
	wantError(t, env, "start name="+name+" ensure=perhaps", RCUsage, "ensure=perhaps", "")

	// register_base ensure=true leaves a base alone.
	base := newName(t, c, "t-verbs")
	reg := fmt.Sprintf("register_base name=%s image=%s storage=%s config.user.note=x1", base, lxdtest.Image(), lxdtest.Pool())
	vars = mustRun(t, env, reg)
	wantFields(t, "register_base", vars, map[string]string{"CHANGED": "1", "CREATED": "1"})
	if v := getInstance(t, c, base).Config["user.note"]; v != "x1" {
		t.Errorf("register_base config.user.note: %q", v)
	}
	vars = mustRun(t, env, strings.Replace(reg, "x1", "x2", 1)+" ensure=true")
	wantFields(t, "register_base ensure", vars, map[string]string{"CHANGED": "0", "CREATED": "0"})
	if v := getInstance(t, c, base).Config["user.note"]; v != "x1" {
		t.Errorf("register_base ensure=true changed the base: user.note %q", v)
	}
	wantError(t, env, reg+" config.user.rexxlxd.base=false", RCUsage, "rexxlxd's own", "")
}

func TestLivePrepare(t *testing.T) {
	env, c := liveEnv(t)
	base := newName(t, c, "t-verbs")
	cmd := fmt.Sprintf("register_base name=%s image=%s storage=%s prepare='echo prepared > /root/ready; echo done'", base, lxdtest.Image(), lxdtest.Pool())
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"CREATED": "1", "CHANGED": "1", "STDOUT": "done", "EXITCODE": "0", "STATUS": "Stopped"})
	inst := getInstance(t, c, base)
	if inst.Config[keyBase] != "true" || inst.Status != "Stopped" {
		t.Fatalf("after prepare: base=%q status=%s", inst.Config[keyBase], inst.Status)
	}
	clone := newName(t, c, "t-verbs")
	mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", base, clone))
	vars = mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/ready", clone))
	wantFields(t, "pull from clone", vars, map[string]string{"CONTENT": "prepared\n"})

	// A failing command: nothing registered, the instance made is gone.
	bad := newName(t, c, "t-verbs")
	cmd = fmt.Sprintf("register_base name=%s image=%s storage=%s prepare='echo trying; echo no package >&2; exit 3'", bad, lxdtest.Image(), lxdtest.Pool())
	vars = wantError(t, env, cmd, RCError, "prepare command exited 3: no package", "")
	wantFields(t, cmd, vars, map[string]string{"STDOUT": "trying", "STDERR": "no package", "EXITCODE": "3"})
	if exists(t, c, bad) {
		t.Errorf("a failed prepare left %s behind", bad)
	}

	// On an existing stopped instance: it is stopped again, not a base.
	plain := liveInstance(t, env, c, false)
	wantError(t, env, fmt.Sprintf("register_base name=%s prepare='false'", plain), RCError, "prepare command exited 1", "")
	inst = getInstance(t, c, plain)
	if inst.Config[keyBase] != "" || inst.Status != "Stopped" {
		t.Errorf("after a failed prepare of an existing instance: base=%q status=%s", inst.Config[keyBase], inst.Status)
	}
}

func TestLiveStorageAndCowWarning(t *testing.T) {
	env, c := liveEnv(t)
	vars := mustRun(t, env, "storage")
	found := false
	for i := 1; vars[fmt.Sprintf("RESULT.%d.NAME", i)] != ""; i++ {
		p := fmt.Sprintf("RESULT.%d.", i)
		if vars[p+"NAME"] == lxdtest.Pool() {
			found = true
			if vars[p+"DRIVER"] != "btrfs" || vars[p+"COW"] != "1" || vars[p+"TOTAL"] == "" || vars[p+"TOTAL"] == "0" || vars[p+"USED"] == "" {
				t.Errorf("storage row of %s: %v %v %v %v", lxdtest.Pool(), vars[p+"DRIVER"], vars[p+"COW"], vars[p+"USED"], vars[p+"TOTAL"])
			}
		}
	}
	if !found {
		t.Fatalf("storage does not list %s: %v", lxdtest.Pool(), vars)
	}

	// A private dir pool: a base on it gets the warning, on RESULT and
	// on the error stream.
	ctx := context.Background()
	pool := privateDirPool(t, c)
	base := newName(t, c, "t-verbs")
	vars = mustRun(t, env, "storage")
	for i := 1; vars[fmt.Sprintf("RESULT.%d.NAME", i)] != ""; i++ {
		if p := fmt.Sprintf("RESULT.%d.", i); vars[p+"NAME"] == pool && (vars[p+"COW"] != "0" || vars[p+"DRIVER"] != "dir") {
			t.Errorf("storage row of the dir pool: COW %q DRIVER %q", vars[p+"COW"], vars[p+"DRIVER"])
		}
	}
	var stderr bytes.Buffer
	v := mapVars{}
	cmd := fmt.Sprintf("register_base name=%s image=%s storage=%s", base, lxdtest.Image(), pool)
	if rc := env.Run(ctx, cmd, &interp.Call{Vars: v, Stderr: &stderr}); rc != 0 {
		t.Fatalf("%s: RC %d: %s", cmd, rc, v["RESULT.OUTPUT"])
	}
	if w := v["RESULT.WARNING"]; !strings.Contains(w, "not copy-on-write") || !strings.Contains(w, pool) {
		t.Errorf("RESULT.WARNING = %q", w)
	}
	if line := stderr.String(); strings.Count(line, "\n") != 1 || !strings.Contains(line, "not copy-on-write") {
		t.Errorf("stderr = %q", line)
	}
	// None on the btrfs pool.
	base2 := newName(t, c, "t-verbs")
	vars = mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s storage=%s", base2, lxdtest.Image(), lxdtest.Pool()))
	if w, ok := vars["RESULT.WARNING"]; ok {
		t.Errorf("a base on btrfs got a warning: %q", w)
	}
}

// TestLiveVerbsFleet runs the new commands over several instances by list
// and by pattern.
func TestLiveVerbsFleet(t *testing.T) {
	env, c := liveEnv(t)
	prefix := lxdtest.Name(t, "t-verbs-fl")
	a, b := prefix+"-a", prefix+"-b"
	lxdtest.Cleanup(t, c, a)
	lxdtest.Cleanup(t, c, b)
	for _, n := range []string{a, b} {
		mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s", n, lxdtest.Image(), lxdtest.Pool()))
	}
	vars := mustRun(t, env, fmt.Sprintf("push name=%s,%s target=/root/f content=shared", a, b))
	wantFields(t, "push fleet", vars, map[string]string{"0": "2", "1.NAME": a, "2.NAME": b, "1.SUCCESS": "1", "2.BYTES": "6"})
	vars = mustRun(t, env, fmt.Sprintf("snapshot name=%s-* snapshot=s1", prefix))
	wantFields(t, "snapshot fleet", vars, map[string]string{"0": "2", "1.SNAPSHOT": "s1", "2.SNAPSHOT": "s1", "2.CHANGED": "1"})
	vars = mustRun(t, env, fmt.Sprintf("info name=%s-?", prefix))
	wantFields(t, "info fleet", vars, map[string]string{"0": "2", "1.STATUS": "Stopped", "2.STATUS": "Stopped", "1.IMAGE": lxdtest.Image()})
	mustRun(t, env, fmt.Sprintf("wait name=%s-* for=stopped timeout=5", prefix))
	vars = mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/f", b))
	wantFields(t, "pull", vars, map[string]string{"CONTENT": "shared"})
}

// TestLivePullNeverWritesThroughSymlinks: host symlinks already in a
// pull's target (left there by hand, or by an older rexxlxd that copied
// guest links as they were) are never written through when the guest has
// put a directory or a file in their place.
func TestLivePullNeverWritesThroughSymlinks(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, true)
	outside := t.TempDir()
	back := filepath.Join(t.TempDir(), "back")
	guest := func(cmd string) {
		t.Helper()
		mustRun(t, env, fmt.Sprintf("execute name=%s command='%s'", name, cmd))
	}
	if err := os.Mkdir(back, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Symlink(outside, filepath.Join(back, "a"))
	os.Symlink(outside+"/f", filepath.Join(back, "f"))
	guest("mkdir -p /root/t/a && echo evil > /root/t/a/x && echo evil > /root/t/f")
	wantError(t, env, fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true", name, back), RCError, "not writing through it", "")
	os.Remove(filepath.Join(back, "a"))
	wantError(t, env, fmt.Sprintf("pull name=%s source=/root/t/f target=%s", name, filepath.Join(back, "f")), RCError, "symbolic link", "")
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("a pull wrote through a symlink into %s: %v", outside, entries)
	}
}

// privateDirPool creates a dir storage pool of the test's own, deleted
// when the test ends (after the instances on it, whose cleanups are
// registered later and so run first).
func privateDirPool(t *testing.T, c *lxdapi.Client) string {
	t.Helper()
	ctx := context.Background()
	pool := lxdtest.Name(t, "t-verbs-pool")
	if err := c.CreateStoragePool(ctx, pool, "dir", nil); err != nil {
		t.Fatalf("creating pool %s: %v", pool, err)
	}
	t.Cleanup(func() {
		if err := c.DeleteStoragePool(ctx, pool); err != nil {
			t.Errorf("deleting pool %s: %v", pool, err)
		}
	})
	return pool
}

// TestLiveCopyBetweenPools copies an instance onto another pool with a
// terminal as the error stream: the copy lands there and its progress is
// shown and cleared.
func TestLiveCopyBetweenPools(t *testing.T) {
	env, c := liveEnv(t)
	pool := privateDirPool(t, c)
	src := liveInstance(t, env, c, false)
	pad := filepath.Join(t.TempDir(), "pad")
	data := make([]byte, 30<<20)
	rand.Read(data)
	if err := os.WriteFile(pad, data, 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, env, fmt.Sprintf("push name=%s source=%s target=/root/pad", src, pad))

	dst := newName(t, c, "t-verbs")
	vars := mapVars{}
	cmd := fmt.Sprintf("copy source=%s destination=%s storage=%s", src, dst, pool)
	rc, got := runOnTerminal(t, context.Background(), env, cmd, vars)
	if rc != 0 {
		t.Fatalf("%s: RC %d: %s", cmd, rc, vars["RESULT.ERROR"])
	}
	wantFields(t, cmd, vars, map[string]string{"STORAGE": pool, "CHANGED": "1"})
	if p := getInstance(t, c, dst).ExpandedDevices["root"]["pool"]; p != pool {
		t.Errorf("the copy's root disk is on %q, want %q", p, pool)
	}
	// The line is the copy's. A new pool unpacks the image first
	// (create_instance_from_image_unpack_progress), then LXD copies the
	// files (fs_progress, naming the source); which of them LXD reports
	// depends on how long each takes (30 MB on a fast disk may copy
	// before the first report), so either shows the progress; the
	// spelling of each is checked in progress_test.go.
	shown := strings.Contains(got, "copying "+src+": ") || strings.Contains(got, "unpacking Unpack: ")
	if !strings.Contains(got, "\r\x1b[K"+dst+": ") || !shown || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("copy progress on the terminal: %q", got)
	}
	t.Logf("copy progress showed the file copy: %v", strings.Contains(got, "copying "+src+": "))
	wantError(t, env, fmt.Sprintf("copy source=%s destination=%s storage=t-verbs-nopool", src, newName(t, c, "t-verbs")), RCError, "no such storage pool t-verbs-nopool", "")
}

// TestLivePrepareProgress: on a terminal a prepare= command shows how
// long it has been running, and the line is cleared afterwards.
func TestLivePrepareProgress(t *testing.T) {
	env, c := liveEnv(t)
	base := newName(t, c, "t-verbs")
	vars := mapVars{}
	cmd := fmt.Sprintf("register_base name=%s image=%s storage=%s prepare='sleep 2.5'", base, lxdtest.Image(), lxdtest.Pool())
	rc, got := runOnTerminal(t, context.Background(), env, cmd, vars)
	if rc != 0 {
		t.Fatalf("%s: RC %d: %s", cmd, rc, vars["RESULT.ERROR"])
	}
	if !strings.Contains(got, base+": running the prepare command (2s)") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("prepare progress on the terminal: %q", got)
	}
}
