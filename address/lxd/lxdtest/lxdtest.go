// Package lxdtest holds helpers for tests that run against the real LXD
// daemon: connecting (or skipping when there is none), unique instance
// names, cleanup that survives failing tests, and the names of the local
// test image and pool that scripts/lxd-setup.sh creates.
package lxdtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// RequireEnv names the environment variable that turns a missing daemon
// from a skipped test into a failed one (set it to 1 in CI).
const RequireEnv = "REXXLXD_REQUIRE_LXD"

// probeTimeout bounds the reachability check in Connect. A daemon under
// load (several test packages, other users) can take seconds to answer;
// a short probe would skip tests locally and fail CI at random.
const probeTimeout = 60 * time.Second

// probeRetry is the pause between two probes of a daemon that did not
// answer.
const probeRetry = 500 * time.Millisecond

// probed remembers, per socket, that the daemon answered once in this
// test process, so later tests do not wait for it again.
var probed sync.Map

// Connect returns a client for the local daemon (found as
// lxdapi.DefaultSocket finds it). The first call in a process waits up to
// probeTimeout for the daemon to answer, asking again while it does not.
// With no daemon the test is skipped with one message naming the socket
// (at once when the socket does not even exist), or, if
// REXXLXD_REQUIRE_LXD=1, it fails: then it never skips.
func Connect(t testing.TB) *lxdapi.Client {
	t.Helper()
	c := lxdapi.NewUnix("", &lxdapi.Options{ResponseTimeout: SlowDaemon})
	if err := probe(c, Required()); err != nil {
		Need(t, fmt.Sprintf("LXD not reachable at %s: %v; run scripts/lxd-setup.sh", c.Addr(), err))
	}
	t.Cleanup(c.Close)
	return c
}

// SlowDaemon is how long the clients of tests give the shared daemon to
// start answering a request: far past the product's 30 s default, since a
// test machine running several suites against one daemon can stall it for
// longer, and a test's own checks and clean-up must not fail for that.
const SlowDaemon = 2 * time.Minute

// Need skips the test with msg, which says what it needs and how to get
// it, or, under REXXLXD_REQUIRE_LXD=1, fails with it: every LXD test that
// cannot run says why through Need, so none skips where LXD is required.
func Need(t testing.TB, msg string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s (%s=1)", msg, RequireEnv)
	}
	t.Skip(msg)
}

// Required reports whether REXXLXD_REQUIRE_LXD=1: LXD tests must then run
// and may never skip, for any reason.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// Probe checks that the local daemon answers, as Connect does (waiting up
// to probeTimeout), for tests that decide themselves what to do without
// it, such as testscript conditions.
func Probe() error {
	c := lxdapi.NewUnix("", nil)
	defer c.Close()
	if err := probe(c, Required()); err != nil {
		return fmt.Errorf("LXD not reachable at %s: %v; run scripts/lxd-setup.sh", c.Addr(), err)
	}
	return nil
}

// probe asks the daemon behind c for GET /1.0 until it answers or
// probeTimeout passes. Without required, a socket that does not exist
// ends the probe at once: there is nothing to wait for.
func probe(c *lxdapi.Client, required bool) error {
	if _, ok := probed.Load(c.Addr()); ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	for {
		_, err := c.GetServer(ctx)
		if err == nil {
			probed.Store(c.Addr(), true)
			return nil
		}
		if _, statErr := os.Stat(c.Addr()); statErr != nil && !required {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("no answer within %v: %w", probeTimeout, err)
		case <-time.After(probeRetry):
		}
	}
}

var (
	runID   = NewID()
	counter atomic.Uint64
)

// NewID is 8 random hex digits, distinct for every call, so that
// concurrent runs (several packages, several engineers, CI) never produce
// the same names: this process's names carry one, and each script test
// its own.
func NewID() string {
	b := make([]byte, 4)
	rand.Read(b) // never fails: crypto/rand crashes the program instead
	return hex.EncodeToString(b)
}

// Name returns an instance name unique across processes and calls:
// prefix, 8 random hex digits of this test process and a counter, e.g.
// "rxt-1f2e3d4c-7". The prefix must start with a letter and hold only
// letters, digits and hyphens; the whole name stays within LXD's 63
// characters.
func Name(t testing.TB, prefix string) string {
	t.Helper()
	if prefix == "" {
		prefix = "rxt"
	}
	name := fmt.Sprintf("%s-%s-%d", prefix, runID, counter.Add(1))
	if len(name) > 63 || !validName(name) {
		t.Fatalf("lxdtest.Name: %q is not a valid LXD instance name (prefix %q)", name, prefix)
	}
	return name
}

// validName checks LXD's rule for instance names: a hostname label of
// letters, digits and hyphens, starting with a letter and not ending with
// a hyphen.
func validName(s string) bool {
	if s == "" || s[len(s)-1] == '-' {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '-'):
		default:
			return false
		}
	}
	return true
}

// cleanupTimeout bounds the force-stop and delete of one instance.
const cleanupTimeout = 60 * time.Second

// Cleanup registers a t.Cleanup that force-stops and deletes the instance
// name if it exists, whether the test passed or failed. Register it right
// after choosing the name, before creating the instance.
func Cleanup(t testing.TB, c *lxdapi.Client, name string) {
	t.Helper()
	t.Cleanup(func() {
		if err := Remove(c, name); err != nil {
			t.Errorf("lxdtest cleanup of %s: %v", name, err)
		}
	})
}

// removeAttempts is how often Remove tries: a daemon under load sometimes
// fails a stop or delete that succeeds a moment later (for instance while
// a failed start is still being torn down).
const removeAttempts = 3

// Remove force-stops and deletes the instance name; a missing instance is
// not an error.
func Remove(c *lxdapi.Client, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	var err error
	for attempt := 1; attempt <= removeAttempts; attempt++ {
		if err = removeOnce(ctx, c, name); err == nil || ctx.Err() != nil {
			break
		}
		if attempt < removeAttempts {
			time.Sleep(time.Duration(attempt) * 500 * time.Millisecond)
		}
	}
	return err
}

func removeOnce(ctx context.Context, c *lxdapi.Client, name string) error {
	inst, err := c.GetInstance(ctx, name)
	if lxdapi.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if inst.StatusCode != lxdapi.StatusStopped {
		op, err := c.StopInstance(ctx, name, true, -1)
		if err == nil {
			err = op.Wait(ctx)
		}
		if err != nil && !lxdapi.IsNotFound(err) {
			return fmt.Errorf("force stop: %w", err)
		}
	}
	op, err := c.DeleteInstance(ctx, name)
	if err == nil {
		err = op.Wait(ctx)
	}
	if err != nil && !lxdapi.IsNotFound(err) {
		return fmt.Errorf("delete: %w", err)
	}
	return nil
}

// Image returns the alias of the local test image:
// $REXXLXD_TEST_IMAGE, default "rexxlxd-busybox".
func Image() string { return envOr("REXXLXD_TEST_IMAGE", "rexxlxd-busybox") }

// Pool returns the test storage pool: $REXXLXD_TEST_POOL, default
// "rexxlxd".
func Pool() string { return envOr("REXXLXD_TEST_POOL", "rexxlxd") }

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// Existing returns the instances of c's project whose names start with
// prefix, with their status, for tests that check what a command left.
func Existing(t testing.TB, c *lxdapi.Client, prefix string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	list, err := c.ListInstances(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, inst := range list {
		if strings.HasPrefix(inst.Name, prefix) {
			found[inst.Name] = inst.Status
		}
	}
	return found
}
