package lxd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// liveEnv returns an Env on the local daemon and a client for checking
// and cleaning up; it skips (or fails with REXXLXD_REQUIRE_LXD=1) when
// there is no daemon.
func liveEnv(t testing.TB) (*Env, *lxdapi.Client) {
	t.Helper()
	c := lxdtest.Connect(t)
	env := New(Config{ResponseTimeout: lxdtest.SlowDaemon})
	t.Cleanup(env.Close)
	return env, c
}

// newName returns a unique instance name that is deleted when the test
// ends, however it ends.
func newName(t testing.TB, c *lxdapi.Client, prefix string) string {
	t.Helper()
	name := lxdtest.Name(t, prefix)
	lxdtest.Cleanup(t, c, name)
	return name
}

// mustRun runs cmd and fails the test unless RC is 0.
func mustRun(t testing.TB, env *Env, cmd string) mapVars {
	t.Helper()
	rc, vars := run(t, env, cmd)
	if rc != 0 {
		t.Fatalf("%q: RC %d: %s (LXD: %s)", cmd, rc, vars["RESULT.OUTPUT"], vars["RESULT.ERROR"])
	}
	if vars["RESULT.SUCCESS"] != "1" {
		t.Fatalf("%q: RC 0 but RESULT.SUCCESS = %q", cmd, vars["RESULT.SUCCESS"])
	}
	return vars
}

// wantFields checks RESULT fields against want.
func wantFields(t testing.TB, cmd string, vars mapVars, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got, ok := vars["RESULT."+k]; !ok || got != v {
			t.Errorf("%q: RESULT.%s = %q (set %v), want %q", cmd, k, got, ok, v)
		}
	}
}

// wantError runs cmd and checks that it fails with rc, that OUTPUT
// contains output and that ERROR is set and contains lxdError.
func wantError(t testing.TB, env *Env, cmd string, rc int, output, lxdError string) mapVars {
	t.Helper()
	got, vars := run(t, env, cmd)
	if got != rc {
		t.Errorf("%q: RC %d, want %d: %s", cmd, got, rc, vars["RESULT.OUTPUT"])
	}
	if vars["RESULT.SUCCESS"] != "0" {
		t.Errorf("%q: RESULT.SUCCESS = %q, want 0", cmd, vars["RESULT.SUCCESS"])
	}
	if !strings.Contains(vars["RESULT.OUTPUT"], output) {
		t.Errorf("%q: RESULT.OUTPUT = %q, want it to contain %q", cmd, vars["RESULT.OUTPUT"], output)
	}
	if !strings.Contains(vars["RESULT.ERROR"], lxdError) || vars["RESULT.ERROR"] == "" {
		t.Errorf("%q: RESULT.ERROR = %q, want %q", cmd, vars["RESULT.ERROR"], lxdError)
	}
	return vars
}

func getInstance(t testing.TB, c *lxdapi.Client, name string) *lxdapi.Instance {
	t.Helper()
	inst, err := c.GetInstance(context.Background(), name)
	if err != nil {
		t.Fatalf("GetInstance(%s): %v", name, err)
	}
	return inst
}

func exists(t testing.TB, c *lxdapi.Client, name string) bool {
	t.Helper()
	_, err := c.GetInstance(context.Background(), name)
	if err != nil && !lxdapi.IsNotFound(err) {
		t.Fatalf("GetInstance(%s): %v", name, err)
	}
	return err == nil
}

// rawAPI sends one request to the local daemon for test setup that lxdapi
// has no call for (profiles), and fails the test on an error answer.
func rawAPI(t testing.TB, method, path string, body any) {
	t.Helper()
	var d net.Dialer
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return d.DialContext(ctx, "unix", lxdapi.DefaultSocket())
	}}}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, "http://lxd"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %s", method, path, data)
	}
}

