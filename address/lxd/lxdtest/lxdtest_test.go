package lxdtest

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestName(t *testing.T) {
	seen := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				n := Name(t, "rxt")
				mu.Lock()
				if seen[n] {
					t.Errorf("duplicate name %s", n)
				}
				seen[n] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	n := Name(t, "")
	if !strings.HasPrefix(n, "rxt-"+runID+"-") || !validName(n) {
		t.Errorf("default prefix: %q", n)
	}
}

func TestValidName(t *testing.T) {
	for _, s := range []string{"a", "rxt-1f2e3d4c-7", "A9-b"} {
		if !validName(s) {
			t.Errorf("%q rejected", s)
		}
	}
	for _, s := range []string{"", "1abc", "-a", "a-", "a_b", "a.b", "a b", "é"} {
		if validName(s) {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestCatches(t *testing.T) {
	status := "Name:\tinit\nSigIgn:\t0000000000000000\nSigCgt:\t0000000020010002\n"
	for sig, want := range map[int]bool{30: true, 17: true, 2: true, 15: false, 1: false} {
		got, err := catches(status, sig)
		if err != nil || got != want {
			t.Errorf("signal %d: %v %v, want %v", sig, got, err, want)
		}
	}
	if _, err := catches("Name:\tx\n", 30); err == nil {
		t.Error("missing SigCgt accepted")
	}
	if _, err := catches("SigCgt:\tzz\n", 30); err == nil {
		t.Error("bad mask accepted")
	}
}

func TestImageAndPool(t *testing.T) {
	t.Setenv("REXXLXD_TEST_IMAGE", "")
	t.Setenv("REXXLXD_TEST_POOL", "")
	if Image() != "rexxlxd-busybox" || Pool() != "rexxlxd" {
		t.Errorf("defaults %q %q", Image(), Pool())
	}
	t.Setenv("REXXLXD_TEST_IMAGE", "debian")
	t.Setenv("REXXLXD_TEST_POOL", "zfs1")
	if Image() != "debian" || Pool() != "zfs1" {
		t.Errorf("from env %q %q", Image(), Pool())
	}
}

func TestConnectAndCleanup(t *testing.T) {
	c := Connect(t)
	name := Name(t, "rxt")
	// Removing what does not exist is fine.
	if err := Remove(c, name); err != nil {
		t.Fatal(err)
	}
}

// recorder is a testing.TB that records how Connect ends a test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()          {}
func (r *recorder) Cleanup(func())   {}
func (r *recorder) Skip(args ...any) { r.skipped = fmt.Sprint(args...); runtime.Goexit() }
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// connectWith runs Connect against a socket that does not exist.
func connectWith(t *testing.T, require string) *recorder {
	t.Setenv("LXD_SOCKET", filepath.Join(t.TempDir(), "none.socket"))
	t.Setenv(RequireEnv, require)
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Connect(r)
	}()
	<-done
	return r
}

func TestConnectUnreachable(t *testing.T) {
	r := connectWith(t, "")
	if r.failed != "" || !strings.Contains(r.skipped, "LXD not reachable at ") ||
		!strings.Contains(r.skipped, "none.socket") || !strings.Contains(r.skipped, "run scripts/lxd-setup.sh") {
		t.Errorf("without %s: skipped %q failed %q", RequireEnv, r.skipped, r.failed)
	}
	r = connectWith(t, "1")
	if r.skipped != "" || !strings.Contains(r.failed, "LXD not reachable") || !strings.Contains(r.failed, RequireEnv) {
		t.Errorf("with %s=1: skipped %q failed %q", RequireEnv, r.skipped, r.failed)
	}
}

func TestSweepRefusesShortID(t *testing.T) {
	// A short id could match others' names: Sweep refuses it before it
	// asks the daemon anything (the nil client would panic).
	for _, id := range []string{"", "t1", "t1234"} {
		deleted, errs := Sweep(nil, id)
		if len(deleted) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "too short") {
			t.Errorf("Sweep(nil, %q) = %v, %v; want one error saying the id is too short", id, deleted, errs)
		}
	}
}
