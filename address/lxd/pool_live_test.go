package lxd

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// livePool registers a busybox base and returns it with a fresh pool
// name. When the test ends, however it ends, env's refills are waited
// for and every member of the pool (of any process) is deleted, before
// the base is.
func livePool(t *testing.T, env *Env, c *lxdapi.Client) (base, pool string) {
	t.Helper()
	base = newName(t, c, "rxpb")
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s", base, lxdtest.Image()))
	pool = lxdtest.Name(t, "rxp")
	cleanupPool(t, env, c, pool)
	return base, pool
}

// cleanupPool deletes the members of pool when the test ends, once env
// has no refill running.
func cleanupPool(t *testing.T, env *Env, c *lxdapi.Client, pool string) {
	t.Cleanup(func() {
		env.Close()
		names, err := c.ListInstanceNames(context.Background())
		if err != nil {
			t.Errorf("cleanup of pool %s: %v", pool, err)
			return
		}
		for _, n := range names {
			if memberPattern(pool).MatchString(n) {
				if err := lxdtest.Remove(c, n); err != nil {
					t.Errorf("cleanup of pool %s: %s: %v", pool, n, err)
				}
			}
		}
		for _, n := range claimsLeft(t, c, pool) {
			if err := c.DeleteProfile(context.Background(), n); err != nil && !lxdapi.IsNotFound(err) {
				t.Errorf("cleanup of pool %s: claim %s: %v", pool, n, err)
			}
		}
	})
}

// claimsLeft returns the names of the claim profiles of pool's members.
func claimsLeft(t testing.TB, c *lxdapi.Client, pool string) []string {
	t.Helper()
	l, err := readClaims(context.Background(), c, pool)
	if err != nil {
		t.Errorf("reading the claims of pool %s: %v", pool, err)
		return nil
	}
	var out []string
	for m := range l.claims {
		out = append(out, claimNameIn(c, m))
	}
	sort.Strings(out)
	return out
}

