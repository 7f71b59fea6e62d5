package lxd

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// readFile returns a host file's content, failing the test if it is
// missing.
func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return string(b)
}

// noTemps fails the test if dir holds a temporary output file.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, ".rexxlxd-out-*"))
	if len(m) > 0 {
		t.Errorf("temporary files left in %s: %v", dir, m)
	}
}

// TestLiveExecuteOutputFiles checks execute stdout= and stderr= against
// the real daemon: {name} is the instance, over a fleet each instance its
// own file (parents made, both streams in one file when both keys name
// it), maxoutput= bounds the file, a timeout keeps what was printed, a
// command that never ran leaves no file, and the host rules hold: a
// symlink at the file, a symlinked {name} directory or a directory link
// owned by another user is refused before the command runs.
func TestLiveExecuteOutputFiles(t *testing.T) {
	env, c := liveEnv(t)
	pre := lxdtest.Name(t, "rxo")
	base, p := pre+"-base", pre+"-w"
	n1, n2 := p+"-1", p+"-2"
	for _, n := range []string{base, n1, n2} {
		lxdtest.Cleanup(t, c, n)
	}
	mustRun(t, env, fmt.Sprintf("register_base name=%s image=%s storage=%s", base, lxdtest.Image(), lxdtest.Pool()))
	mustRun(t, env, fmt.Sprintf("clone_from_base base=%s name=%s count=2 start=true wait=ready", base, p))
	dir := t.TempDir()

	// One instance, one file per stream; RC is still the exit status.
	cmd := fmt.Sprintf("execute name=%s command='echo out-$(hostname); echo err >&2; exit 3' stdout=%s/{name}.out stderr=%s/{name}.err", n1, dir, dir)
	rc, vars := run(t, env, cmd)
	if rc != 3 {
		t.Errorf("%q: RC %d, want 3", cmd, rc)
	}
	out, errf := filepath.Join(dir, n1+".out"), filepath.Join(dir, n1+".err")
	wantFields(t, cmd, vars, map[string]string{"STDOUTFILE": out, "STDERRFILE": errf, "STDOUT": "out-" + n1, "EXITCODE": "3"})
	if got := readFile(t, out); got != "out-"+n1+"\n" {
		t.Errorf("%s: %q", out, got)
	}
	if got := readFile(t, errf); got != "err\n" {
		t.Errorf("%s: %q", errf, got)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %v (%v), want 0600", out, fi.Mode(), err)
	}

	// A fleet: each instance its own file under a directory made for it;
	// both streams in one file.
	cmd = fmt.Sprintf("execute name=%s-* command='echo a; echo b >&2' stdout=%s/logs/{name}/all stderr=%s/logs/{name}/all", p, dir, dir)
	vars = mustRun(t, env, cmd)
	for i, n := range []string{n1, n2} {
		f := filepath.Join(dir, "logs", n, "all")
		if got := readFile(t, f); got != "a\nb\n" && got != "b\na\n" {
			t.Errorf("%s: %q", f, got)
		}
		if vars[fmt.Sprintf("RESULT.%d.STDOUTFILE", i+1)] != f {
			t.Errorf("%q: row %d STDOUTFILE %q", cmd, i+1, vars[fmt.Sprintf("RESULT.%d.STDOUTFILE", i+1)])
		}
		noTemps(t, filepath.Dir(f))
	}

	// Over a fleet the file must hold {name}: one usage error for the
	// whole command, before anything runs.
	vars = wantError(t, env, fmt.Sprintf("execute name=%s-* command='touch /root/ran' stdout=%s/one.log", p, dir), RCUsage, "execute: stdout="+dir+"/one.log names one file for every instance of the fleet; put {name} in it", "one file for every instance")
	if _, isList := vars["RESULT.0"]; isList {
		t.Errorf("a list result for a usage error of the whole command")
	}
	if _, err := os.Stat(filepath.Join(dir, "one.log")); err == nil {
		t.Errorf("one.log was written")
	}

	// maxoutput= bounds the file as it bounds RESULT.
	cmd = fmt.Sprintf("execute name=%s command='yes | head -c 1000' maxoutput=10 stdout=%s/{name}.big", n1, dir)
	vars = mustRun(t, env, cmd)
	if got := readFile(t, filepath.Join(dir, n1+".big")); len(got) != 10 || vars["RESULT.TRUNCATED"] != "1" || vars["RESULT.STDOUTBYTES"] != "1000" {
		t.Errorf("%q: file %d bytes, TRUNCATED %q, STDOUTBYTES %q", cmd, len(got), vars["RESULT.TRUNCATED"], vars["RESULT.STDOUTBYTES"])
	}

	// A timeout keeps what was printed until then.
	cmd = fmt.Sprintf("execute name=%s command='echo started; exec sleep 60' timeout=1 stdout=%s/{name}.slow", n1, dir)
	wantError(t, env, cmd, RCExecTimeout, "timeout=1", "killed")
	if got := readFile(t, filepath.Join(dir, n1+".slow")); got != "started\n" {
		t.Errorf("%q: file %q", cmd, got)
	}

	// Host rules: nothing runs, nothing is written through a link.
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(dir, n1+".link")); err != nil {
		t.Fatal(err)
	}
	wantError(t, env, fmt.Sprintf("execute name=%s command='touch /root/ran' stdout=%s/{name}.link", n1, dir), RCError, "is a symbolic link; not writing through or over it", "symbolic link")
	if err := os.Symlink(dir, filepath.Join(dir, "logs", "byname-"+n1)); err != nil {
		t.Fatal(err)
	}
	wantError(t, env, fmt.Sprintf("execute name=%s command='touch /root/ran' stdout=%s/logs/byname-{name}/x", n1, dir), RCError, "a directory named after the instance must be a directory of its own", "symbolic link")
	planted := filepath.Join(dir, "planted")
	if err := os.Symlink(dir, planted); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(planted, 12345, 12345); err != nil {
		t.Skipf("cannot give a link to another user here: %v", err)
	}
	wantError(t, env, fmt.Sprintf("execute name=%s command='touch /root/ran' stdout=%s/planted/{name}.x", n1, dir), RCError, "owned by uid 12345, neither you nor root", "not following it")
	if got := readFile(t, victim); got != "keep" {
		t.Errorf("the link's target was written: %q", got)
	}
	if rc, _ := run(t, env, "execute name="+n1+" command='test -e /root/ran'"); rc != 1 {
		t.Errorf("a refused execute ran its command (test -e /root/ran: RC %d)", rc)
	}

	// A command that never ran (a stopped instance) leaves no file.
	mustRun(t, env, "stop name="+n2+" force=true")
	cmd = fmt.Sprintf("execute name=%s command=true stdout=%s/{name}.never", n2, dir)
	wantError(t, env, cmd, RCError, "not running", "not running")
	if _, err := os.Stat(filepath.Join(dir, n2+".never")); err == nil {
		t.Errorf("%q left a file", cmd)
	}
	noTemps(t, dir)
}
