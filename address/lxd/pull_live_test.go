package lxd

import (
	"archive/tar"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// hostileGuest starts a busybox instance for the test and returns its
// name and a function that runs a shell command in it as root (the guest
// preparing its attack).
func hostileGuest(t *testing.T, env *Env) (string, func(string)) {
	t.Helper()
	_, c := liveEnv(t)
	name := liveInstance(t, env, c, true)
	return name, func(cmd string) {
		t.Helper()
		mustRun(t, env, fmt.Sprintf("execute name=%s command=%s", name, rexxQuote(cmd)))
	}
}

// rexxQuote quotes s for a command line of ADDRESS LXD.
func rexxQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// insideTree fails the test unless every symlink under root resolves to a
// path inside root.
func insideTree(t *testing.T, root string) {
	t.Helper()
	filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return nil
		}
		l, _ := os.Readlink(p)
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			real = filepath.Join(filepath.Dir(p), l)
		}
		if real != root && !strings.HasPrefix(real, root+"/") {
			t.Errorf("pulled link %s -> %s leads outside the target, to %s", p, l, real)
		}
		return nil
	})
}

// TestLivePullLinksStayInside: a guest that plants links to host paths
// (/etc/shadow, ../../../, its own directories outside the pulled tree)
// cannot make pull create a host link that leads out of target=: a
// single-file pull of a link is refused, naming the link's target; a
// recursive pull keeps only links into the copied tree (made relative)
// and reports the rest in RESULT.SKIPPED.
func TestLivePullLinksStayInside(t *testing.T) {
	env, _ := liveEnv(t)
	name, guest := hostileGuest(t, env)
	guest("mkdir -p /root/t/sub && echo x > /root/t/top.txt && ln -sf /etc/shadow /root/report.txt && " +
		"ln -s /etc/shadow /root/t/shadow && ln -s ../../../../../ /root/t/up && ln -s /root /root/t/parent && " +
		"ln -s /root/t/top.txt /root/t/abs-in && ln -s ../top.txt /root/t/sub/rel-in && ln -s .. /root/t/sub/root-in")
	out := t.TempDir()

	wantError(t, env, fmt.Sprintf("pull name=%s source=/root/report.txt target=%s", name, out), RCError, "/etc/shadow", "symlink")
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused single-file pull left %v in %s", entries, out)
	}

	back := filepath.Join(out, "back")
	vars := mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true", name, back))
	wantFields(t, "pull recursive", vars, map[string]string{"SKIPPED": "3", "FILES": "6"})
	var skipped []string
	for i := 1; i <= 3; i++ {
		skipped = append(skipped, vars[fmt.Sprintf("RESULT.SKIPPED.%d", i)])
	}
	// The files API reports link targets resolved in the guest (up: /),
	// a guest's tar as they are (up: ../../../../../).
	for _, want := range []string{"/root/t/shadow: a symlink to /etc/shadow", "/root/t/up: a symlink to ", "/root/t/parent: a symlink to /root,"} {
		found := false
		for _, s := range skipped {
			found = found || strings.HasPrefix(s, want)
		}
		if !found {
			t.Errorf("RESULT.SKIPPED.i = %q, want one starting %q", skipped, want)
		}
	}
	for link, want := range map[string]string{"abs-in": "top.txt", "sub/rel-in": "../top.txt", "sub/root-in": ".."} {
		if l, err := os.Readlink(filepath.Join(back, link)); err != nil || l != want {
			t.Errorf("link %s = %q, %v; want %q", link, l, err, want)
		}
	}
	if data, err := os.ReadFile(filepath.Join(back, "sub/rel-in")); err != nil || string(data) != "x\n" {
		t.Errorf("sub/rel-in reads %q, %v", data, err)
	}
	for _, gone := range []string{"shadow", "up", "parent"} {
		if _, err := os.Lstat(filepath.Join(back, gone)); err == nil {
			t.Errorf("%s was written on the host", gone)
		}
	}
	insideTree(t, back)
}

