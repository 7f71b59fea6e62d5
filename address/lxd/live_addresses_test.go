package lxd

import (
	"strings"
	"testing"
)

// listRowIPv4 returns the IPV4 field list reports for name, failing the
// test when list has no row for it.
func listRowIPv4(t *testing.T, env *Env, name string) string {
	t.Helper()
	vars := mustRun(t, env, "list")
	for k, v := range vars {
		if strings.HasSuffix(k, ".NAME") && v == name {
			return vars[strings.TrimSuffix(k, "NAME")+"IPV4"]
		}
	}
	t.Fatalf("list has no row for %s", name)
	return ""
}

// TestLiveIPv4IgnoresLoopbackAndLinkLocal: a guest without a network
// that puts an address on lo (or a link-local one on a link of its own)
// is not "up with an address": wait for=ipv4 times out and info and list
// report no IPv4, as LXD's own IPv4 column does (issue 18, item 10). A
// real address on a veth link of the guest's own namespace still counts.
// Only documentation and private addresses inside the guest's namespace
// are used; no traffic is sent.
func TestLiveIPv4IgnoresLoopbackAndLinkLocal(t *testing.T) {
	env, _, name := runningInstance(t)
	mustRun(t, env, "execute name="+name+" command='ip addr add 10.0.0.1/32 dev lo && "+
		"ip link add v0 type veth && ip addr add 169.254.7.7/16 dev v0 && ip link set v0 up'")

	cmd := "wait name=" + name + " for=ipv4 timeout=1.5"
	vars := wantError(t, env, cmd, RCError, "was not ipv4 within 1.5 seconds", "")
	wantFields(t, cmd, vars, map[string]string{"IPV4": ""})
	vars = mustRun(t, env, "info name="+name)
	wantFields(t, "info", vars, map[string]string{"IPV4": ""})
	if ip := listRowIPv4(t, env, name); ip != "" {
		t.Errorf("list: IPV4 of %s = %q, want none (lo and link-local only)", name, ip)
	}

	mustRun(t, env, "execute name="+name+" command='ip addr add 192.0.2.10/24 dev v0'")
	vars = mustRun(t, env, "wait name="+name+" for=ipv4 timeout=10")
	wantFields(t, "wait for=ipv4", vars, map[string]string{"IPV4": "192.0.2.10"})
	vars = mustRun(t, env, "info name="+name)
	wantFields(t, "info", vars, map[string]string{"IPV4": "192.0.2.10"})
	if ip := listRowIPv4(t, env, name); ip != "192.0.2.10" {
		t.Errorf("list: IPV4 of %s = %q, want 192.0.2.10", name, ip)
	}
}