// members returns the pool's members as LXD has them, by name, with the
// pool's claims laid over them (keyPoolTaken).
func members(t *testing.T, c *lxdapi.Client, pool string) map[string]*lxdapi.Instance {
	t.Helper()
	l, err := readClaims(context.Background(), c, pool)
	if err != nil {
		t.Fatal(err)
	}
	names, err := c.ListInstanceNames(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*lxdapi.Instance{}
	for _, n := range names {
		if !memberPattern(pool).MatchString(n) {
			continue
		}
		inst, err := c.GetInstance(context.Background(), n)
		if lxdapi.IsNotFound(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if inst.Config[keyPool] != pool {
			t.Errorf("%s is named as a member of %s but its %s is %q", n, pool, keyPool, inst.Config[keyPool])
		}
		l.overlay(inst)
		out[n] = inst
	}
	return out
}

// free returns the names of the pool's members nobody holds.
func freeMembers(all map[string]*lxdapi.Instance) []string {
	var out []string
	for n, inst := range all {
		if inst.Config[keyPoolTaken] == "" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// wantReady checks that each of names is a free, running member of
// pool made from base, marked ready in its current boot, and that it
// answers an execute.
func wantReady(t *testing.T, c *lxdapi.Client, all map[string]*lxdapi.Instance, base string, size int, names ...string) {
	t.Helper()
	for _, n := range names {
		inst := all[n]
		switch {
		case inst == nil:
			t.Errorf("%s is no member", n)
			continue
		case inst.StatusCode != lxdapi.StatusRunning:
			t.Errorf("%s is %s, want Running", n, inst.Status)
		case inst.Config[keyPoolReady] != bootStamp(inst):
			t.Errorf("%s: %s = %q, its boot started %s", n, keyPoolReady, inst.Config[keyPoolReady], bootStamp(inst))
		case inst.Config[keyCloneOf] != base || inst.Config[keyPoolSize] != strconv.Itoa(size):
			t.Errorf("%s: clone-of %q size %q, want %s and %d", n, inst.Config[keyCloneOf], inst.Config[keyPoolSize], base, size)
		}
		out, err := c.Exec(context.Background(), n, lxdapi.ExecRequest{Command: []string{"true"}})
		if err != nil || out.ExitCode != 0 {
			t.Errorf("%s does not answer: %v %v", n, err, out)
		}
	}
}

// poolRow runs pools and returns the row of pool (nil when absent).
func poolRow(t *testing.T, env *Env, pool string) map[string]string {
	t.Helper()
	vars := mustRun(t, env, "pools")
	n, _ := strconv.Atoi(vars["RESULT.0"])
	if vars["RESULT.COUNT"] != vars["RESULT.0"] {
		t.Errorf("pools: COUNT %q, RESULT.0 %q", vars["RESULT.COUNT"], vars["RESULT.0"])
	}
	for i := 1; i <= n; i++ {
		if vars[fmt.Sprintf("RESULT.%d.NAME", i)] != pool {
			continue
		}
		row := map[string]string{}
		for _, f := range []string{"NAME", "BASE", "SIZE", "READY", "TAKEN", "STARTING", "DEAD"} {
			row[f] = vars[fmt.Sprintf("RESULT.%d.%s", i, f)]
		}
		return row
	}
	return nil
}

func wantRow(t *testing.T, env *Env, pool string, want map[string]string) {
	t.Helper()
	row := poolRow(t, env, pool)
	if row == nil {
		t.Fatalf("pools lists no pool %s", pool)
	}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("pools: %s %s = %q, want %q (row %v)", pool, k, row[k], v, row)
		}
	}
}

// TestPoolMakeResizeDrain: a pool is made with size= ready members, grows
// and shrinks to a new size keeping the members it has, refuses another
// base, and drains to nothing with size=0.
func TestPoolMakeResizeDrain(t *testing.T) {
	env, c := liveEnv(t)
	base, pool := livePool(t, env, c)

	wantError(t, env, "pool name="+pool+" size=2", RCUsage, "has no members yet; give base=", "")
	wantError(t, env, "acquire pool="+pool, RCError, "no pool "+pool, "")
	cmd := fmt.Sprintf("pool name=%s base=%s size=2", pool, base)
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"POOL": pool, "BASE": base, "SIZE": "2", "READY": "2", "TAKEN": "0",
		"STARTING": "0", "MADE": "2", "REMOVED": "0", "CHANGED": "1"})
	all := members(t, c, pool)
	first := freeMembers(all)
	if len(all) != 2 || len(first) != 2 {
		t.Fatalf("after %q LXD holds members %v", cmd, first)
	}
	wantReady(t, c, all, base, 2, first...)
	wantRow(t, env, pool, map[string]string{"BASE": base, "SIZE": "2", "READY": "2", "TAKEN": "0", "STARTING": "0", "DEAD": "0"})

	// Grow, without base= (the pool knows it): the two stay, two join.
	cmd = "pool name=" + pool + " size=4"
	wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"BASE": base, "SIZE": "4", "READY": "4", "MADE": "2", "REMOVED": "0"})
	all = members(t, c, pool)
	if len(all) != 4 || all[first[0]] == nil || all[first[1]] == nil {
		t.Fatalf("after %q: members %v, want 4 with %v", cmd, freeMembers(all), first)
	}
	// Every member carries the new size, the old ones too.
	wantReady(t, c, all, base, 4, freeMembers(all)...)

	// Shrink to 1: three are deleted.
	cmd = fmt.Sprintf("pool name=%s base=%s size=1", pool, base)
	wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"SIZE": "1", "READY": "1", "MADE": "0", "REMOVED": "3"})
	if all = members(t, c, pool); len(all) != 1 {
		t.Fatalf("after %q LXD holds %d members: %v", cmd, len(all), freeMembers(all))
	}
	wantReady(t, c, all, base, 1, freeMembers(all)...)

	// Another base is refused, and nothing changes.
	wantError(t, env, fmt.Sprintf("pool name=%s base=%s-other size=3", pool, base), RCError, "holds clones of base "+base, "")
	if all = members(t, c, pool); len(all) != 1 {
		t.Errorf("a refused pool command left %d members", len(all))
	}

	// Drain.
	cmd = "pool name=" + pool + " size=0"
	wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"SIZE": "0", "READY": "0", "REMOVED": "1"})
	if all = members(t, c, pool); len(all) != 0 {
		t.Errorf("after %q LXD holds members %v", cmd, freeMembers(all))
	}
	if row := poolRow(t, env, pool); row != nil {
		t.Errorf("pools still lists the drained pool: %v", row)
	}
	if left := claimsLeft(t, c, pool); len(left) != 0 {
		t.Errorf("the drained pool left claims %v", left)
	}
	wantError(t, env, "acquire pool="+pool, RCError, "no pool "+pool, "")
}