// TestLivePullRefusesSpecialFiles: a guest FIFO with no writer (and a
// socket) cannot wedge a pull or LXD's file thread for the instance: a
// single-file pull is RC 1 within seconds, a recursive pull skips them
// with a note, nothing is left in the target, and the instance still
// reads files and stops cleanly afterwards.
func TestLivePullRefusesSpecialFiles(t *testing.T) {
	env, _ := liveEnv(t)
	name, guest := hostileGuest(t, env)
	guest("mkfifo /root/p && mkdir /root/t && echo ok > /root/t/ok && mkfifo /root/t/fifo && syslogd -O /tmp/log && " +
		"sleep 0.2 && touch /root/t/sock && mount --bind /dev/log /root/t/sock")
	out := t.TempDir()

	for _, cmd := range []string{
		fmt.Sprintf("pull name=%s source=/root/p target=%s", name, out),
		fmt.Sprintf("pull name=%s source=/root/p", name),
	} {
		vars := wantError(t, env, cmd, RCError, "a FIFO or other special file", "")
		if ms, _ := strconv.Atoi(vars["RESULT.ELAPSEDMS"]); ms > 15000 {
			t.Errorf("%q took %d ms", cmd, ms)
		}
	}
	wantError(t, env, fmt.Sprintf("pull name=%s source=/root/t/sock target=%s", name, out), RCError, "a socket", "")
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused pulls left %v in %s", entries, out)
	}

	back := filepath.Join(out, "back")
	vars := mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true", name, back))
	wantFields(t, "pull recursive", vars, map[string]string{"SKIPPED": "2", "FILES": "2", "BYTES": "3"})
	got := vars["RESULT.SKIPPED.1"] + "|" + vars["RESULT.SKIPPED.2"]
	if !strings.Contains(got, "/root/t/fifo: a FIFO or other special file") || !strings.Contains(got, "/root/t/sock: a socket") {
		t.Errorf("SKIPPED.1|2 = %q", got)
	}
	if data, err := os.ReadFile(filepath.Join(back, "ok")); err != nil || string(data) != "ok\n" {
		t.Errorf("ok = %q, %v", data, err)
	}

	// LXD's file thread is free: files still come, and a clean stop ends.
	wantFields(t, "pull after", mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/t/ok", name)), map[string]string{"CONTENT": "ok\n"})
	mustRun(t, env, fmt.Sprintf("stop name=%s timeout=20", name))
}

// TestLivePullBoundsSize: a guest's 10 GB sparse file (no disk used in
// the guest) is refused before a byte is written, not copied out onto
// the host's disk; maxsize= bounds a tree's total, skipping what does
// not fit, and nothing partial is left.
func TestLivePullBoundsSize(t *testing.T) {
	env, _ := liveEnv(t)
	name, guest := hostileGuest(t, env)
	guest("truncate -s 10G /root/big && mkdir /root/t && head -c 3000 /dev/zero > /root/t/a && " +
		"head -c 3000 /dev/zero > /root/t/b && echo hi > /root/t/c")
	out := t.TempDir()

	vars := wantError(t, env, fmt.Sprintf("pull name=%s source=/root/big target=%s", name, out), RCError, "10737418240 bytes, more than the 1073741824 maxsize= leaves", "")
	if ms, _ := strconv.Atoi(vars["RESULT.ELAPSEDMS"]); ms > 10000 {
		t.Errorf("refusing the 10 GB file took %d ms: was it read?", ms)
	}
	wantError(t, env, fmt.Sprintf("pull name=%s source=/root/t/a target=%s maxsize=2KiB", name, out), RCError, "3000 bytes, more than the 2048 maxsize= leaves", "")
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused pulls left %v in %s", entries, out)
	}

	back := filepath.Join(out, "t")
	vars = mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true maxsize=4000", name, back))
	wantFields(t, "pull tree", vars, map[string]string{"FILES": "3", "BYTES": "3003", "SKIPPED": "1"})
	if s := vars["RESULT.SKIPPED.1"]; !strings.Contains(s, ": 3000 bytes, more than the 1000 maxsize= leaves") {
		t.Errorf("SKIPPED.1 = %q", s)
	}
	if entries, _ := os.ReadDir(back); len(entries) != 2 {
		t.Errorf("tree has %v, want a or b, and c (no temporary files)", entries)
	}
	wantError(t, env, fmt.Sprintf("pull name=%s source=/root/t/c target=%s maxsize=lots", name, out), RCUsage, "maxsize=lots", "")
}

