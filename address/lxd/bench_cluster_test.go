package lxd

// Cluster benchmarks against the real three-member cluster of
// scripts/lxd-cluster.sh (over HTTPS) and the standalone daemon:
//
//	go test ./address/lxd/ -run '^$' -bench Cluster -benchtime 10x
//
// Each iteration runs every variant once, alternating which goes first,
// so all see the same load; the medians are reported per variant (the
// ns/op figure is the sum and means little). Removing instances is not
// timed.

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// timed runs cmd on env and returns its wall time; it stops the benchmark
// unless RC is 0.
func timed(b *testing.B, env *Env, cmd string) time.Duration {
	b.Helper()
	t0 := time.Now()
	benchRun(b, env, cmd)
	return time.Since(t0)
}

// clusterBase registers a started-once base on member m of the cluster.
func clusterBase(b *testing.B, env *Env, c *lxdapi.Client, m string) string {
	b.Helper()
	base := newName(b, c, "rxcb")
	benchRun(b, env, fmt.Sprintf("create name=%s image=%s start=true target=%s", base, lxdtest.Image(), m))
	benchRun(b, env, "execute command=true name="+base)
	benchRun(b, env, "register_base name="+base)
	return base
}

func reportMedians(b *testing.B, ds map[string][]time.Duration) {
	for k, v := range ds {
		b.ReportMetric(float64(median(v).Microseconds())/1000, k+"-ms")
	}
}

// BenchmarkClusterClone: clone_from_base of a base on m1 onto m1 itself
// (a copy-on-write snapshot in m1's pool) and onto m2 (LXD migrates the
// base's filesystem over HTTPS into m2's pool).
func BenchmarkClusterClone(b *testing.B) {
	remote, c := lxdtest.Cluster(b)
	env := New(Config{Remote: remote})
	b.Cleanup(env.Close)
	base := clusterBase(b, env, c, "m1")
	ds := map[string][]time.Duration{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		order := []string{"m1", "m2"}
		if i%2 == 1 {
			slices.Reverse(order)
		}
		for _, m := range order {
			b.StopTimer()
			name := newName(b, c, "rxcc")
			b.StartTimer()
			d := timed(b, env, fmt.Sprintf("clone_from_base base=%s name=%s target=%s", base, name, m))
			b.StopTimer()
			key := "same-member"
			if m != "m1" {
				key = "across-members"
			}
			ds[key] = append(ds[key], d)
			benchRemove(b, c, name)
			b.StartTimer()
		}
	}
	b.StopTimer()
	reportMedians(b, ds)
}

// BenchmarkClusterFleet: clone_from_base count=10 start=true on the
// cluster (spread over its members) and on the standalone daemon.
func BenchmarkClusterFleet(b *testing.B) {
	remote, cc := lxdtest.Cluster(b)
	lc := lxdtest.Connect(b)
	cluster := New(Config{Remote: remote})
	local := New(Config{})
	b.Cleanup(cluster.Close)
	b.Cleanup(local.Close)
	type side struct {
		key  string
		env  *Env
		c    *lxdapi.Client
		base string
	}
	sides := []side{
		{"cluster", cluster, cc, clusterBase(b, cluster, cc, "m1")},
		{"standalone", local, lc, benchBase(b, local, lc)},
	}
	ds := map[string][]time.Duration{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		order := slices.Clone(sides)
		if i%2 == 1 {
			slices.Reverse(order)
		}
		for _, s := range order {
			b.StopTimer()
			prefix := lxdtest.Name(b, "rxcf")
			var names []string
			for j := 1; j <= 10; j++ {
				names = append(names, fmt.Sprintf("%s-%d", prefix, j))
				lxdtest.Cleanup(b, s.c, names[j-1])
			}
			b.StartTimer()
			d := timed(b, s.env, fmt.Sprintf("clone_from_base base=%s name=%s count=10 start=true", s.base, prefix))
			b.StopTimer()
			ds[s.key] = append(ds[s.key], d)
			for _, n := range names {
				benchRemove(b, s.c, n)
			}
			b.StartTimer()
		}
	}
	b.StopTimer()
	reportMedians(b, ds)
}