// TestPoolAcquireRelease: acquire hands out ready members, each once and
// marked with who holds it; the pool refills behind it, and Close waits
// for that; release deletes a member that was handed out, and nothing
// else.
func TestPoolAcquireRelease(t *testing.T) {
	env, c := liveEnv(t)
	base, pool := livePool(t, env, c)
	mustRun(t, env, fmt.Sprintf("pool name=%s base=%s size=3", pool, base))
	original := freeMembers(members(t, c, pool))

	cmd := "acquire pool=" + pool
	vars := mustRun(t, env, cmd)
	one := vars["RESULT.NAME"]
	wantFields(t, cmd, vars, map[string]string{"POOL": pool, "BASE": base, "CONTAINER": one, "STATUS": "Running",
		"WARM": "1", "REFILLING": "1", "LOCATION": "", "CHANGED": "1"})
	if vars["RESULT"] != "acquired "+one+" from pool "+pool {
		t.Errorf("%q: RESULT %q", cmd, vars["RESULT"])
	}
	if _, isList := vars["RESULT.0"]; isList {
		t.Errorf("%q without count= gave a list result", cmd)
	}
	if !containsName(original, one) {
		t.Fatalf("%q gave %s, not one of the ready members %v", cmd, one, original)
	}
	// The claim is the member's claim profile.
	if by := members(t, c, pool)[one].Config[keyPoolTaken]; !strings.HasPrefix(by, "acquired by "+whoAmI()+" at ") {
		t.Errorf("%s: claim %q", one, by)
	}
	if out := mustRun(t, env, "execute name="+one+" command='echo warm'"); out["RESULT.STDOUT"] != "warm" {
		t.Errorf("execute in %s: %q", one, out["RESULT.STDOUT"])
	}

	cmd = "acquire pool=" + pool + " count=2"
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"0": "2", "COUNT": "2", "SUCCEEDED": "2", "POOL": pool, "WARM": "2", "REFILLING": "2"})
	two := []string{vars["RESULT.1.NAME"], vars["RESULT.2.NAME"]}
	for i, n := range two {
		p := fmt.Sprintf("%d.", i+1)
		wantFields(t, cmd, vars, map[string]string{p + "SUCCESS": "1", p + "WARM": "1", p + "STATUS": "Running", p + "BASE": base, p + "ERROR": ""})
		if !containsName(original, n) || n == one {
			t.Errorf("%q: %s is not a ready member other than %s (of %v)", cmd, n, one, original)
		}
	}
	if two[0] == two[1] {
		t.Errorf("%q handed out %s twice", cmd, two[0])
	}

	// Close waits for the three refills: the pool is full and ready.
	env.Close()
	wantRow(t, env, pool, map[string]string{"SIZE": "3", "READY": "3", "TAKEN": "3", "STARTING": "0", "DEAD": "0"})
	all := members(t, c, pool)
	free := freeMembers(all)
	wantReady(t, c, all, base, 3, free...)
	for _, n := range free {
		if containsName(original, n) {
			t.Errorf("%s was handed out and is free again", n)
		}
	}

	// release deletes a member that was handed out.
	cmd = "release name=" + one
	wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"CONTAINER": one, "NAME": one, "POOL": pool, "STATUS": "Deleted", "CHANGED": "1"})
	if exists(t, c, one) {
		t.Errorf("%s still exists after %q", one, cmd)
	}
	wantRow(t, env, pool, map[string]string{"READY": "3", "TAKEN": "2"})
	// ... and a list of them at once.
	cmd = "release name=" + two[0] + "," + two[1]
	wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"0": "2", "SUCCEEDED": "2"})
	for _, n := range two {
		if exists(t, c, n) {
			t.Errorf("%s still exists after %q", n, cmd)
		}
	}
	// A free member, and an instance of no pool, are refused and kept.
	wantError(t, env, "release name="+free[0], RCError, "is a free member of pool "+pool+", not acquired", "")
	wantError(t, env, "release name="+base, RCError, "is no member of a pool", "")
	if !exists(t, c, free[0]) || !exists(t, c, base) {
		t.Error("a refused release deleted an instance")
	}
	wantError(t, env, "release name="+lxdtest.Name(t, "rxpnone"), RCError, "release", "not found")
	wantRow(t, env, pool, map[string]string{"SIZE": "3", "READY": "3", "TAKEN": "0"})
}

