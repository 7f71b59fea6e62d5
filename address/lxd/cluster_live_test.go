package lxd

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// These tests run against the real three-member cluster of
// scripts/lxd-cluster.sh (members m1, m2, m3), reached over HTTPS through
// the lxc remote $REXXLXD_TEST_CLUSTER (default "cluster").

// clusterEnv returns an Env whose commands go to the test cluster, a
// client for checking and cleaning up, and the online members' names.
func clusterEnv(t *testing.T) (*Env, *lxdapi.Client, []string) {
	t.Helper()
	remote, c := lxdtest.Cluster(t)
	env := New(Config{Remote: remote})
	t.Cleanup(env.Close)
	members, err := c.ListClusterMembers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var online []string
	for _, m := range members {
		if m.Status == "Online" {
			online = append(online, m.ServerName)
		}
	}
	if len(online) < 2 {
		t.Fatalf("test cluster: %d member(s) online (%v), want at least 2; run scripts/lxd-cluster.sh up", len(online), members)
	}
	return env, c, online
}

func TestClusterStatusAndMembers(t *testing.T) {
	env, c, _ := clusterEnv(t)
	srv, err := c.GetServer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	vars := mustRun(t, env, "status")
	wantFields(t, "status", vars, map[string]string{
		"REMOTE": lxdtest.ClusterRemote(), "PROJECT": "default", "CLUSTER": "1", "AUTH": "trusted",
		"SOCKET": c.Addr(), "SERVER": srv.Environment.ServerName,
	})
	if !strings.HasPrefix(c.Addr(), "https://") {
		t.Errorf("cluster remote at %s, want an HTTPS address", c.Addr())
	}

	members, err := c.ListClusterMembers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	vars = mustRun(t, env, "cluster_members")
	if vars["RESULT.0"] != strconv.Itoa(len(members)) || len(members) != 3 {
		t.Fatalf("cluster_members: RESULT.0 = %q, LXD has %d members", vars["RESULT.0"], len(members))
	}
	for i, m := range members {
		p := fmt.Sprintf("%d.", i+1)
		wantFields(t, "cluster_members", vars, map[string]string{
			p + "NAME": m.ServerName, p + "STATUS": m.Status, p + "URL": m.URL, p + "ROLES": strings.Join(m.Roles, " "),
		})
	}

	// The local daemon is no cluster: status says so, cluster_members
	// fails with a message that names it.
	local := New(Config{})
	defer local.Close()
	if _, err := lxdtest.Connect(t).GetServer(context.Background()); err == nil {
		wantFields(t, "status", mustRun(t, local, "status"), map[string]string{"REMOTE": "local", "CLUSTER": "0"})
		wantError(t, local, "cluster_members", RCError, "is no cluster member", "")
	}
}

func TestClusterTargetPlacement(t *testing.T) {
	env, c, online := clusterEnv(t)
	for _, m := range online {
		name := newName(t, c, "rxcl")
		cmd := fmt.Sprintf("create name=%s image=%s target=%s", name, lxdtest.Image(), m)
		vars := mustRun(t, env, cmd)
		wantFields(t, cmd, vars, map[string]string{"CONTAINER": name, "TARGET": m, "LOCATION": m})
		if got := getInstance(t, c, name).Location; got != m {
			t.Errorf("%s is on %s, want %s", name, got, m)
		}
		rows := listRows(t, env)
		if rows[name]["LOCATION"] != m {
			t.Errorf("list: %s LOCATION %q, want %s", name, rows[name]["LOCATION"], m)
		}
		if loc := mustRun(t, env, "info name="+name)["RESULT.LOCATION"]; loc != m {
			t.Errorf("info: %s LOCATION %q, want %s", name, loc, m)
		}
	}
	wantError(t, env, fmt.Sprintf("create name=%s image=%s target=nosuchmember", lxdtest.Name(t, "rxcl"), lxdtest.Image()),
		RCError, "create", "Cluster member not found")
}

// listRows runs list and returns its rows by name.
func listRows(t *testing.T, env *Env) map[string]map[string]string {
	t.Helper()
	vars := mustRun(t, env, "list")
	n, _ := strconv.Atoi(vars["RESULT.0"])
	rows := map[string]map[string]string{}
	for i := 1; i <= n; i++ {
		row := map[string]string{}
		for _, f := range []string{"NAME", "STATUS", "LOCATION"} {
			row[f] = vars[fmt.Sprintf("RESULT.%d.%s", i, f)]
		}
		rows[row["NAME"]] = row
	}
	return rows
}