// TestLivePullOddNames: names with ESC and BEL (an OSC 52 clipboard
// write, a bell) cannot abort a recursive pull and hide the files after
// them: every plain file is copied, the odd ones are not written on the
// host and are reported with their control characters escaped.
func TestLivePullOddNames(t *testing.T) {
	env, _ := liveEnv(t)
	name, guest := hostileGuest(t, env)
	guest(`mkdir -p /root/t && cd /root/t && echo a > aa && echo x > "$(printf 'o\033]52;c;aGk=\007')" && ` +
		`mkdir "$(printf 'd\033[2J')" && echo y > "$(printf 'd\033[2J')/f" && echo z > zz`)
	back := filepath.Join(t.TempDir(), "t")
	vars := mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true", name, back))
	wantFields(t, "pull", vars, map[string]string{"FILES": "3", "BYTES": "4", "SKIPPED": "2"})
	got := vars["RESULT.SKIPPED.1"] + "|" + vars["RESULT.SKIPPED.2"]
	for _, want := range []string{`/root/t/o\x1b]52;c;aGk=\a: a name with control characters`, `/root/t/d\x1b[2J: a name with control characters`} {
		if !strings.Contains(got, want) {
			t.Errorf("SKIPPED.1|2 = %q, want %q", got, want)
		}
	}
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("SKIPPED holds raw control characters: %q", got)
	}
	for f, want := range map[string]string{"aa": "a\n", "zz": "z\n"} {
		if data, err := os.ReadFile(filepath.Join(back, f)); err != nil || string(data) != want {
			t.Errorf("%s = %q, %v", f, data, err)
		}
	}
	if entries, _ := os.ReadDir(back); len(entries) != 2 {
		t.Errorf("tree holds %v, want aa and zz", entries)
	}
}

// TestLivePullUmaskZero: under umask 000 (a CI runner's, say) a guest's
// 0777 directory and 0666 file do not become group- or world-writable on
// the host.
func TestLivePullUmaskZero(t *testing.T) {
	env, _ := liveEnv(t)
	name, guest := hostileGuest(t, env)
	guest("mkdir -p /root/t/d && chmod 777 /root/t /root/t/d && echo x > /root/t/d/f && chmod 666 /root/t/d/f")
	back := filepath.Join(t.TempDir(), "t")
	old := syscall.Umask(0)
	mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true", name, back))
	syscall.Umask(old)
	for p, want := range map[string]os.FileMode{"": os.ModeDir | 0o755, "d": os.ModeDir | 0o755, "d/f": 0o644} {
		if fi, err := os.Lstat(filepath.Join(back, p)); err != nil || fi.Mode() != want {
			t.Errorf("%s/%s: mode %v, %v; want %v", back, p, fi.Mode(), err, want)
		}
	}
}