func TestLiveLifecycle(t *testing.T) {
	env, c := liveEnv(t)
	name := newName(t, c, "rxl")
	image, pool := lxdtest.Image(), lxdtest.Pool()

	cmd := fmt.Sprintf("create name=%s image=%s storage=%s memory=256MB cpus=1", name, image, pool)
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{
		"OPERATION": "create", "CONTAINER": name, "IMAGE": image, "STATUS": "Stopped",
		"STORAGE": pool, "MEMORY": "256MB", "CPUS": "1", "ERROR": "",
	})
	if vars["RESULT"] != vars["RESULT.OUTPUT"] || !strings.Contains(vars["RESULT"], name) {
		t.Errorf("RESULT = %q, OUTPUT = %q", vars["RESULT"], vars["RESULT.OUTPUT"])
	}
	if ms, err := strconv.Atoi(vars["RESULT.ELAPSEDMS"]); err != nil || ms <= 0 {
		t.Errorf("ELAPSEDMS = %q", vars["RESULT.ELAPSEDMS"])
	}
	inst := getInstance(t, c, name)
	if inst.Config["limits.memory"] != "256MB" || inst.Config["limits.cpu"] != "1" || inst.Devices["root"]["pool"] != pool {
		t.Errorf("instance config %v devices %v", inst.Config, inst.Devices)
	}

	cmd = "start name=" + name
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"OPERATION": "start", "CONTAINER": name, "STATUS": "Running"})
	if st := getInstance(t, c, name).Status; st != "Running" {
		t.Errorf("after start, status %s", st)
	}

	// Limits are in force in the guest. LXD pins a CPU count by
	// rebalancing in the background after the start, so allow it a
	// moment.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		vars = mustRun(t, env, "execute name="+name+" command='nproc'")
		if vars["RESULT.STDOUT"] == "1" {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("nproc with cpus=1 = %q", vars["RESULT.STDOUT"])
			break
		}
	}

	cmd = "list"
	vars = mustRun(t, env, cmd)
	found := false
	n, _ := strconv.Atoi(vars["RESULT.0"])
	if vars["RESULT.COUNT"] != vars["RESULT.0"] || n < 1 {
		t.Errorf("list: COUNT %q, RESULT.0 %q", vars["RESULT.COUNT"], vars["RESULT.0"])
	}
	for i := 1; i <= n; i++ {
		p := fmt.Sprintf("RESULT.%d.", i)
		if vars[p+"NAME"] == name {
			found = true
			wantFields(t, cmd, vars, map[string]string{
				fmt.Sprintf("%d.STATUS", i): "Running", fmt.Sprintf("%d.TYPE", i): "container",
				fmt.Sprintf("%d.IMAGE", i): image, fmt.Sprintf("%d.BASE", i): "0",
			})
			if _, ok := vars[p+"IPV4"]; !ok {
				t.Errorf("list: %sIPV4 not set", p)
			}
		}
	}
	if !found {
		t.Errorf("list does not show %s", name)
	}

	cmd = "stop name=" + name + " timeout=20"
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"OPERATION": "stop", "CONTAINER": name, "STATUS": "Stopped"})
	if st := getInstance(t, c, name).Status; st != "Stopped" {
		t.Errorf("after stop, status %s", st)
	}
	wantError(t, env, cmd, RCError, "already stopped", "The instance is already stopped")

	mustRun(t, env, "start name="+name)
	mustRun(t, env, "stop name="+name+" force=true")

	// remove, the alias, stops a running instance first.
	mustRun(t, env, "start name="+name)
	cmd = "remove name=" + name
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"OPERATION": "delete", "CONTAINER": name, "STATUS": "Deleted"})
	if exists(t, c, name) {
		t.Errorf("%s still exists after remove", name)
	}
}

