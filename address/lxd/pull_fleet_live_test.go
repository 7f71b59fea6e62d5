package lxd

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestLivePullFleet pulls a file and a tree from a pattern of instances:
// each lands under TARGET/NAME/ (TARGET made when missing), with one row
// per instance, which counts that instance's own files.
func TestLivePullFleet(t *testing.T) {
	env, c := liveEnv(t)
	prefix := lxdtest.Name(t, "t-pull-fl")
	a, b := prefix+"-a", prefix+"-b"
	lxdtest.Cleanup(t, c, a)
	lxdtest.Cleanup(t, c, b)
	for _, n := range []string{a, b} {
		mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s", n, lxdtest.Image(), lxdtest.Pool()))
		mustRun(t, env, fmt.Sprintf("push name=%s target=/root/res/deep/f content=%s parents=true", n, n))
	}
	mustRun(t, env, fmt.Sprintf("push name=%s target=/root/res/more content=more", b))
	out := filepath.Join(t.TempDir(), "out")

	vars := mustRun(t, env, fmt.Sprintf("pull name=%s-* source=/root/res/deep/f target=%s", prefix, out))
	wantFields(t, "pull fleet file", vars, map[string]string{"0": "2", "1.NAME": a, "2.NAME": b, "1.SUCCESS": "1",
		"1.TARGET": filepath.Join(out, a, "f"), "2.BYTES": fmt.Sprint(len(b))})
	for _, n := range []string{a, b} {
		if data, err := os.ReadFile(filepath.Join(out, n, "f")); err != nil || string(data) != n {
			t.Errorf("%s/f = %q, %v", n, data, err)
		}
	}

	tree := filepath.Join(t.TempDir(), "tree")
	vars = mustRun(t, env, fmt.Sprintf("pull name=%s,%s source=/root/res target=%s recursive=true", a, b, tree))
	wantFields(t, "pull fleet tree", vars, map[string]string{"0": "2", "1.FILES": "3", "2.FILES": "4", "1.SKIPPED": "0", "2.SKIPPED": "0"})
	for _, n := range []string{a, b} {
		if data, err := os.ReadFile(filepath.Join(tree, n, "deep", "f")); err != nil || string(data) != n {
			t.Errorf("%s/deep/f = %q, %v", n, data, err)
		}
	}
	if fi, err := os.Stat(tree); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("%s: %v, %v; want a 0755 directory", tree, fi, err)
	}

	// Running, each instance streams its own archive; the rows are the
	// same, and a second pull into the same directories merges.
	mustRun(t, env, fmt.Sprintf("start name=%s-*", prefix))
	vars = mustRun(t, env, fmt.Sprintf("pull name=%s-* source=/root/res target=%s recursive=true", prefix, tree))
	wantFields(t, "pull fleet by tar", vars, map[string]string{"0": "2", "1.METHOD": "tar", "2.METHOD": "tar",
		"1.FILES": "3", "2.FILES": "4", "2.BYTES": fmt.Sprint(len(b) + 4), "1.TARGET": filepath.Join(tree, a)})
	if data, err := os.ReadFile(filepath.Join(tree, b, "more")); err != nil || string(data) != "more" {
		t.Errorf("%s/more = %q, %v", b, data, err)
	}
}

// TestLivePushParents: parents=true makes the missing guest directories
// above target=, as lxc file push -p; without it a missing parent is RC 1.
func TestLivePushParents(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, false)
	wantError(t, env, fmt.Sprintf("push name=%s target=/root/a/b/c content=x", name), RCError, "no file /root/a/b in", "")
	mustRun(t, env, fmt.Sprintf("push name=%s target=/root/a/b/c content=x parents=true uid=7", name))
	wantFields(t, "pull parent", mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/a/b/c", name)), map[string]string{"CONTENT": "x", "UID": "7"})
	src := filepath.Join(t.TempDir(), "src")
	os.MkdirAll(filepath.Join(src, "s"), 0o755)
	os.WriteFile(filepath.Join(src, "s", "f"), []byte("yy"), 0o644)
	vars := mustRun(t, env, fmt.Sprintf("push name=%s source=%s target=/srv/x/y recursive=true parents=true", name, src))
	wantFields(t, "push tree parents", vars, map[string]string{"FILES": "3", "BYTES": "2"})
	wantFields(t, "pull", mustRun(t, env, fmt.Sprintf("pull name=%s source=/srv/x/y/s/f", name)), map[string]string{"CONTENT": "yy"})
}