// TestLivePullListingBound: a guest directory listing too big to hold is
// refused before it is read into memory: a clear RC 1 for the directory
// itself, a note in SKIPPED inside a tree (the rest still comes).
func TestLivePullListingBound(t *testing.T) {
	env, _ := liveEnv(t)
	name, guest := hostileGuest(t, env)
	guest("mkdir -p /root/t/many && echo ok > /root/t/ok && cd /root/t/many && seq 1 110000 | xargs touch")
	out := t.TempDir()
	wantError(t, env, fmt.Sprintf("pull name=%s source=/root/t/many target=%s", name, filepath.Join(out, "many")), RCError, "more than 100000 entries", "")
	if t.Failed() {
		return // an unbounded listing: a tree pull would fetch 110,000 files
	}
	// A tar stream holds no listing in memory and has no such bound: the
	// files API's walk is what this bounds (a stopped instance's pull).
	mustRun(t, env, "stop name="+name+" force=true")
	vars := mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true", name, filepath.Join(out, "t")))
	wantFields(t, "pull tree", vars, map[string]string{"FILES": "2", "SKIPPED": "1", "METHOD": "files"})
	if s := vars["RESULT.SKIPPED.1"]; !strings.HasPrefix(s, "/root/t/many: ") || !strings.Contains(s, "more than 100000 entries") {
		t.Errorf("SKIPPED.1 = %q", s)
	}
}

// TestLivePushBytesCountsWritten: a file whose write fails (the guest has
// put a directory where it goes) is not counted in BYTES.
func TestLivePushBytesCountsWritten(t *testing.T) {
	env, _ := liveEnv(t)
	name, guest := hostileGuest(t, env)
	guest("mkdir -p /root/dst/x")
	src := filepath.Join(t.TempDir(), "src")
	os.Mkdir(src, 0o755)
	os.WriteFile(filepath.Join(src, "x"), []byte("12345"), 0o644)
	cmd := fmt.Sprintf("push name=%s source=%s target=/root/dst recursive=true", name, src)
	// Running, with a tar in the guest: the tar path.
	wantFields(t, "push by tar", wantError(t, env, cmd, RCError, "", ""), map[string]string{"BYTES": "0"})
	// Stopped: the files API, one request per file.
	mustRun(t, env, "stop name="+name+" force=true")
	vars := wantError(t, env, cmd, RCError, "writing /root/dst/x", "")
	// FILES counts /root/dst, which was there already and is merged into.
	wantFields(t, "push", vars, map[string]string{"BYTES": "0", "FILES": "1", "METHOD": "files"})
}

// pulledTree describes a host tree: each path with its type, mode and
// content or link target.
func pulledTree(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			t.Errorf("walking %s: %v", p, err)
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			l, _ := os.Readlink(p)
			got[rel] = "link " + l
		case fi.IsDir():
			got[rel] = fmt.Sprintf("dir %v", fi.Mode())
		default:
			data, _ := os.ReadFile(p)
			got[rel] = fmt.Sprintf("file %v %q", fi.Mode(), data)
		}
		return nil
	})
	return got
}