// TestPoolClaims: claims are kept as claim profiles, one per taken
// member; a claim whose member was deleted behind the pool's back blocks
// nothing (the pool counts and refills without it) and is dropped by the
// next pool command; a drain with a member still taken keeps its claim,
// and its release deletes it, leaving nothing.
func TestPoolClaims(t *testing.T) {
	env, c := liveEnv(t)
	base, pool := livePool(t, env, c)
	ctx := context.Background()
	mustRun(t, env, fmt.Sprintf("pool name=%s base=%s size=2", pool, base))
	l, err := readClaims(ctx, c, pool)
	if err != nil || len(l.claims) != 0 {
		t.Fatalf("claims of a new pool: %+v, %v", l, err)
	}
	vars := mustRun(t, env, "acquire pool="+pool+" count=2")
	a, b := vars["RESULT.1.NAME"], vars["RESULT.2.NAME"]
	env.Close()
	if l, err = readClaims(ctx, c, pool); err != nil || len(l.claims) != 2 ||
		!strings.HasPrefix(l.claims[a], "acquired by "+whoAmI()) || !strings.HasPrefix(l.claims[b], "acquired by "+whoAmI()) {
		t.Fatalf("claims after acquiring %s and %s: %+v, %v", a, b, l, err)
	}
	if p, err := c.GetProfile(ctx, claimNameIn(c, a)); err != nil || p.Description != l.claims[a] {
		t.Errorf("claim profile of %s: %+v, %v", a, p, err)
	}
	// a is deleted by hand, not released: its claim stays for now.
	if err := lxdtest.Remove(c, a); err != nil {
		t.Fatal(err)
	}
	wantRow(t, env, pool, map[string]string{"SIZE": "2", "READY": "2", "TAKEN": "1", "DEAD": "0"})
	vars = mustRun(t, env, "acquire pool="+pool)
	if vars["RESULT.WARM"] != "1" {
		t.Errorf("acquire with a stale claim: %v", vars)
	}
	c2 := vars["RESULT.NAME"]
	env.Close()
	mustRun(t, env, "pool name="+pool+" size=2")
	if l, err = readClaims(ctx, c, pool); err != nil || l.claims[a] != "" || l.claims[b] == "" || l.claims[c2] == "" {
		t.Errorf("claims after a pool command, %s deleted by hand, %s and %s held: %+v, %v", a, b, c2, l, err)
	}
	mustRun(t, env, "release name="+c2)
	if l, err = readClaims(ctx, c, pool); err != nil || l.claims[c2] != "" {
		t.Errorf("claims after releasing %s: %+v, %v", c2, l, err)
	}
	// Drained with b still held: b's claim stays until b is released.
	mustRun(t, env, "pool name="+pool+" size=0")
	if left := claimsLeft(t, c, pool); len(left) != 1 || left[0] != claimNameIn(c, b) {
		t.Fatalf("a drain with %s held left claims %v, want only its own", b, left)
	}
	wantRow(t, env, pool, map[string]string{"SIZE": "0", "READY": "0", "TAKEN": "1"})
	mustRun(t, env, "release name="+b)
	if left := claimsLeft(t, c, pool); len(left) != 0 {
		t.Errorf("claims %v of a drained pool are left after its last member was released", left)
	}
}

func containsName(list []string, name string) bool {
	for _, n := range list {
		if n == name {
			return true
		}
	}
	return false
}

