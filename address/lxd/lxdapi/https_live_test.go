package lxdapi_test

import (
	"os"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// TestLiveRemote talks to a real daemon over HTTPS through a remote of the
// lxc configuration. It needs a daemon listening on core.https_address and
// a trusted client certificate, so it runs only when REXXLXD_TEST_REMOTE
// names such a remote (with LXD_CONF pointing at the config directory).
func TestLiveRemote(t *testing.T) {
	name := os.Getenv("REXXLXD_TEST_REMOTE")
	if name == "" {
		// lxdtest.Need, which this package's tests cannot import.
		msg := "REXXLXD_TEST_REMOTE not set: it names an lxc remote over HTTPS, e.g. the cluster of scripts/lxd-cluster.sh"
		if os.Getenv("REXXLXD_REQUIRE_LXD") == "1" {
			t.Fatal(msg + " (REXXLXD_REQUIRE_LXD=1)")
		}
		t.Skip(msg)
	}
	cfg, err := lxdapi.LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	c, err := cfg.Connect(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	s, err := c.GetServer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Auth != "trusted" {
		t.Fatalf("remote %s: auth %q, want trusted", name, s.Auth)
	}
	if _, err := c.ListInstances(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetInstance(ctx, "rexxlxd-no-such-instance"); !lxdapi.IsNotFound(err) {
		t.Fatalf("missing instance over HTTPS: %v", err)
	}
}