// TestLivePullByTar: a recursive pull from a running guest with a tar
// streams one archive (METHOD=tar) and lands the same tree, with the same
// FILES, BYTES and SKIPPED, as the files API gives once the instance is
// stopped: links out of the tree, a FIFO, an odd name and an entry over
// maxsize= are refused alike, a hard link comes as a copy. A 10 GB sparse
// file is not streamed through: the pull falls back to the files API,
// which refuses it from its size.
func TestLivePullByTar(t *testing.T) {
	env, _ := liveEnv(t)
	name, guest := hostileGuest(t, env)
	guest(`mkdir -p /root/t/sub/deep /root/t/empty && cd /root/t && echo top > top.txt && chmod 640 top.txt && ` +
		`head -c 5000 /dev/urandom > sub/deep/bin && ln sub/deep/bin hard && ln -s /etc/shadow shadow && ` +
		`ln -s ../top.txt sub/rel && ln -s /root/t/sub abs && ln -s ../../../.. up && mkfifo sub/fifo && ` +
		`echo odd > "$(printf 'o\033]0;x\007')" && head -c 6000 /dev/zero > big && chmod 777 sub`)
	out := t.TempDir()
	cmd := "pull name=%s source=/root/t target=%s recursive=true maxsize=12000"
	byTar := mustRun(t, env, fmt.Sprintf(cmd, name, filepath.Join(out, "tar")))
	wantFields(t, "pull by tar", byTar, map[string]string{"METHOD": "tar"})
	t.Logf("by tar: FILES %s BYTES %s SKIPPED %s in %s ms", byTar["RESULT.FILES"], byTar["RESULT.BYTES"], byTar["RESULT.SKIPPED"], byTar["RESULT.ELAPSEDMS"])

	guest("truncate -s 10G /root/t/sparse")
	vars := mustRun(t, env, fmt.Sprintf(cmd, name, filepath.Join(out, "sparse")))
	wantFields(t, "pull with a 10 GB file", vars, map[string]string{"METHOD": "files"})
	if ms, _ := strconv.Atoi(vars["RESULT.ELAPSEDMS"]); ms > 30000 || !strings.Contains(vars["RESULT.TARFALLBACK"], "10737418240 bytes refused") {
		t.Errorf("10 GB sparse file: %d ms, TARFALLBACK %q", ms, vars["RESULT.TARFALLBACK"])
	}
	t.Logf("with the sparse file: %s ms, %s", vars["RESULT.ELAPSEDMS"], vars["RESULT.TARFALLBACK"])
	guest("rm /root/t/sparse")

	mustRun(t, env, "stop name="+name+" force=true")
	byAPI := mustRun(t, env, fmt.Sprintf(cmd, name, filepath.Join(out, "api")))
	wantFields(t, "pull by the files API", byAPI, map[string]string{"METHOD": "files"})
	t.Logf("by the files API: %s ms", byAPI["RESULT.ELAPSEDMS"])
	for _, k := range []string{"FILES", "BYTES", "SKIPPED"} {
		if byTar["RESULT."+k] != byAPI["RESULT."+k] {
			t.Errorf("%s: %q by tar, %q by the files API", k, byTar["RESULT."+k], byAPI["RESULT."+k])
		}
	}
	tarSkips, apiSkips := map[string]bool{}, map[string]bool{}
	for i := 1; i <= 10; i++ {
		tarSkips[strings.SplitN(byTar[fmt.Sprintf("RESULT.SKIPPED.%d", i)], ":", 2)[0]] = true
		apiSkips[strings.SplitN(byAPI[fmt.Sprintf("RESULT.SKIPPED.%d", i)], ":", 2)[0]] = true
	}
	for p := range apiSkips {
		if !tarSkips[p] {
			t.Errorf("the files API skipped %q, tar did not (tar skipped %v)", p, tarSkips)
		}
	}
	a, b := pulledTree(t, filepath.Join(out, "tar")), pulledTree(t, filepath.Join(out, "api"))
	for p, v := range b {
		if a[p] != v {
			t.Errorf("%s: %q by tar, %q by the files API", p, a[p], v)
		}
	}
	for p, v := range a {
		if _, ok := b[p]; !ok {
			t.Errorf("%s: %q by tar only", p, v)
		}
	}
	insideTree(t, filepath.Join(out, "tar"))
}