// TestPoolDeadMembers: a member that was stopped, and one restarted since
// it answered (running, but in a boot nobody checked), are never handed
// out; acquire takes the one live member, makes the other it was asked
// for on the spot, and the refill replaces the dead ones.
func TestPoolDeadMembers(t *testing.T) {
	env, c := liveEnv(t)
	base, pool := livePool(t, env, c)
	mustRun(t, env, fmt.Sprintf("pool name=%s base=%s size=3", pool, base))
	m := freeMembers(members(t, c, pool))
	ctx := context.Background()
	stopped, restarted, live := m[0], m[1], m[2]
	if err := waiter(ctx)(c.StopInstance(ctx, stopped, true, -1)); err != nil {
		t.Fatal(err)
	}
	if err := waiter(ctx)(c.RestartInstance(ctx, restarted, true, -1)); err != nil {
		t.Fatal(err)
	}
	if inst := getInstance(t, c, restarted); inst.StatusCode != lxdapi.StatusRunning {
		t.Fatalf("%s is %s after a restart", restarted, inst.Status)
	}
	wantRow(t, env, pool, map[string]string{"READY": "1", "DEAD": "2"})

	cmd := "acquire pool=" + pool + " count=2"
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"0": "2", "SUCCEEDED": "2", "WARM": "1", "REFILLING": "3",
		"1.NAME": live, "1.WARM": "1", "2.WARM": "0"})
	cold := vars["RESULT.2.NAME"]
	if cold == stopped || cold == restarted || !memberPattern(pool).MatchString(cold) {
		t.Errorf("%q: second member %s, want a new member of %s", cmd, cold, pool)
	}
	inst := getInstance(t, c, cold)
	if inst.StatusCode != lxdapi.StatusRunning || !strings.HasPrefix(inst.Config[keyPoolTaken], "acquired by ") ||
		inst.Config[keyPoolReady] != bootStamp(inst) {
		t.Errorf("member made on the spot: %s, config %v", inst.Status, inst.Config)
	}

	env.Close()
	for _, n := range []string{stopped, restarted} {
		if exists(t, c, n) {
			t.Errorf("dead member %s is still there after the refill", n)
		}
	}
	wantRow(t, env, pool, map[string]string{"SIZE": "3", "READY": "3", "TAKEN": "2", "DEAD": "0", "STARTING": "0"})
	all := members(t, c, pool)
	wantReady(t, c, all, base, 3, freeMembers(all)...)
}

// helperPoolEnv names the pool a helper process acquires from (see
// TestPoolAcquireHelper); helperAtEnv the moment it does so, in Unix
// nanoseconds, so that all helpers ask at once.
const (
	helperPoolEnv = "REXXLXD_TEST_POOL_ACQUIRE"
	helperAtEnv   = "REXXLXD_TEST_POOL_AT"
)

// TestPoolAcquireHelper is not a test: it is the body of the processes
// that TestPoolConcurrentAcquire starts. It acquires count=2 from the
// pool at the given moment, prints the names, and ends through Close
// (which waits for its refills), as a script does.
func TestPoolAcquireHelper(t *testing.T) {
	pool := os.Getenv(helperPoolEnv)
	if pool == "" {
		t.Skip("runs only as a helper process of TestPoolConcurrentAcquire")
	}
	at, err := strconv.ParseInt(os.Getenv(helperAtEnv), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	env := New(Config{ResponseTimeout: lxdtest.SlowDaemon})
	mustRun(t, env, "status") // connected before the moment
	time.Sleep(time.Until(time.Unix(0, at)))
	vars := mustRun(t, env, "acquire pool="+pool+" count=2")
	for i := 1; i <= 2; i++ {
		fmt.Printf("ACQUIRED %s %s\n", vars[fmt.Sprintf("RESULT.%d.NAME", i)], vars[fmt.Sprintf("RESULT.%d.WARM", i)])
	}
	env.Close()
	for _, err := range env.refills.failures() {
		fmt.Printf("REFILL %v\n", err)
	}
}

// TestPoolConcurrentAcquire: four processes, each with its own client,
// acquire 2 from a pool of 8 at the same moment; they get 8 different
// members, all warm, each claimed by the process that got it. Their
// refills (which each waited for before exiting) fill the pool again.
func TestPoolConcurrentAcquire(t *testing.T) {
	env, c := liveEnv(t)
	base, pool := livePool(t, env, c)
	mustRun(t, env, fmt.Sprintf("pool name=%s base=%s size=8", pool, base))
	original := freeMembers(members(t, c, pool))

	at := time.Now().Add(3 * time.Second).UnixNano()
	outs := make([]bytes.Buffer, 4)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestPoolAcquireHelper$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), helperPoolEnv+"="+pool, helperAtEnv+"="+strconv.FormatInt(at, 10))
			cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
			errs[i] = cmd.Run()
		}()
	}
	wg.Wait()
	got := map[string]int{} // name -> process
	for i, out := range outs {
		if errs[i] != nil {
			t.Fatalf("helper %d: %v\n%s", i, errs[i], out.String())
		}
		sc := bufio.NewScanner(bytes.NewReader(out.Bytes()))
		n := 0
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 3 || f[0] != "ACQUIRED" {
				continue
			}
			n++
			if prev, dup := got[f[1]]; dup {
				t.Errorf("%s handed out to helper %d and helper %d", f[1], prev, i)
			}
			got[f[1]] = i
			if f[2] != "1" || !containsName(original, f[1]) {
				t.Errorf("helper %d got %s (WARM %s), not one of the 8 ready members", i, f[1], f[2])
			}
		}
		if n != 2 {
			t.Errorf("helper %d acquired %d members:\n%s", i, n, out.String())
		}
	}
	if len(got) != 8 {
		t.Errorf("4 processes acquiring 2 each got %d different members: %v", len(got), got)
	}
	// Each member is marked as held by the process that got it: two per
	// process, four processes.
	holders := map[string]int{}
	all := members(t, c, pool)
	for n := range got {
		holders[strings.Fields(all[n].Config[keyPoolTaken] + " x x x")[2]]++
	}
	if len(holders) != 4 {
		t.Errorf("holders of the 8 members: %v, want 4 processes with 2 each", holders)
	}
	for h, k := range holders {
		if k != 2 {
			t.Errorf("%s holds %d members, want 2", h, k)
		}
	}
	if row := poolRow(t, env, pool); row == nil || row["READY"] != "8" || row["TAKEN"] != "8" || row["STARTING"] != "0" {
		for i, out := range outs {
			t.Logf("helper %d:\n%s", i, out.String())
		}
		t.Errorf("pools after the four processes ended: %v, want 8 ready, 8 taken, none starting", row)
	}
}