func TestClusterCloneAcrossMembersAndMove(t *testing.T) {
	env, c, online := clusterEnv(t)
	from, to := online[0], online[1]
	base := newName(t, c, "rxclb")
	clone := newName(t, c, "rxclc")
	copied := newName(t, c, "rxclc")

	vars := mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s target=%s", base, lxdtest.Image(), from))
	wantFields(t, "register_base", vars, map[string]string{"LOCATION": from, "CREATED": "1"})

	// A clone onto another member: LXD migrates the base's disk there.
	cmd := fmt.Sprintf("clone_from_base base=%s name=%s target=%s", base, clone, to)
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"LOCATION": to, "STATUS": "Stopped", "BASE": base})
	if got := getInstance(t, c, clone).Location; got != to {
		t.Fatalf("clone %s is on %s, want %s", clone, got, to)
	}
	mustRun(t, env, "start name="+clone)
	vars = mustRun(t, env, "execute name="+clone+" command='echo hello from $(hostname)'")
	if vars["RESULT.STDOUT"] != "hello from "+clone {
		t.Errorf("execute on %s: %q", to, vars["RESULT.STDOUT"])
	}

	// copy with target= as well.
	cmd = fmt.Sprintf("copy source=%s destination=%s target=%s", base, copied, to)
	wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"LOCATION": to})

	// move: a running instance is refused with a message that says why;
	// stopped, it moves back to the base's member and still runs.
	vars = wantError(t, env, fmt.Sprintf("move name=%s target=%s", clone, from), RCError, "is running; stop it before moving", "")
	lxdtest.WaitInit(t, c, clone)
	mustRun(t, env, "stop name="+clone)
	cmd = fmt.Sprintf("move name=%s target=%s", clone, from)
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"LOCATION": from, "FROM": to, "TARGET": from, "STATUS": "Stopped"})
	if got := getInstance(t, c, clone).Location; got != from {
		t.Fatalf("after move %s is on %s, want %s", clone, got, from)
	}
	mustRun(t, env, "start name="+clone)
	if vars := mustRun(t, env, "execute name="+clone+" command='echo moved'"); vars["RESULT.STDOUT"] != "moved" {
		t.Errorf("execute after move: %q", vars["RESULT.STDOUT"])
	}
	wantError(t, env, "move name="+lxdtest.Name(t, "rxnone")+" target="+to, RCError, "no instance", "not found")
}

// TestRemoteAndProjectKeys: remote= and project= on one command, and
// connect switching later commands, against the cluster and the local
// daemon in one script.
func TestRemoteAndProjectKeys(t *testing.T) {
	remote, c := lxdtest.Cluster(t)
	local := lxdtest.Connect(t)
	env := New(Config{})
	t.Cleanup(env.Close)
	ctx := context.Background()

	project := lxdtest.Name(t, "rxp")
	// Sharing the default project's profiles and images keeps the root
	// disk and the test image usable in the new project.
	if err := c.CreateProject(ctx, lxdapi.ProjectsPost{Name: project, Config: map[string]string{
		"features.profiles": "false", "features.images": "false"}}); err != nil {
		t.Fatal(err)
	}
	inProject := c.WithProject(project)
	t.Cleanup(func() {
		if err := c.DeleteProject(context.Background(), project); err != nil {
			t.Errorf("deleting project %s: %v", project, err)
		}
	})
	name := lxdtest.Name(t, "rxpi")
	lxdtest.Cleanup(t, inProject, name)

	wantFields(t, "status", mustRun(t, env, "status"), map[string]string{"REMOTE": "local", "PROJECT": "default", "CLUSTER": "0"})
	cmd := fmt.Sprintf("create name=%s image=%s remote=%s project=%s", name, lxdtest.Image(), remote, project)
	if vars := mustRun(t, env, cmd); vars["RESULT.LOCATION"] == "" {
		t.Errorf("%q: no LOCATION on a cluster", cmd)
	}
	if inst, err := inProject.GetInstance(ctx, name); err != nil || inst.Project != project {
		t.Fatalf("%s in project %s: %v %v", name, project, inst, err)
	}
	if _, err := c.GetInstance(ctx, name); !lxdapi.IsNotFound(err) {
		t.Errorf("%s visible in the default project: %v", name, err)
	}
	if _, err := local.GetInstance(ctx, name); !lxdapi.IsNotFound(err) {
		t.Errorf("%s on the local daemon: %v", name, err)
	}
	// The keys applied to that command only.
	wantFields(t, "status", mustRun(t, env, "status"), map[string]string{"REMOTE": "local", "PROJECT": "default"})

	// connect switches the commands that follow.
	cmd = fmt.Sprintf("connect remote=%s project=%s", remote, project)
	wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"REMOTE": remote, "PROJECT": project, "CLUSTER": "1"})
	wantFields(t, "status", mustRun(t, env, "status"), map[string]string{"REMOTE": remote, "PROJECT": project, "CLUSTER": "1"})
	if rows := listRows(t, env); rows[name]["LOCATION"] == "" || len(rows) != 1 {
		t.Errorf("list in project %s: %v, want just %s", project, rows, name)
	}
	// project= alone on a command keeps the connected remote.
	if rows := listRowsCmd(t, env, "list project=default"); rows[name] != nil {
		t.Errorf("list project=default shows %s", name)
	}
	wantFields(t, "delete", mustRun(t, env, "delete name="+name), map[string]string{"STATUS": "Deleted"})

	// connect alone goes back to the local daemon.
	wantFields(t, "connect", mustRun(t, env, "connect"), map[string]string{"REMOTE": "local", "PROJECT": "default", "CLUSTER": "0"})
	wantFields(t, "status", mustRun(t, env, "status"), map[string]string{"REMOTE": "local"})

	// Bad remotes: a usage error naming the known ones; the connection
	// stays as it was.
	wantError(t, env, "connect remote=rexxlxd-no-such-remote", RCUsage, "known:", "")
	wantError(t, env, "status remote=images", RCUsage, "image server", "")
	wantError(t, env, "status remote=", RCUsage, "remote= is empty", "")
	wantFields(t, "status", mustRun(t, env, "status"), map[string]string{"REMOTE": "local"})
}

