package lxd

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestClusterProfilesAndForward: over HTTPS to the test cluster, a
// profile is made, listed and deleted cluster-wide, and a forward on an
// instance of a chosen member listens on that member's host (these
// members share this machine, so its loopback): the check of the host
// port, which is this host's, is left to LXD there.
func TestClusterProfilesAndForward(t *testing.T) {
	env, c, online := clusterEnv(t)
	ctx := context.Background()
	prof := newProfile(t, c)
	mustRun(t, env, fmt.Sprintf("profile_create name=%s config.user.team=ci", prof))
	if p, err := c.GetProfile(ctx, prof); err != nil || p.Config["user.team"] != "ci" {
		t.Fatalf("profile %s on the cluster: %+v, %v", prof, p, err)
	}
	if row := profileRow(mustRun(t, env, "profiles"), prof); row == nil || row["CONFIG"] != "user.team" {
		t.Errorf("profiles on the cluster: row %v", row)
	}

	name := lxdtest.Name(t, "t-cfwd")
	lxdtest.Cleanup(t, c, name)
	member := online[len(online)-1]
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s target=%s profile=default,%s start=true", name, lxdtest.Image(), member, prof))
	mustRun(t, env, "wait name="+name+" for=ready timeout=30")
	token := lxdtest.Name(t, "tok")
	guestWebServer(t, env, name, 8000, token)
	port := freePort(t)
	vars := mustRun(t, env, fmt.Sprintf("forward name=%s port=%d:8000", name, port))
	wantFields(t, "forward on the cluster", vars, map[string]string{"STATUS": "Running", "CHANGED": "1"})
	if out := fetchSoon(t, "127.0.0.1:"+strconv.Itoa(port), "/token.txt"); !strings.Contains(out, token) {
		t.Fatalf("GET through a forward on member %s: %q", member, out)
	}
	vars = mustRun(t, env, "devices name="+name)
	if vars["RESULT.0"] != "2" || vars["RESULT.1.TYPE"] != "proxy" || vars["RESULT.2.NAME"] != "root" {
		t.Errorf("devices on the cluster: %v", vars)
	}
	mustRun(t, env, fmt.Sprintf("remove_device name=%s device=forward-tcp-%d", name, port))

	wantError(t, env, "profile_delete name="+prof, RCError, "is used by "+name, "in use")
	if err := lxdtest.Remove(c, name); err != nil {
		t.Fatal(err)
	}
	mustRun(t, env, "profile_delete name="+prof)
	if _, err := c.GetProfile(ctx, prof); !lxdapi.IsNotFound(err) {
		t.Fatalf("profile %s after profile_delete: %v", prof, err)
	}
}