// TestLivePullHostileTar: a guest that swaps its tar, after the probe,
// for a program that sends a crafted archive (names with .., absolute
// names, a file under a symlink, hard links out of the tree) gets every
// such entry refused and reported, nothing written outside the target;
// one that streams without end after the archive is cut off and the
// files API pulls the tree instead.
func TestLivePullHostileTar(t *testing.T) {
	env, _ := liveEnv(t)
	name, guest := hostileGuest(t, env)
	guest("mkdir -p /root/t && echo real > /root/t/real")
	out := t.TempDir()
	// The first pull probes the guest's tar and finds it good.
	wantFields(t, "first pull", mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true", name, filepath.Join(out, "first"))),
		map[string]string{"METHOD": "tar", "FILES": "2"})

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	add := func(h *tar.Header, data string) {
		h.Size, h.Mode = int64(len(data)), 0o644
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(data))
	}
	add(&tar.Header{Name: "./", Typeflag: tar.TypeDir}, "")
	add(&tar.Header{Name: "./ok", Typeflag: tar.TypeReg}, "ok")
	add(&tar.Header{Name: "./../../escape", Typeflag: tar.TypeReg}, "evil")
	add(&tar.Header{Name: "/abs", Typeflag: tar.TypeReg}, "evil")
	add(&tar.Header{Name: "./d/", Typeflag: tar.TypeDir}, "")
	add(&tar.Header{Name: "./d/l", Typeflag: tar.TypeSymlink, Linkname: "."}, "")
	add(&tar.Header{Name: "./d/l/x", Typeflag: tar.TypeReg}, "evil")
	add(&tar.Header{Name: "./h1", Typeflag: tar.TypeLink, Linkname: "../../etc/passwd"}, "")
	add(&tar.Header{Name: "./h2", Typeflag: tar.TypeLink, Linkname: "/etc/passwd"}, "")
	add(&tar.Header{Name: "./h3", Typeflag: tar.TypeLink, Linkname: "./ok"}, "")
	tw.Close()
	evil := filepath.Join(t.TempDir(), "evil.tar")
	os.WriteFile(evil, buf.Bytes(), 0o644)
	mustRun(t, env, fmt.Sprintf("push name=%s source=%s target=/root/evil.tar", name, evil))
	guest(`rm /bin/tar && printf '#!/bin/sh\ncat /root/evil.tar\n' > /bin/tar && chmod 755 /bin/tar`)

	parent := filepath.Join(out, "p")
	os.Mkdir(parent, 0o755)
	back := filepath.Join(parent, "t")
	vars := mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true", name, back))
	wantFields(t, "crafted archive", vars, map[string]string{"METHOD": "tar", "FILES": "5", "SKIPPED": "5", "BYTES": "4"})
	if got := pulledTree(t, back); len(got) != 5 || got["h3"] != got["ok"] || got["d/l"] != "link ." {
		t.Errorf("landed %v", got)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("written beside the target: %v", entries)
	}
	insideTree(t, back)

	guest(`printf '#!/bin/sh\ncat /root/evil.tar; cat /dev/zero\n' > /bin/tar`)
	vars = mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true", name, filepath.Join(out, "endless")))
	wantFields(t, "endless stream", vars, map[string]string{"METHOD": "files", "FILES": "2", "SKIPPED": "0"})
	if !strings.Contains(vars["RESULT.TARFALLBACK"], "after the archive's end") {
		t.Errorf("TARFALLBACK = %q", vars["RESULT.TARFALLBACK"])
	}
}

// TestLivePasswdFIFO: a guest whose /etc/passwd is a FIFO cannot wedge
// execute user=NAME (which reads it to resolve the name): RC 1 within
// seconds, and the instance still stops cleanly.
func TestLivePasswdFIFO(t *testing.T) {
	env, _ := liveEnv(t)
	name, guest := hostileGuest(t, env)
	guest("rm /etc/passwd && mkfifo /etc/passwd")
	vars := wantError(t, env, fmt.Sprintf("execute name=%s user=nobody command=true", name), RCError, "/etc/passwd", "")
	if ms, _ := strconv.Atoi(vars["RESULT.ELAPSEDMS"]); ms > 15000 {
		t.Errorf("execute user=nobody took %d ms", ms)
	}
	if !strings.Contains(vars["RESULT.OUTPUT"], "could not open") {
		t.Errorf("OUTPUT = %q, want it to say LXD could not open the file", vars["RESULT.OUTPUT"])
	}
	mustRun(t, env, fmt.Sprintf("stop name=%s timeout=20", name))
}