// TestPoolConcurrentResize: two processes (here two Envs, each with its
// own client) resize one pool at the same moment, to 3 and to 5. Both
// succeed, and the pool ends with exactly the size of the newer command
// ready: the excess that both filling at once made is removed.
func TestPoolConcurrentResize(t *testing.T) {
	env, c := liveEnv(t)
	base, pool := livePool(t, env, c)
	mustRun(t, env, fmt.Sprintf("pool name=%s base=%s size=1", pool, base))
	envs := []*Env{New(Config{ResponseTimeout: lxdtest.SlowDaemon}), New(Config{ResponseTimeout: lxdtest.SlowDaemon})}
	var wg sync.WaitGroup
	for i, size := range []int{3, 5} {
		t.Cleanup(envs[i].Close)
		mustRun(t, envs[i], "status")
		wg.Add(1)
		go func() {
			defer wg.Done()
			if rc, vars := run(t, envs[i], fmt.Sprintf("pool name=%s size=%d", pool, size)); rc != 0 {
				t.Errorf("pool size=%d: RC %d: %s", size, rc, vars["RESULT.OUTPUT"])
			}
		}()
	}
	wg.Wait()
	v, err := commandView(t, env).readPool(context.Background(), pool)
	if err != nil {
		t.Fatal(err)
	}
	if v.size != 3 && v.size != 5 {
		t.Fatalf("after resizes to 3 and 5 at once the pool's size is %d", v.size)
	}
	size := strconv.Itoa(v.size)
	wantRow(t, env, pool, map[string]string{"SIZE": size, "READY": size, "STARTING": "0", "TAKEN": "0"})
	if n := len(members(t, c, pool)); n != v.size {
		t.Errorf("LXD holds %d members, size %d", n, v.size)
	}
	t.Logf("resizes to 3 and 5 at once: size %d (stamp %s)", v.size, v.sized)
}

