package lxd

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// BenchmarkPushTreeVsTarPipe pushes a 200-file / 5 MB tree into 8 running
// instances through rexxlxd's fleet push and, in the same loop, with
// `tar -C DIR -cf - . | lxc exec NAME -- tar -C DST -xf -` into the same 8
// in parallel, rotating which goes first so all see the same load. Arms:
// tarpipe; rexxlxd (a fresh Env, so each instance's tar probe is paid, as
// by a script that pushes once; the archive built once and shared);
// rexxlxd-warm (one Env throughout: probes cached); rexxlxd-rewalk (fresh
// Env, the tree read and archived again for each instance). It reports
// each arm's median in ms, one push through the files API at the end
// (filesapi-once-ms), and the ratio rexxlxd/tarpipe (the target in
// issue 17 is at most 1.5). Each iteration's targets are fresh directories
// and are removed, untimed, afterwards.
func BenchmarkPushTreeVsTarPipe(b *testing.B) {
	if _, err := exec.LookPath("lxc"); err != nil {
		b.Skip("no lxc client for the tar pipe")
	}
	env, c := benchEnv(b)
	ctx := context.Background()
	tree := benchTree(b, 200, 5<<20)
	base := benchBase(b, env, c)
	names := make([]string, 8)
	for i := range names {
		names[i] = benchClone(b, env, c, base)
		benchRun(b, env, "start name="+names[i])
		benchRun(b, env, "execute command=true name="+names[i])
	}
	list := strings.Join(names, ",")
	each := func(f func(name string) error) {
		var wg sync.WaitGroup
		errs := make([]error, len(names))
		for i, n := range names {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = f(n) }()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	guest := func(name, script string) error {
		res, err := c.Exec(ctx, name, lxdapi.ExecRequest{Command: []string{"/bin/sh", "-c", script}})
		if err == nil && res.ExitCode != 0 {
			err = fmt.Errorf("%s in %s: status %d: %s", script, name, res.ExitCode, res.Stderr)
		}
		return err
	}
	warm := New(Config{})
	b.Cleanup(warm.Close)
	rexx := func(e *Env, target string) {
		vars := mustRunB(b, e, fmt.Sprintf("push name=%s source=%s target=%s recursive=true", list, tree, target))
		for i := range names {
			if m := vars[fmt.Sprintf("RESULT.%d.METHOD", i+1)]; m != "tar" {
				b.Fatalf("member %d pushed by %q, not tar", i+1, m)
			}
		}
	}
	arms := []struct {
		name string
		run  func(i int)
	}{
		{"tarpipe", func(i int) {
			each(func(n string) error {
				cmd := exec.Command("sh", "-c", `tar -C "$1" -cf - . | lxc exec "$2" -- tar -C "$3" -xf -`,
					"sh", tree, n, fmt.Sprintf("/root/pipe%d", i))
				if out, err := cmd.CombinedOutput(); err != nil {
					return fmt.Errorf("tar pipe into %s: %v: %s", n, err, out)
				}
				return nil
			})
		}},
		{"rexxlxd", func(i int) {
			e := New(Config{})
			defer e.Close()
			rexx(e, fmt.Sprintf("/root/rx%d", i))
		}},
		{"rexxlxd-warm", func(i int) { rexx(warm, fmt.Sprintf("/root/warm%d", i)) }},
		{"rexxlxd-rewalk", func(i int) {
			keep := maxTarImage
			maxTarImage = 0
			defer func() { maxTarImage = keep }()
			e := New(Config{})
			defer e.Close()
			rexx(e, fmt.Sprintf("/root/rw%d", i))
		}},
	}
	times := make([][]time.Duration, len(arms))
	rexx(warm, "/root/warmup") // the warm Env's probes, untimed
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		each(func(n string) error { return guest(n, fmt.Sprintf("rm -rf /root/* && mkdir /root/pipe%d", i)) })
		b.StartTimer()
		for k := range arms {
			a := (i + k) % len(arms)
			s := time.Now()
			arms[a].run(i)
			times[a] = append(times[a], time.Since(s))
		}
	}
	b.StopTimer()
	// The files API, once (it takes about ten times as long): a fresh Env
	// that looks for tar nowhere.
	each(func(n string) error { return guest(n, "rm -rf /root/*") })
	keep := guestTarPaths
	guestTarPaths = nil
	e := New(Config{})
	s := time.Now()
	vars := mustRunB(b, e, fmt.Sprintf("push name=%s source=%s target=/root/files recursive=true", list, tree))
	files := time.Since(s)
	e.Close()
	guestTarPaths = keep
	if vars["RESULT.1.METHOD"] != "files" {
		b.Fatalf("the files arm used %q", vars["RESULT.1.METHOD"])
	}
	b.ReportMetric(float64(files.Microseconds())/1000, "filesapi-once-ms")
	ms := make([]float64, len(arms))
	for a, arm := range arms {
		ms[a] = float64(median(times[a]).Microseconds()) / 1000
		b.ReportMetric(ms[a], arm.name+"-ms")
	}
	b.ReportMetric(ms[1]/ms[0], "rexxlxd/tarpipe")
	b.ReportMetric(ms[2]/ms[0], "warm/tarpipe")
	b.ReportMetric(ms[3]/ms[0], "rewalk/tarpipe")
}

// mustRunB runs cmd and stops the benchmark unless RC is 0.
func mustRunB(b *testing.B, env *Env, cmd string) mapVars {
	b.Helper()
	rc, vars := run(b, env, cmd)
	if rc != 0 {
		b.Fatalf("%q: RC %d: %s", cmd, rc, vars["RESULT.OUTPUT"])
	}
	return vars
}

// benchTree makes a host tree of files files of random data, size bytes
// in all, ten files to a directory, two levels deep.
func benchTree(b *testing.B, files, size int) string {
	b.Helper()
	root := b.TempDir()
	each := size / files
	for i := 0; i < files; i++ {
		dir := filepath.Join(root, fmt.Sprintf("pkg%02d", i/20), fmt.Sprintf("mod%d", i/10%2))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		data := make([]byte, each)
		rand.Read(data)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("file%03d.dat", i)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return root
}