func TestLiveCreateStartAndFingerprint(t *testing.T) {
	env, c := liveEnv(t)
	img, err := c.GetImageAlias(context.Background(), lxdtest.Image())
	if err != nil {
		t.Fatal(err)
	}
	name := newName(t, c, "rxl")
	cmd := fmt.Sprintf("create name=%s image=%s start=true", name, img.Target[:12])
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"STATUS": "Running", "IMAGE": img.Target[:12]})
	if st := getInstance(t, c, name).Status; st != "Running" {
		t.Errorf("create start=true left %s %s", name, st)
	}
	// local: names the daemon's own store.
	name2 := newName(t, c, "rxl")
	mustRun(t, env, fmt.Sprintf("create name=%s image=local:%s", name2, lxdtest.Image()))
}

// TestLiveCreateUndoesFailedStart: when start=true fails, the instance the
// command created is deleted again.
func TestLiveCreateUndoesFailedStart(t *testing.T) {
	env, c := liveEnv(t)
	profile := lxdtest.Name(t, "rxp")
	rawAPI(t, "POST", "/1.0/profiles", map[string]any{
		"name": profile,
		"devices": map[string]any{"eth9": map[string]string{
			"type": "nic", "nictype": "bridged", "parent": "rexxlxd-nosuchbr", "name": "eth9"}},
	})
	t.Cleanup(func() { rawAPI(t, "DELETE", "/1.0/profiles/"+profile, nil) })
	name := newName(t, c, "rxl")
	cmd := fmt.Sprintf("create name=%s image=%s profile=default,%s start=true", name, lxdtest.Image(), profile)
	vars := wantError(t, env, cmd, RCError, "so deleted it again", "rexxlxd-nosuchbr")
	wantFields(t, cmd, vars, map[string]string{"CONTAINER": name, "PROFILE": "default," + profile})
	if exists(t, c, name) {
		t.Errorf("%s was left behind after its start failed", name)
	}
}

func TestLiveExecute(t *testing.T) {
	env, c := liveEnv(t)
	name := newName(t, c, "rxl")
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s start=true", name, lxdtest.Image()))

	cmd := "execute name=" + name + ` command='echo "hello  world" && echo oops >&2'`
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{
		"OPERATION": "execute", "CONTAINER": name, "EXITCODE": "0",
		"STDOUT": "hello  world", "STDERR": "oops", "OUTPUT": "hello  world",
		"COMMAND": `echo "hello  world" && echo oops >&2`,
	})

	// A non-zero exit is RC, and SUCCESS is 0; stdout keeps inner lines.
	cmd = "exec name=" + name + " command='printf \"a\\nb\\n\"; exit 3'"
	rc, vars := run(t, env, cmd)
	if rc != 3 {
		t.Errorf("%q: RC %d, want 3", cmd, rc)
	}
	wantFields(t, cmd, vars, map[string]string{"SUCCESS": "0", "EXITCODE": "3", "STDOUT": "a\nb", "ERROR": "execute: the command exited with status 3 in " + name})

	// The shell is /bin/sh: a missing program is the shell's 127.
	rc, vars = run(t, env, "exec name="+name+" command='no-such-program'")
	if rc != 127 || vars["RESULT.EXITCODE"] != "127" || !strings.Contains(vars["RESULT.STDERR"], "not found") || vars["RESULT.SUCCESS"] != "0" {
		t.Errorf("missing program: RC %d, EXITCODE %q, STDERR %q, SUCCESS %q", rc, vars["RESULT.EXITCODE"], vars["RESULT.STDERR"], vars["RESULT.SUCCESS"])
	}
	rc, _ = run(t, env, "exec name="+name+" command='exit 126'")
	if rc != 126 {
		t.Errorf("exit 126: RC %d", rc)
	}

	vars = mustRun(t, env, "exec name="+name+" command='id -u; id -g; echo $HOME' user=nobody")
	if vars["RESULT.STDOUT"] != "65534\n65534\n/nonexistent" {
		t.Errorf("user=nobody: %q", vars["RESULT.STDOUT"])
	}
	vars = mustRun(t, env, "exec name="+name+" command='id -u; id -g' user=65534")
	if vars["RESULT.STDOUT"] != "65534\n65534" {
		t.Errorf("user=65534: %q", vars["RESULT.STDOUT"])
	}
	vars = mustRun(t, env, "exec name="+name+" command='id -u; id -g' user=123:456")
	if vars["RESULT.STDOUT"] != "123\n456" {
		t.Errorf("user=123:456: %q", vars["RESULT.STDOUT"])
	}
	vars = mustRun(t, env, "exec name="+name+" command='id -u; echo $HOME' user=root")
	if vars["RESULT.STDOUT"] != "0\n/root" {
		t.Errorf("user=root: %q", vars["RESULT.STDOUT"])
	}
	wantError(t, env, "exec name="+name+" command=id user=nosuchuser", RCError, "no such user", "")

	vars = mustRun(t, env, "exec name="+name+" command=pwd cwd=/tmp")
	if vars["RESULT.STDOUT"] != "/tmp" {
		t.Errorf("cwd=/tmp: pwd says %q", vars["RESULT.STDOUT"])
	}

	// timeout= kills the command and what it started; RC 124.
	cmd = "exec name=" + name + " command='sleep 300 & sleep 301' timeout=0.5"
	vars = wantError(t, env, cmd, RCExecTimeout, "was killed", "")
	wantFields(t, cmd, vars, map[string]string{"EXITCODE": ""})
	vars = mustRun(t, env, "exec name="+name+" command='ps -o args | grep -c \"^sleep 30[01]\" || true'")
	if vars["RESULT.STDOUT"] != "0" {
		t.Errorf("after timeout, sleeps still running: %q", vars["RESULT.STDOUT"])
	}
	// A command that ends in time is unaffected by timeout=.
	vars = mustRun(t, env, "exec name="+name+" command='echo quick' timeout=30")
	if vars["RESULT.STDOUT"] != "quick" {
		t.Errorf("timeout=30: %q", vars["RESULT.STDOUT"])
	}

	mustRun(t, env, "stop name="+name+" force=true")
	wantError(t, env, "exec name="+name+" command=true", RCError, "", "not running")
}