// TestPoolCloseCutsRefillsShort: Close waits for refills only up to
// refillWait; then it cancels them, and what they were making is deleted
// again, so the pool holds no half-made member (nothing starting, nothing
// stuck) and the taken members are untouched.
func TestPoolCloseCutsRefillsShort(t *testing.T) {
	env, c := liveEnv(t)
	base, pool := livePool(t, env, c)
	mustRun(t, env, fmt.Sprintf("pool name=%s base=%s size=2", pool, base))
	vars := mustRun(t, env, "acquire pool="+pool+" count=2")
	wantFields(t, "acquire", vars, map[string]string{"WARM": "2", "REFILLING": "2"})
	saved := refillWait
	refillWait = 400 * time.Millisecond
	t0 := time.Now()
	env.Close()
	refillWait = saved
	t.Logf("Close with refills cut short took %v", time.Since(t0))
	all := members(t, c, pool)
	for n, inst := range all {
		if inst.Config[keyPoolTaken] == "" && (inst.StatusCode != lxdapi.StatusRunning || inst.Config[keyPoolReady] != bootStamp(inst)) {
			t.Errorf("after Close cut the refill short, %s is left %s and unready", n, inst.Status)
		}
	}
	row := poolRow(t, env, pool)
	if row == nil || row["TAKEN"] != "2" || row["STARTING"] != "0" || row["DEAD"] != "0" {
		t.Errorf("pools after a cut-short refill: %v, want 2 taken, none starting or dead", row)
	}
	for i := 1; i <= 2; i++ {
		if n := vars[fmt.Sprintf("RESULT.%d.NAME", i)]; all[n] == nil {
			t.Errorf("taken member %s is gone", n)
		}
	}
}

// TestPoolClaimStress: of 8 claimers of one ready member at the same
// moment, half acquiring it and half removing it, exactly one wins,
// round after round, and the claim LXD holds is the winner's; once the
// claim is dropped the member is free again, and once the pool is drained
// nothing is left of its claims. (On the old ledger, one conditional
// PATCH of an instance with the ETag all had read, it failed 2 of 10
// runs at load 13: "round 10: 2 of 8 claimers won"; see pool_claims.go.)
func TestPoolClaimStress(t *testing.T) {
	env, c := liveEnv(t)
	base, pool := livePool(t, env, c)
	ctx := context.Background()
	mustRun(t, env, fmt.Sprintf("pool name=%s base=%s size=1", pool, base))
	free := freeMembers(members(t, c, pool))
	if len(free) != 1 {
		t.Fatalf("pool of size 1 has free members %v", free)
	}
	name := free[0]
	ev := commandView(t, env)
	const claimers, rounds = 8, 40
	for round := 0; round < rounds; round++ {
		// Each claimer reads the member as acquire does; all saw the
		// same claims (none), as processes that read at once do.
		seen, err := readClaims(ctx, c, pool)
		if err != nil || len(seen.claims) != 0 {
			t.Fatalf("round %d: claims before %+v, %v", round, seen, err)
		}
		insts := make([]*lxdapi.Instance, claimers)
		for i := range insts {
			insts[i] = getInstance(t, c, name)
		}
		wins := make([]int, claimers)
		values := make([]string, claimers)
		errs := make([]error, claimers)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range insts {
			why := takenAcquired
			if i%2 == 1 {
				why = takenRemoving
			}
			why = fmt.Sprintf("%s r%d-c%d", why, round, i)
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				won, err := ev.claimMembers(ctx, pool, &claimView{pool: pool, claims: map[string]string{}}, insts[i:i+1], stateReady, why)
				wins[i], errs[i] = len(won), err
				if len(won) == 1 {
					values[i] = won[0].Config[keyPoolTaken]
				}
			}()
		}
		close(start)
		wg.Wait()
		won, value := 0, ""
		for i := range wins {
			if errs[i] != nil {
				t.Errorf("round %d, claimer %d: %v", round, i, errs[i])
			}
			if wins[i] == 1 {
				won, value = won+1, values[i]
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d of %d claimers won %s, want exactly 1", round, won, claimers, name)
		}
		after, err := readClaims(ctx, c, pool)
		if err != nil || len(after.claims) != 1 || after.claims[name] != value {
			t.Fatalf("round %d: the winner claimed %q; LXD holds %+v, %v", round, value, after, err)
		}
		if err := ev.dropClaims(ctx, pool, []string{name}); err != nil {
			t.Fatal(err)
		}
	}
	wantRow(t, env, pool, map[string]string{"SIZE": "1", "READY": "1", "TAKEN": "0"})
	mustRun(t, env, "pool name="+pool+" size=0")
	if all := members(t, c, pool); len(all) != 0 {
		t.Errorf("the drained pool still has members %v", freeMembers(all))
	}
	if left := claimsLeft(t, c, pool); len(left) != 0 {
		t.Errorf("the drained pool left claims %v", left)
	}
}