func listRowsCmd(t *testing.T, env *Env, cmd string) map[string]map[string]string {
	t.Helper()
	vars := mustRun(t, env, cmd)
	n, _ := strconv.Atoi(vars["RESULT.0"])
	rows := map[string]map[string]string{}
	for i := 1; i <= n; i++ {
		rows[vars[fmt.Sprintf("RESULT.%d.NAME", i)]] = map[string]string{}
	}
	return rows
}

// lxcConfCopy makes a private lxc configuration directory holding the
// test cluster's remote as the real one has it, points LXD_CONF at it for
// the test, and returns it. The caller replaces the credentials.
func lxcConfCopy(t *testing.T, remote string) string {
	t.Helper()
	src := lxdapi.ConfigDir()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "servercerts"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"config.yml", "client.crt", "client.key", filepath.Join("servercerts", remote+".crt")} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("LXD_CONF", dir)
	return dir
}

// newCert writes a fresh self-signed certificate and key, as lxc makes
// them, to dir/NAME.crt and dir/NAME.key.
func newCert(t *testing.T, dir, name string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "rexxlxd-test-" + name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".key"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestRemoteUntrustedCertificate(t *testing.T) {
	remote, _ := lxdtest.Cluster(t)
	dir := lxcConfCopy(t, remote)
	newCert(t, dir, "client") // a client certificate the cluster never saw
	env := New(Config{Remote: remote})
	defer env.Close()
	for _, cmd := range []string{"status", "list", "connect remote=" + remote} {
		vars := wantError(t, env, cmd, RCUnreachable, "not trusted", "")
		if !strings.Contains(vars["RESULT.OUTPUT"], "lxc config trust add") || !strings.Contains(vars["RESULT.OUTPUT"], filepath.Join(dir, "client.crt")) {
			t.Errorf("%q: the message does not say how to trust %s: %s", cmd, filepath.Join(dir, "client.crt"), vars["RESULT.OUTPUT"])
		}
	}
}

func TestRemoteServerCertificateMismatch(t *testing.T) {
	remote, _ := lxdtest.Cluster(t)
	dir := lxcConfCopy(t, remote)
	newCert(t, filepath.Join(dir, "servercerts"), remote) // not the cluster's certificate
	env := New(Config{Remote: remote})
	defer env.Close()
	vars := wantError(t, env, "status", RCUnreachable, "does not match the certificate stored for it", "")
	if !strings.Contains(vars["RESULT.OUTPUT"], filepath.Join(dir, "servercerts", remote+".crt")) {
		t.Errorf("the message does not name the stored certificate: %s", vars["RESULT.OUTPUT"])
	}

	// No stored certificate at all: the system roots do not know the
	// cluster's self-signed one, and the check is not skipped.
	if err := os.Remove(filepath.Join(dir, "servercerts", remote+".crt")); err != nil {
		t.Fatal(err)
	}
	env2 := New(Config{Remote: remote})
	defer env2.Close()
	wantError(t, env2, "status", RCUnreachable, "no certificate is stored for it", "")
}

// clusterScript runs scripts/lxd-cluster.sh with args.
func clusterScript(t *testing.T, args ...string) {
	t.Helper()
	script, err := filepath.Abs("../../scripts/lxd-cluster.sh")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", append([]string{script}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("lxd-cluster.sh %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestClusterMemberDown shuts a member down in the middle of a script:
// commands on its instances fail within 30 s with RC 1 and LXD's reason,
// commands on the other members' instances keep working, and the member
// comes back with lxd-cluster.sh up.
func TestClusterMemberDown(t *testing.T) {
	env, c, online := clusterEnv(t)
	if os.Getuid() != 0 {
		lxdtest.Need(t, "stopping and starting a cluster member needs root")
	}
	down := "m3"
	if !slices.Contains(online, down) {
		t.Fatalf("member %s is not online: %v", down, online)
	}
	other := online[0]
	onDown, onOther := newName(t, c, "rxdn"), newName(t, c, "rxup")
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s target=%s start=true", onDown, lxdtest.Image(), down))
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s target=%s", onOther, lxdtest.Image(), other))

	t.Cleanup(func() { clusterScript(t, "up") }) // also when the test fails
	clusterScript(t, "stop", down)

	start := time.Now()
	rc, vars := run(t, env, "execute name="+onDown+" command='echo hi'")
	took := time.Since(start)
	if rc != RCError || vars["RESULT.ERROR"] == "" || took > 30*time.Second {
		t.Errorf("execute on the stopped member: RC %d after %v, want RC %d within 30s; OUTPUT %q ERROR %q",
			rc, took.Round(time.Millisecond), RCError, vars["RESULT.OUTPUT"], vars["RESULT.ERROR"])
	}
	t.Logf("execute on the stopped member: RC %d after %v: %s", rc, took.Round(time.Millisecond), vars["RESULT.ERROR"])

	// The other members' instances are unaffected.
	mustRun(t, env, "start name="+onOther)
	if vars := mustRun(t, env, "execute name="+onOther+" command='echo still here'"); vars["RESULT.STDOUT"] != "still here" {
		t.Errorf("execute on %s: %q", other, vars["RESULT.STDOUT"])
	}

	clusterScript(t, "up")
	deadline := time.Now().Add(60 * time.Second)
	for {
		rc, vars := run(t, env, "execute name="+onDown+" command='echo back'")
		if rc == 0 && vars["RESULT.STDOUT"] == "back" {
			break
		}
		if rc == 0 || time.Now().After(deadline) {
			t.Fatalf("after up: execute on %s: RC %d %s", down, rc, vars["RESULT.OUTPUT"])
		}
		// The member's instance was stopped with it: start it again.
		run(t, env, "start name="+onDown)
		time.Sleep(time.Second)
	}
	// Later tests count on the whole cluster.
	lxdtest.WaitAllOnline(t, c)
}

// TestClusterFleetSpread: a count= fleet without target= is spread over
// the online members (LXD alone would put concurrent clones on one), each
// row saying where its clone is; with target= all go there.
func TestClusterFleetSpread(t *testing.T) {
	env, c, _ := clusterEnv(t)
	// Every member, and online: a member just restarted (as the test
	// before does) is reported Offline for a few seconds and is rightly
	// left out of the spread, which this test would take for a fault.
	online := lxdtest.WaitAllOnline(t, c)
	sort.Strings(online)
	base := newName(t, c, "rxflb")
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s target=%s", base, lxdtest.Image(), online[0]))

	// What is on each member before the fleet (other tests' instances
	// may be there too).
	before := map[string]int{}
	for _, m := range online {
		before[m] = 0
	}
	list, err := c.ListInstances(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, inst := range list {
		if _, ok := before[inst.Location]; ok {
			before[inst.Location]++
		}
	}

	prefix := lxdtest.Name(t, "rxfl")
	for i := 1; i <= 6; i++ {
		lxdtest.Cleanup(t, c, fmt.Sprintf("%s-%d", prefix, i))
	}
	cmd := fmt.Sprintf("clone_from_base base=%s name=%s count=6 start=true", base, prefix)
	vars := mustRun(t, env, cmd)
	if vars["RESULT.0"] != "6" || vars["RESULT.SUCCEEDED"] != "6" {
		t.Fatalf("%q: RESULT.0 %q SUCCEEDED %q: %s", cmd, vars["RESULT.0"], vars["RESULT.SUCCEEDED"], vars["RESULT.OUTPUT"])
	}
	perMember := map[string]int{}
	for i := 1; i <= 6; i++ {
		name := vars[fmt.Sprintf("RESULT.%d.NAME", i)]
		loc := vars[fmt.Sprintf("RESULT.%d.LOCATION", i)]
		inst := getInstance(t, c, name)
		if inst.Location != loc || loc == "" {
			t.Errorf("%s: RESULT.%d.LOCATION %q, LXD says %q", name, i, loc, inst.Location)
		}
		if inst.Status != "Running" {
			t.Errorf("%s on %s: %s, want Running", name, loc, inst.Status)
		}
		perMember[inst.Location]++
	}
	t.Logf("count=6 fleet over %d online members: %v (before: %v)", len(online), perMember, before)
	if len(perMember) < 2 {
		t.Errorf("count=6 fleet all on one member: %v", perMember)
	}
	// Fewest first, counting the fleet's own: afterwards the members'
	// loads differ by at most 1, or by no more than they did before.
	spread := func(load func(string) int) int {
		lo, hi := load(online[0]), load(online[0])
		for _, m := range online {
			lo, hi = min(lo, load(m)), max(hi, load(m))
		}
		return hi - lo
	}
	was := spread(func(m string) int { return before[m] })
	now := spread(func(m string) int { return before[m] + perMember[m] })
	if now > max(1, was) {
		if members, err := c.ListClusterMembers(context.Background()); err == nil {
			for _, m := range members {
				t.Logf("member %s now: %s (%s)", m.ServerName, m.Status, m.Message)
			}
		}
		t.Errorf("after the fleet the members hold %v + %v: they differ by %d, want at most %d", before, perMember, now, max(1, was))
	}

	// Other fleet commands say where each instance is, too.
	vars = mustRun(t, env, "stop force=true name="+prefix+"-*")
	for i := 1; i <= 6; i++ {
		name := vars[fmt.Sprintf("RESULT.%d.NAME", i)]
		if loc := vars[fmt.Sprintf("RESULT.%d.LOCATION", i)]; loc == "" || loc != getInstance(t, c, name).Location {
			t.Errorf("stop %s-*: RESULT.%d.LOCATION %q for %s", prefix, i, loc, name)
		}
	}

	prefix2 := lxdtest.Name(t, "rxflt")
	for i := 1; i <= 3; i++ {
		lxdtest.Cleanup(t, c, fmt.Sprintf("%s-%d", prefix2, i))
	}
	to := online[len(online)-1]
	cmd = fmt.Sprintf("clone_from_base base=%s name=%s count=3 target=%s", base, prefix2, to)
	vars = mustRun(t, env, cmd)
	for i := 1; i <= 3; i++ {
		if loc := vars[fmt.Sprintf("RESULT.%d.LOCATION", i)]; loc != to {
			t.Errorf("%q: RESULT.%d.LOCATION %q, want %s", cmd, i, loc, to)
		}
	}
}

// TestClusterPoolSpread: a pool's members are spread over the cluster's
// members, its own first, whatever else runs where; so are the members
// that refill it after an acquire.
func TestClusterPoolSpread(t *testing.T) {
	env, c, _ := clusterEnv(t)
	online := lxdtest.WaitAllOnline(t, c)
	sort.Strings(online)
	base := newName(t, c, "rxpcb")
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s target=%s", base, lxdtest.Image(), online[0]))
	pool := lxdtest.Name(t, "rxpc")
	cleanupPool(t, env, c, pool)
	n := len(online)

	spread := func(when string, want int) {
		t.Helper()
		where := map[string][]string{}
		for name, inst := range members(t, c, pool) {
			if inst.Config[keyPoolTaken] == "" {
				where[inst.Location] = append(where[inst.Location], name)
			}
		}
		for _, m := range online {
			if len(where[m]) != want {
				t.Errorf("%s: member %s holds %d free pool members, want %d: %v", when, m, len(where[m]), want, where)
			}
		}
	}
	mustRun(t, env, fmt.Sprintf("pool name=%s base=%s size=%d", pool, base, n))
	spread("after pool size="+strconv.Itoa(n), 1)
	mustRun(t, env, fmt.Sprintf("pool name=%s size=%d", pool, 2*n))
	spread("after pool size="+strconv.Itoa(2*n), 2)

	vars := mustRun(t, env, fmt.Sprintf("acquire pool=%s count=%d", pool, n))
	for i := 1; i <= n; i++ {
		name := vars[fmt.Sprintf("RESULT.%d.NAME", i)]
		if loc := vars[fmt.Sprintf("RESULT.%d.LOCATION", i)]; loc == "" || loc != getInstance(t, c, name).Location {
			t.Errorf("acquire: RESULT.%d.LOCATION %q for %s", i, loc, name)
		}
	}
	env.Close()
	spread("after acquire and refill", 2)
}