func TestLiveErrors(t *testing.T) {
	env, c := liveEnv(t)
	missing := newName(t, c, "rxmissing")
	name := newName(t, c, "rxl")
	other := newName(t, c, "rxl")
	image := lxdtest.Image()

	for _, cmd := range []string{"start name=", "stop name=", "delete name=", "remove name="} {
		cmd += missing
		wantError(t, env, cmd, RCError, "no instance "+missing, "not found")
	}
	wantError(t, env, "execute name="+missing+" command=true", RCError, "no instance "+missing, "not found")
	wantError(t, env, "copy source="+missing+" destination="+name, RCError, "no instance "+missing, "not found")
	wantError(t, env, "clone_from_base base="+missing+" name="+name, RCError, "no base "+missing, "not found")
	// Without image= a missing base comes from ubuntu:22.04, which no
	// image server here can give (TestRegisterBaseDefaultImage checks the
	// request); where one can, the base is made and removed again (newName
	// cleans up).
	if rc, vars := run(t, env, "register_base name="+missing); rc == 0 {
		t.Logf("ubuntu:22.04 could be fetched here: %s", vars["RESULT.OUTPUT"])
		if vars["RESULT.CREATED"] != "1" || vars["RESULT.IMAGE"] != "ubuntu:22.04" {
			t.Errorf("register_base without image=: CREATED %q IMAGE %q", vars["RESULT.CREATED"], vars["RESULT.IMAGE"])
		}
		mustRun(t, env, "delete name="+missing)
	} else if rc != RCError || !strings.Contains(vars["RESULT.OUTPUT"], "creating it from ubuntu:22.04 (the image when image= is not given) failed") ||
		!strings.Contains(vars["RESULT.ERROR"], "image") || exists(t, c, missing) {
		t.Errorf("register_base without image=: RC %d %q (ERROR %q)", rc, vars["RESULT.OUTPUT"], vars["RESULT.ERROR"])
	}
	wantError(t, env, "exec name="+missing+" command=id user=nobody", RCError, "", "not found")

	wantError(t, env, fmt.Sprintf("create name=%s image=rexxlxd-no-such-image", name), RCError, "no such image", "not found")
	wantError(t, env, fmt.Sprintf("create name=%s image=abcdef0123", name), RCError, "no such image abcdef0123", "Image")
	wantError(t, env, fmt.Sprintf("create name=%s image=%s storage=rexxlxd-no-such-pool", name, image), RCError, "rexxlxd-no-such-pool", "not found")
	wantError(t, env, fmt.Sprintf("create name=%s image=%s profile=rexxlxd-no-such-profile", name, image), RCError, "", "rexxlxd-no-such-profile")
	if exists(t, c, name) {
		t.Fatalf("a failed create left %s behind", name)
	}

	mustRun(t, env, fmt.Sprintf("create name=%s image=%s", name, image))
	wantError(t, env, fmt.Sprintf("create name=%s image=%s", name, image), RCError, "instance "+name+" already exists", "already exists")
	if !exists(t, c, name) {
		t.Fatalf("a create with a taken name deleted the existing %s", name)
	}
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s", other, image))
	wantError(t, env, fmt.Sprintf("copy source=%s destination=%s", name, other), RCError, "already exists", "already exists")
	wantError(t, env, fmt.Sprintf("clone_from_base base=%s name=%s", name, other), RCError, "no registered base", "")
}

