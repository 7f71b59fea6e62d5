package lxd

import (
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// TestPoolUsage: bad keys and values of the pool commands are usage
// errors (RC 2) found before anything is sent: the Env's socket does not
// exist, so any command that reached for LXD would get RC -1.
func TestPoolUsage(t *testing.T) {
	env := offline()
	for _, tc := range []struct{ cmd, msg string }{
		{"pool name=p1", "missing required key size="},
		{"pool size=2", "missing required key name="},
		{"pool name=1p size=2", "starts with a digit"},
		{"pool name=" + strings.Repeat("p", maxPoolName+1) + " size=2", "at most 40"},
		{"pool name=p1 size=-1", "size=-1 must be a whole number from 0"},
		{"pool name=p1 size=x", "size=x must be a whole number"},
		{"pool name=p1 size=2 base=-b", "starts with '-'"},
		{"acquire", "missing required key pool="},
		{"acquire pool=p1 count=0", "count=0 must be a whole number from 1"},
		{"acquire pool=p_1", "contains '_'"},
		{"release", "missing required key name="},
		{"pools name=x", "pools takes no keys"},
	} {
		rc, vars := run(t, env, tc.cmd)
		if rc != RCUsage || !strings.Contains(vars["RESULT.OUTPUT"], tc.msg) {
			t.Errorf("%q: RC %d OUTPUT %q, want RC %d and %q", tc.cmd, rc, vars["RESULT.OUTPUT"], RCUsage, tc.msg)
		}
	}
}

// TestMemberNames: names made for a pool match its pattern and no other
// pool's, and never repeat within a process.
func TestMemberNames(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		n := newMemberName("web")
		if seen[n] {
			t.Fatalf("%s made twice", n)
		}
		seen[n] = true
		if err := checkInstanceName("name", n); err != nil {
			t.Fatal(err)
		}
		if !memberPattern("web").MatchString(n) {
			t.Errorf("%s does not match pool web's pattern", n)
		}
		if memberPattern("we").MatchString(n) || memberPattern("web-1").MatchString(n) {
			t.Errorf("%s matches another pool's pattern", n)
		}
	}
	long := strings.Repeat("p", maxPoolName)
	if n := newMemberName(long); len(n) > 63 {
		t.Errorf("member of a %d-character pool: %s is %d characters", maxPoolName, n, len(n))
	}
	for _, other := range []string{"web-1", "web-abcdefgh-1", "web-0123456789-1", "web-01234567-", "xweb-01234567-1"} {
		if memberPattern("web").MatchString(other) {
			t.Errorf("%s matches pool web's pattern", other)
		}
	}
}

// TestMemberState: what each member counts as, from its keys, status and
// start time.
func TestMemberState(t *testing.T) {
	env := New(Config{Timeout: time.Minute})
	boot := time.Date(2026, 12, 7, 3, 0, 0, 123456789, time.UTC)
	member := func(status int, created time.Time, keys ...string) *lxdapi.Instance {
		inst := &lxdapi.Instance{Name: "p-01234567-1", StatusCode: status, LastUsedAt: boot, CreatedAt: created,
			Config: map[string]string{keyPool: "p"}}
		for i := 0; i+1 < len(keys); i += 2 {
			inst.Config[keys[i]] = keys[i+1]
		}
		return inst
	}
	now := time.Now()
	old := now.Add(-env.stuckAfter() - time.Second)
	stamp := boot.Format(time.RFC3339Nano)
	for _, tc := range []struct {
		what string
		inst *lxdapi.Instance
		want memberState
	}{
		{"running, answered in this boot", member(lxdapi.StatusRunning, now, keyPoolReady, stamp), stateReady},
		{"running, answered in an earlier boot", member(lxdapi.StatusRunning, now, keyPoolReady, "2026-12-07T02:00:00Z"), stateDead},
		{"stopped after it answered", member(lxdapi.StatusStopped, now, keyPoolReady, stamp), stateDead},
		{"frozen after it answered", member(110 /* Frozen */, now, keyPoolReady, stamp), stateDead},
		{"being made (stopped, new)", member(lxdapi.StatusStopped, now), stateStarting},
		{"being started (running, not yet answered)", member(lxdapi.StatusRunning, now), stateStarting},
		{"stuck unready since before Timeout", member(lxdapi.StatusRunning, old), stateDead},
		{"acquired", member(lxdapi.StatusRunning, now, keyPoolReady, stamp, keyPoolTaken, claimValue(takenAcquired)), stateTaken},
		{"acquired and stopped by its user", member(lxdapi.StatusStopped, now, keyPoolTaken, claimValue(takenAcquired)), stateTaken},
		{"claimed for removal", member(lxdapi.StatusRunning, now, keyPoolReady, stamp, keyPoolTaken, claimValue(takenRemoving)), stateRemoving},
	} {
		if got := env.state(tc.inst); got != tc.want {
			t.Errorf("%s: state %d, want %d", tc.what, got, tc.want)
		}
	}
}

// TestPoolViewSize: of members that disagree on the size (two resizes at
// once), the newest stamp wins, whatever order they are read in.
func TestPoolViewSize(t *testing.T) {
	older := "2026-12-07T03:00:00.000000001Z h:1"
	newer := "2026-12-07T03:00:00.000000002Z h:2"
	mk := func(size, sized string) *lxdapi.Instance {
		return &lxdapi.Instance{Config: map[string]string{keyPool: "p", keyCloneOf: "b", keyPoolSize: size, keyPoolSized: sized}}
	}
	for _, order := range [][]*lxdapi.Instance{
		{mk("4", older), mk("6", newer), mk("4", older)},
		{mk("6", newer), mk("4", older)},
	} {
		v := &poolView{name: "p"}
		for _, m := range order {
			v.add(m)
		}
		if v.size != 6 || v.sized != newer || v.base != "b" || len(v.members) != len(order) {
			t.Errorf("size %d stamp %q base %q members %d, want 6 %q b %d", v.size, v.sized, v.base, len(v.members), newer, len(order))
		}
	}
	// Fixed-width stamps order as the times they hold.
	a, b := newStamp(), newStamp()
	if !(a <= b) || len(a) != len(b) {
		t.Errorf("stamps %q then %q", a, b)
	}
}

// TestClaimTime: the time a claim was made is read back from its value,
// and a value without one (a claim made by hand) has none.
func TestClaimTime(t *testing.T) {
	before := time.Now().Add(-time.Second)
	at, ok := claimTime(claimValue(takenRemoving))
	if !ok || at.Before(before) || at.After(time.Now()) {
		t.Errorf("claimTime(claimValue(...)) = %v, %v; want about now", at, ok)
	}
	for _, v := range []string{"", "removing", "removing by me at noon"} {
		if at, ok := claimTime(v); ok {
			t.Errorf("claimTime(%q) = %v, want none", v, at)
		}
	}
}
