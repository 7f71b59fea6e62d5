package lxdtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// ClusterEnv names the environment variable with the lxc remote of the
// test cluster that scripts/lxd-cluster.sh makes; CI sets it.
const ClusterEnv = "REXXLXD_TEST_CLUSTER"

// ClusterRemote returns the test cluster's remote name: $REXXLXD_TEST_CLUSTER,
// default "cluster".
func ClusterRemote() string { return envOr(ClusterEnv, "cluster") }

// Cluster returns the test cluster's remote name and a client for it (through
// the lxc configuration, over HTTPS). When the remote is missing, does not
// answer, does not trust us or is no cluster, the test is skipped with a
// message saying so, or fails if REXXLXD_REQUIRE_LXD=1.
func Cluster(t testing.TB) (string, *lxdapi.Client) {
	t.Helper()
	name := ClusterRemote()
	c, err := clusterClient(name)
	if err != nil {
		Need(t, fmt.Sprintf("test cluster (lxc remote %q) not usable: %v; run scripts/lxd-cluster.sh up", name, err))
	}
	t.Cleanup(c.Close)
	return name, c
}

// clusterProbeTimeout bounds the check that the cluster answers.
const clusterProbeTimeout = 30 * time.Second

// ProbeCluster checks the test cluster as Cluster does, for tests that
// decide themselves what to do without it; the error says what is wrong.
func ProbeCluster() error {
	name := ClusterRemote()
	c, err := clusterClient(name)
	if err != nil {
		return fmt.Errorf("test cluster (lxc remote %q) not usable: %v; run scripts/lxd-cluster.sh up", name, err)
	}
	c.Close()
	return nil
}

func clusterClient(name string) (*lxdapi.Client, error) {
	cfg, err := lxdapi.LoadConfig()
	if err != nil {
		return nil, err
	}
	c, err := cfg.Connect(name, nil)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), clusterProbeTimeout)
	defer cancel()
	s, err := c.GetServer(ctx)
	switch {
	case err != nil:
		return nil, err
	case s.Auth != "trusted":
		return nil, fmt.Errorf("the server does not trust the client certificate")
	case !s.Environment.ServerClustered:
		return nil, fmt.Errorf("%s is no cluster", c.Addr())
	}
	return c, nil
}

// WaitAllOnline waits until every member of the cluster has been reported
// Online on three reads in a row, half a second apart, and fails the test
// if that has not happened within a minute. A restarted member answers at
// once but is reported Offline until a heartbeat round reaches it; a test
// that counts where work lands needs the whole cluster first.
func WaitAllOnline(t testing.TB, c *lxdapi.Client) []string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	streak := 0
	for {
		members, err := c.ListClusterMembers(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var names, notOnline []string
		for _, m := range members {
			names = append(names, m.ServerName)
			if m.Status != "Online" {
				notOnline = append(notOnline, m.ServerName+": "+m.Status+" ("+m.Message+")")
			}
		}
		if len(notOnline) == 0 {
			if streak++; streak == 3 {
				return names
			}
		} else {
			streak = 0
			if time.Now().After(deadline) {
				t.Fatalf("cluster members not online after a minute: %v", notOnline)
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
}
