package lxd

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// pushTestTree makes a host tree with what a push must carry: nested and
// empty directories with their own modes, an executable, a binary file, a
// file whose name needs a PAX header, odd characters in names, and
// relative, absolute and dangling symlinks. It returns the tree's root,
// its entry count (root included) and its file bytes.
func pushTestTree(t *testing.T) (root string, files, size int) {
	t.Helper()
	root = filepath.Join(t.TempDir(), "tree")
	dirs := map[string]os.FileMode{"": 0o755, "a": 0o750, "a/b": 0o700, "a/empty": 0o711, "c d": 0o755}
	for _, d := range []string{"", "a", "a/b", "a/empty", "c d"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	long := strings.Repeat("n", 130) + ".txt"
	fileData := map[string]struct {
		data []byte
		mode os.FileMode
	}{
		"top.sh":         {[]byte("#!/bin/sh\necho hi\n"), 0o755},
		"a/b/deep.txt":   {bytes.Repeat([]byte("deep "), 20000), 0o600},
		"a/bin.dat":      {[]byte{0, 1, 2, 255, 254, '\n', 0}, 0o640},
		"c d/é x.txt":    {[]byte("unicode"), 0o644},
		"a/" + long:      {[]byte("long"), 0o604},
		"a/b/empty-file": {nil, 0o444},
	}
	for rel, f := range fileData {
		if err := os.WriteFile(filepath.Join(root, rel), f.data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(root, rel), f.mode); err != nil {
			t.Fatal(err)
		}
		size += len(f.data)
	}
	links := map[string]string{"rel-link": "a/b/deep.txt", "abs-link": "/etc/passwd", "a/dangling": "../nowhere"}
	for rel, to := range links {
		if err := os.Symlink(to, filepath.Join(root, rel)); err != nil {
			t.Fatal(err)
		}
	}
	// Directory modes last: 0700 and 0711 would keep the files out.
	for d, m := range dirs {
		if err := os.Chmod(filepath.Join(root, d), m); err != nil {
			t.Fatal(err)
		}
	}
	return root, len(dirs) + len(fileData) + len(links), size
}

// guestTree describes the guest tree at root as LXD's files API reports
// it: one line per entry below root (and root itself as "."), with type,
// mode, owner and a digest of the content or the link target.
func guestTree(t *testing.T, c *lxdapi.Client, name, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(rel string)
	walk = func(rel string) {
		p := path.Join(root, rel)
		body, info, err := c.GetFile(context.Background(), name, p)
		if err != nil {
			t.Fatalf("reading %s in %s: %v", p, name, err)
		}
		desc := fmt.Sprintf("%s %04o %d:%d", info.Type, info.Mode, info.UID, info.GID)
		if body != nil {
			data, err := io.ReadAll(body)
			body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if info.Type == "symlink" {
				// LXD reports link targets made absolute; show them
				// relative to the root so two roots compare.
				desc = fmt.Sprintf("symlink -> %s", strings.Replace(string(data), root+"/", "ROOT/", 1))
			} else {
				desc += fmt.Sprintf(" %x", sha256.Sum256(data))
			}
		}
		out[rel] = desc
		for _, e := range info.Entries {
			walk(path.Join(rel, e))
		}
	}
	walk(".")
	return out
}

// sameTree fails the test unless two guest trees are equal.
func sameTree(t *testing.T, what string, a, b map[string]string) {
	t.Helper()
	for k, v := range a {
		if b[k] != v {
			t.Errorf("%s: %s is %q on one side, %q on the other", what, k, v, b[k])
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			t.Errorf("%s: %s (%q) only on one side", what, k, v)
		}
	}
}

// startedInstance makes a running busybox instance whose init is ready,
// deleted when the test ends; script, if not "", is run in it by sh.
func startedInstance(t *testing.T, env *Env, c *lxdapi.Client, script string) string {
	t.Helper()
	name := liveInstance(t, env, c, true)
	lxdtest.WaitInit(t, c, name)
	if script != "" {
		guestSh(t, c, name, script)
	}
	return name
}

// guestSh runs a shell script in the guest and fails the test unless it
// exits 0.
func guestSh(t *testing.T, c *lxdapi.Client, name, script string) string {
	t.Helper()
	res, err := c.Exec(context.Background(), name, lxdapi.ExecRequest{Command: []string{"/bin/sh", "-c", script}})
	if err != nil || res.ExitCode != 0 {
		t.Fatalf("%s in %s: %v %+v", script, name, err, res)
	}
	return string(res.Stdout)
}

// noTar removes the busybox image's only tar.
const noTar = "rm /bin/tar"

// lyingTar replaces tar by one that reads its input and claims success
// without extracting anything.
const lyingTar = "rm /bin/tar && printf '#!/bin/sh\\ncat >/dev/null\\nexit 0\\n' >/bin/tar && chmod 755 /bin/tar"

// TestLiveTarPushMatchesFilesAPI pushes one tree into a guest with tar and
// into guests without a usable one (none, and one that lies about its
// success), fresh and into an existing directory, and wants the same
// RESULT and the same guest tree from both methods.
func TestLiveTarPushMatchesFilesAPI(t *testing.T) {
	env, c := liveEnv(t)
	tree, files, size := pushTestTree(t)
	withTar := startedInstance(t, env, c, "")
	without := startedInstance(t, env, c, noTar)
	lying := startedInstance(t, env, c, lyingTar)
	methods := map[string]string{withTar: "tar", without: "files", lying: "files"}

	// An existing target directory with a mode and owner of its own and a
	// file of its own, in all three.
	for name := range methods {
		guestSh(t, c, name, "mkdir -p /root/merge/a && chmod 0701 /root/merge && chown 7:8 /root/merge/a && chmod 0755 /root/merge/a && echo keep >/root/merge/keep && chmod 0644 /root/merge/keep")
	}
	cases := []struct{ target, opts string }{
		{"/root/fresh", ""},
		{"/root/owned", "uid=1000 gid=1001"},
		{"/root/moded", "mode=0640 uid=5"},
		{"/root/setid", "mode=6755"},
		{"/root/merge", ""},
	}
	for _, tc := range cases {
		trees := map[string]map[string]string{}
		for name, method := range methods {
			cmd := fmt.Sprintf("push name=%s source=%s target=%s recursive=true %s", name, tree, tc.target, tc.opts)
			vars := mustRun(t, env, cmd)
			wantFields(t, cmd, vars, map[string]string{"METHOD": method, "FILES": fmt.Sprint(files),
				"BYTES": fmt.Sprint(size), "CHANGED": "1"})
			trees[name] = guestTree(t, c, name, tc.target)
		}
		if tc.target == "/root/setid" {
			// The files API reports permission bits only: ask the guest.
			// LXD drops setuid and setgid bits; so does the archive.
			for name, method := range methods {
				if got := guestSh(t, c, name, "stat -c %a /root/setid/top.sh /root/setid/a"); got != "755\n755\n" {
					t.Errorf("mode=6755 by %s gave modes %q", method, got)
				}
			}
		}
		if ls := guestSh(t, c, withTar, "ls -a /"); strings.Contains(ls, "rexxlxd-tar-probe") {
			t.Errorf("the tar probe left its directory behind: %q", ls)
		}
		sameTree(t, tc.target+" tar against files API", trees[withTar], trees[without])
		sameTree(t, tc.target+" tar against a lying tar", trees[withTar], trees[lying])
		got := trees[withTar]
		long := "a/" + strings.Repeat("n", 130) + ".txt"
		want := map[string]string{
			"a/b":        "directory 0700 0:0",
			"a/empty":    "directory 0711 0:0",
			"top.sh":     "file 0755 0:0",
			long:         "file 0604 0:0",
			"rel-link":   "symlink -> a/b/deep.txt",
			"abs-link":   "symlink -> /etc/passwd",
			"a/dangling": "symlink -> ../nowhere",
		}
		switch tc.target {
		case "/root/owned":
			for rel, w := range want {
				want[rel] = strings.Replace(w, " 0:0", " 1000:1001", 1)
			}
		case "/root/moded":
			for rel, w := range want {
				if !strings.HasPrefix(w, "symlink") {
					want[rel] = w[:strings.IndexByte(w, ' ')] + " 0640 5:0"
				}
			}
		case "/root/setid":
			// LXD reports only the permission bits.
			for rel, w := range want {
				if !strings.HasPrefix(w, "symlink") {
					want[rel] = w[:strings.IndexByte(w, ' ')] + " 0755 0:0"
				}
			}
		case "/root/merge":
			// Existing directories keep their own mode and owner.
			want["."], want["a"], want["keep"] = "directory 0701 0:0", "directory 0755 7:8", "file 0644 0:0"
		}
		for rel, w := range want {
			// LXD makes a relative link target absolute in the guest.
			w = strings.Replace(w, "-> a/", "-> "+tc.target+"/a/", 1)
			w = strings.Replace(w, "-> ../", "-> "+tc.target+"/", 1)
			if g := got[rel]; !strings.HasPrefix(strings.Replace(g, "ROOT/", tc.target+"/", 1), w) {
				t.Errorf("%s/%s = %q, want %q", tc.target, rel, g, w)
			}
		}
	}
}

// TestLiveTarPushPlantedSymlinks: a guest that planted symlinks to /etc
// where the pushed tree has a directory (target itself, or below it) gets
// RC 1 and nothing written outside target; a symlink where the tree has a
// file is replaced by the file, not written through.
func TestLiveTarPushPlantedSymlinks(t *testing.T) {
	env, c := liveEnv(t)
	name := startedInstance(t, env, c, "mkdir /root/p && ln -s /etc /root/p/sub && ln -s /etc /root/q && ln -s /etc/hosts /root/p/f")
	hostsBefore := guestTree(t, c, name, "/etc/hosts")["."]
	etcBefore := guestTree(t, c, name, "/etc")["."]

	tree := filepath.Join(t.TempDir(), "tree")
	if err := os.MkdirAll(filepath.Join(tree, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"sub/planted", "f"} {
		if err := os.WriteFile(filepath.Join(tree, f), []byte("from the host\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	unharmed := func(when string) {
		t.Helper()
		got := guestTree(t, c, name, "/etc")
		if _, ok := got["planted"]; ok {
			t.Errorf("%s: /etc/planted was written through the guest's symlink", when)
		}
		if got["."] != etcBefore {
			t.Errorf("%s: /etc changed from %q to %q", when, etcBefore, got["."])
		}
		if h := got["hosts"]; h != hostsBefore {
			t.Errorf("%s: /etc/hosts changed from %q to %q", when, hostsBefore, h)
		}
	}
	vars := wantError(t, env, fmt.Sprintf("push name=%s source=%s target=/root/p recursive=true", name, tree), RCError,
		"/root/p/sub in "+name+" is a symlink", "")
	wantFields(t, "push over /root/p/sub -> /etc", vars, map[string]string{"METHOD": "tar"})
	unharmed("push over /root/p/sub -> /etc")
	wantError(t, env, fmt.Sprintf("push name=%s source=%s target=/root/q recursive=true", name, tree), RCError,
		"/root/q in "+name+" is a symlink", "")
	unharmed("push to /root/q -> /etc")

	// Without the directory, the file lands in place of the link to
	// /etc/hosts.
	if err := os.RemoveAll(filepath.Join(tree, "sub")); err != nil {
		t.Fatal(err)
	}
	vars = mustRun(t, env, fmt.Sprintf("push name=%s source=%s target=/root/p recursive=true", name, tree))
	wantFields(t, "push over /root/p/f -> /etc/hosts", vars, map[string]string{"METHOD": "tar", "FILES": "2"})
	unharmed("push over /root/p/f -> /etc/hosts")
	if got := guestTree(t, c, name, "/root/p/f")["."]; !strings.HasPrefix(got, "file 0600 0:0") {
		t.Errorf("/root/p/f = %q, want the pushed file", got)
	}
}

// TestLiveTarPushFleet pushes one tree into a list of instances, one of
// them without tar: each gets the same tree, by the method it can.
func TestLiveTarPushFleet(t *testing.T) {
	env, c := liveEnv(t)
	tree, files, size := pushTestTree(t)
	names := []string{startedInstance(t, env, c, ""), startedInstance(t, env, c, noTar), startedInstance(t, env, c, "")}
	cmd := fmt.Sprintf("push name=%s source=%s target=/root/app recursive=true parallel=2", strings.Join(names, ","), tree)
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"0": "3",
		"1.METHOD": "tar", "2.METHOD": "files", "3.METHOD": "tar",
		"1.FILES": fmt.Sprint(files), "2.FILES": fmt.Sprint(files), "3.FILES": fmt.Sprint(files),
		"1.BYTES": fmt.Sprint(size), "3.BYTES": fmt.Sprint(size)})
	first := guestTree(t, c, names[0], "/root/app")
	for _, n := range names[1:] {
		sameTree(t, names[0]+" and "+n, first, guestTree(t, c, n, "/root/app"))
	}
}

// TestLiveTarPushGuestChanges: the probe's answer follows the instance. A
// tar removed after the probe sends the push to the files API; an
// instance deleted and made again under the same name is probed afresh
// (here its new tar lies, so trusting the old answer would lose the tree).
func TestLiveTarPushGuestChanges(t *testing.T) {
	env, c := liveEnv(t)
	tree, files, _ := pushTestTree(t)
	name := startedInstance(t, env, c, "")
	push := func(target, method string) {
		t.Helper()
		cmd := fmt.Sprintf("push name=%s source=%s target=%s recursive=true", name, tree, target)
		vars := mustRun(t, env, cmd)
		wantFields(t, cmd, vars, map[string]string{"METHOD": method, "FILES": fmt.Sprint(files)})
		if got := guestTree(t, c, name, target); len(got) != files {
			t.Errorf("%s: %d entries in the guest, want %d", cmd, len(got), files)
		}
	}
	push("/root/one", "tar")
	// Owners beyond a ustar header: busybox tar ignores PAX uid and gid
	// records (it gives 0:0), so the files API does it.
	cmd := fmt.Sprintf("push name=%s source=%s target=/root/big recursive=true uid=3000000 gid=3000001", name, tree)
	wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"METHOD": "files"})
	if got := guestTree(t, c, name, "/root/big")["top.sh"]; !strings.HasPrefix(got, "file 0755 3000000:3000001") {
		t.Errorf("%s: top.sh is %q", cmd, got)
	}
	guestSh(t, c, name, noTar)
	push("/root/two", "files")
	push("/root/three", "files")

	mustRun(t, env, "delete name="+name)
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s start=true", name, lxdtest.Image(), lxdtest.Pool()))
	lxdtest.WaitInit(t, c, name)
	push("/root/four", "tar")
	mustRun(t, env, "delete name="+name)
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s start=true", name, lxdtest.Image(), lxdtest.Pool()))
	lxdtest.WaitInit(t, c, name)
	guestSh(t, c, name, lyingTar)
	push("/root/five", "files")
}