// TestLiveRemoteImage: remote:alias is resolved from the lxc config and
// handed to the daemon, which fetches the image itself. The remote here
// points at a closed local port, so the daemon's own error names it.
func TestLiveRemoteImage(t *testing.T) {
	_, c := liveEnv(t)
	dir := t.TempDir()
	cfg := "remotes:\n  rxtest:\n    addr: https://127.0.0.1:1\n    protocol: simplestreams\n    public: true\n"
	if err := os.WriteFile(dir+"/config.yml", []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LXD_CONF", dir)
	env := New(Config{})
	defer env.Close()
	name := newName(t, c, "rxl")
	vars := wantError(t, env, fmt.Sprintf("create name=%s image=rxtest:debian/12", name), RCError, "127.0.0.1:1", "127.0.0.1:1")
	wantFields(t, "create", vars, map[string]string{"IMAGE": "rxtest:debian/12", "CONTAINER": name})
	if exists(t, c, name) {
		t.Errorf("a failed remote create left %s", name)
	}
	wantError(t, env, fmt.Sprintf("create name=%s image=rxnoremote:debian/12", name), RCUsage, `no remote named "rxnoremote"`, "")
}

// TestLiveTimeoutLeavesNothing: a create whose wait runs past
// Config.Timeout is RC -2, and the instance LXD went on to make is
// deleted before Run returns. A proxy holds every operation wait back
// for longer than Config.Timeout, so the wait is cut short every time,
// however fast the daemon is.
func TestLiveTimeoutLeavesNothing(t *testing.T) {
	_, c := liveEnv(t)
	p := newProxy(t, lxdapi.DefaultSocket(), holdWaits(1500*time.Millisecond))
	env := New(Config{Socket: p.Socket, Timeout: 500 * time.Millisecond})
	defer env.Close()
	name := newName(t, c, "rxl")
	start := time.Now()
	rc, vars := run(t, env, fmt.Sprintf("create name=%s image=%s start=true", name, lxdtest.Image()))
	if rc != RCTimeout {
		t.Fatalf("RC %d, want %d: %s", rc, RCTimeout, vars["RESULT.OUTPUT"])
	}
	t.Logf("RC -2 after %v: %s", time.Since(start), vars["RESULT.OUTPUT"])
	if !strings.Contains(vars["RESULT.OUTPUT"], "did not finish within the command timeout") {
		t.Errorf("RESULT.OUTPUT = %q", vars["RESULT.OUTPUT"])
	}
	if exists(t, c, name) {
		t.Errorf("create cut short by Config.Timeout left %s: %s", name, vars["RESULT.OUTPUT"])
	}
}