// TestPoolStaleRemoval: a remover killed between its claim and the
// delete leaves a live member claimed "removing"; once that claim is
// older than a member may take to be made, the next pool command deletes
// the member and its claim, and the pool is whole again. A fresh removal
// claim (its remover may still be at work) is left alone.
func TestPoolStaleRemoval(t *testing.T) {
	env, c := liveEnv(t)
	base, pool := livePool(t, env, c)
	ctx := context.Background()
	mustRun(t, env, fmt.Sprintf("pool name=%s base=%s size=3", pool, base))
	free := freeMembers(members(t, c, pool))
	if len(free) != 3 {
		t.Fatalf("pool of size 3 has free members %v", free)
	}
	stale, fresh := free[0], free[1]
	old := takenRemoving + " by gone:1 at " + time.Now().Add(-commandView(t, env).stuckAfter()-time.Minute).UTC().Format(time.RFC3339)
	for name, value := range map[string]string{stale: old, fresh: claimValue(takenRemoving)} {
		if err := c.CreateProfile(ctx, lxdapi.ProfilesPost{Name: claimNameIn(c, name), Description: value}); err != nil {
			t.Fatal(err)
		}
	}
	cmd := "pool name=" + pool + " size=3"
	wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"READY": "3", "MADE": "2", "REMOVED": "1"})
	all := members(t, c, pool)
	if all[stale] != nil {
		t.Errorf("%s, claimed for removal long ago, is still there", stale)
	}
	if all[fresh] == nil || !strings.HasPrefix(all[fresh].Config[keyPoolTaken], takenRemoving) {
		t.Errorf("%s, claimed for removal just now, was touched: %+v", fresh, all[fresh])
	}
	left := claimsLeft(t, c, pool)
	if len(left) != 1 || left[0] != claimNameIn(c, fresh) {
		t.Errorf("claims left %v, want only %s's", left, fresh)
	}
}

// TestPoolInProject: in a project that keeps no profiles of its own
// (features.profiles=false), LXD makes a member's claim in the default
// project, so its name carries the project: rexxlxd-claim-PROJECT.MEMBER,
// never the name a default-project member of that name would claim.
// Release and drain leave no claim there.
func TestPoolInProject(t *testing.T) {
	c := lxdtest.Connect(t)
	project, in := privateProject(t, c)
	ctx := context.Background()
	prefix := claimPrefix + project + "."
	t.Cleanup(func() {
		names, err := c.ListProfileNames(context.Background())
		if err != nil {
			t.Errorf("listing profiles: %v", err)
		}
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				if err := c.DeleteProfile(context.Background(), n); err != nil {
					t.Errorf("cleanup: profile %s: %v", n, err)
				}
			}
		}
	})
	env := New(Config{ResponseTimeout: lxdtest.SlowDaemon, Project: project})
	t.Cleanup(env.Close)
	base, pool := lxdtest.Name(t, "rxpjb"), lxdtest.Name(t, "rxpj")
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s", base, lxdtest.Image()))
	mustRun(t, env, fmt.Sprintf("pool name=%s base=%s size=1", pool, base))
	one := mustRun(t, env, "acquire pool="+pool)["RESULT.NAME"]
	env.Close()
	p, err := c.GetProfile(ctx, prefix+one)
	if err != nil || !strings.HasPrefix(p.Description, "acquired by "+whoAmI()) {
		t.Fatalf("claim %s%s in the default project: %+v, %v", prefix, one, p, err)
	}
	if _, err := c.GetProfile(ctx, claimPrefix+one); !lxdapi.IsNotFound(err) {
		t.Errorf("claim %s%s (the default project's name) exists: %v", claimPrefix, one, err)
	}
	if l, err := readClaims(ctx, in, pool); err != nil || len(l.claims) != 1 || l.claims[one] == "" {
		t.Errorf("claims read in project %s: %+v, %v", project, l, err)
	}
	mustRun(t, env, "release name="+one)
	mustRun(t, env, "pool name="+pool+" size=0")
	names, err := c.ListProfileNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			t.Errorf("claim %s left after release and drain", n)
		}
	}
}