// TestLiveTarPushErrors: a failing guest tar is RC 1 with its stderr,
// bounded and with control characters escaped.
func TestLiveTarPushErrors(t *testing.T) {
	env, c := liveEnv(t)
	tree, _, _ := pushTestTree(t)
	name := startedInstance(t, env, c, "mkdir -p /root/e/top.sh/inside")
	wantError(t, env, fmt.Sprintf("push name=%s source=%s target=/root/e recursive=true", name, tree), RCError,
		"the guest's tar (/bin/tar) exited with status 1: tar: can't remove old file top.sh", "")
	// A missing parent is the files API's error, as before.
	vars := wantError(t, env, fmt.Sprintf("push name=%s source=%s target=/nodir/x recursive=true", name, tree), RCError,
		"no file /nodir in "+name, "Not Found")
	wantFields(t, "push to /nodir/x", vars, map[string]string{"FILES": "0", "BYTES": "0", "CHANGED": "0"})

	// A tar that passes the probe (extracting into /) but floods stderr
	// with NULs and escapes for any other target.
	flood := startedInstance(t, env, c, `rm /bin/tar && printf '#!/bin/sh\ncase "$*" in *"-C /") exec /bin/busybox tar "$@";; esac\ncat >/dev/null\nprintf "\\033]52;c;x\\007" >&2\nhead -c 1000000 /dev/zero >&2\nexit 2\n' >/bin/tar && chmod 755 /bin/tar`)
	vars = wantError(t, env, fmt.Sprintf("push name=%s source=%s target=/root/f recursive=true", flood, tree), RCError,
		`exited with status 2: \x1b]52;c;x\a\x00\x00`, "")
	if out := vars["RESULT.OUTPUT"]; len(out) > 4*maxTarStderr+500 || !strings.HasSuffix(out, "[cut]") || strings.ContainsAny(out, "\x00\x1b") {
		t.Errorf("OUTPUT is %d bytes, ends %q: want it bounded, escaped and marked as cut", len(out), out[max(0, len(out)-20):])
	}
}

// TestLiveTarPushPlantedFIFO: a guest FIFO where the pushed tree has a
// directory. Reading it to see what is there must not open it (LXD's file
// server would block on it and the instance could then not be stopped):
// the push is refused with RC 1 naming it, within a few seconds, and the
// instance still stops.
func TestLiveTarPushPlantedFIFO(t *testing.T) {
	env, c := liveEnv(t)
	name := startedInstance(t, env, c, "mkdir /root/p && mkfifo /root/p/sub")
	tree := filepath.Join(t.TempDir(), "tree")
	if err := os.MkdirAll(filepath.Join(tree, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tree, "sub", "f"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		wantError(t, env, fmt.Sprintf("push name=%s source=%s target=/root/p recursive=true", name, tree), RCError,
			"/root/p/sub in "+name+" is a FIFO", "")
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		// Free LXD's file server (a writer completes its open) so that
		// the clean-up can stop and delete the instance.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		c.Exec(ctx, name, lxdapi.ExecRequest{Command: []string{"/bin/sh", "-c", "echo > /root/p/sub"}})
		<-done
		t.Fatal("push over a guest FIFO did not end within 60 s")
	}
	mustRun(t, env, "stop name="+name+" force=true timeout=20")
}
