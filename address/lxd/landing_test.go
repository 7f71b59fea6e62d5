package lxd

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// failingReader brings some bytes, then fails, as a connection that
// breaks mid-file.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errors.New("connection reset")
	}
	k := min(len(p), r.n)
	r.n -= k
	return k, nil
}

// leftIn lists what is in dir.
func leftIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestLandingLeavesNothingPartial: a file whose data breaks off, or
// brings more than its bound when its size was not announced (as a tar
// stream may), leaves neither the file nor its temporary name.
func TestLandingLeavesNothingPartial(t *testing.T) {
	dir := t.TempDir()
	l := newLanding(filepath.Join(dir, "f"), "/g/f", 100)
	if err := l.File("", 0o644, 50, &failingReader{20}); err == nil || errors.Is(err, errRefused) {
		t.Errorf("broken reader: err = %v, want a host error", err)
	}
	if err := l.File("", 0o644, -1, strings.NewReader(strings.Repeat("x", 101))); !errors.Is(err, errRefused) {
		t.Errorf("101 bytes of unannounced size under maxsize 100: err = %v, want refused", err)
	}
	if left := leftIn(t, dir); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	if err := l.File("", 0o4777, -1, strings.NewReader("ok")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "f")); err != nil || fi.Mode() != 0o755 {
		t.Errorf("mode 4777 landed as %v, %v; want -rwxr-xr-x", fi.Mode(), err)
	}
}

// TestLandingLinks: links relative to their place (as a tar archive
// holds them) are kept only inside the tree, written clean.
func TestLandingLinks(t *testing.T) {
	root := filepath.Join(t.TempDir(), "t")
	l := newLanding(root, "/g/t", 1<<20)
	for _, d := range []string{"", "a", "a/b"} {
		if err := l.Dir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.File("a/f", 0o644, 2, strings.NewReader("hi")); err != nil {
		t.Fatal(err)
	}
	keep := map[string]string{"a/b/up": "../f", "a/b/odd": "./../b/../f", "top": "a/b/../f", "self": "/g/t", "abs": "/g/t/a/f"}
	want := map[string]string{"a/b/up": "../f", "a/b/odd": "../f", "top": "a/f", "self": ".", "abs": "a/f"}
	for rel, target := range keep {
		if err := l.Symlink(rel, target); err != nil {
			t.Errorf("Symlink(%s, %s): %v", rel, target, err)
		} else if got, _ := os.Readlink(filepath.Join(root, rel)); got != want[rel] {
			t.Errorf("%s -> %q, want %q", rel, got, want[rel])
		}
	}
	for rel, target := range map[string]string{"out": "../x", "deep": "a/../../t/a", "abs-out": "/g/tx", "root": "/", "a/b/esc": "../../../x"} {
		if err := l.Symlink(rel, target); !errors.Is(err, errRefused) {
			t.Errorf("Symlink(%s, %s) = %v, want refused", rel, target, err)
		}
	}
	if len(l.skipped) != 5 {
		t.Errorf("skipped %v, want the 5 links", l.skipped)
	}
	if data, err := os.ReadFile(filepath.Join(root, "top")); err != nil || string(data) != "hi" {
		t.Errorf("top reads %q, %v", data, err)
	}
	// A skipped directory's contents are skipped silently.
	if err := l.Dir("bad\x1b[2Jname", 0o755); !errors.Is(err, errRefused) {
		t.Errorf("odd directory name: %v", err)
	}
	if err := l.File("bad\x1b[2Jname/f", 0o644, 1, strings.NewReader("x")); !errors.Is(err, errRefused) {
		t.Errorf("file in a skipped directory: %v", err)
	}
	if len(l.skipped) != 6 || !strings.Contains(l.skipped[5].reason, "control characters") {
		t.Errorf("skipped %v", l.skipped)
	}
}

// makingReader brings data and, on its first read, makes the file path
// as someone else would while a download is under way.
type makingReader struct {
	path string
	data *strings.Reader
	made bool
}

func (r *makingReader) Read(p []byte) (int, error) {
	if !r.made {
		r.made = true
		if err := os.WriteFile(r.path, []byte("theirs"), 0o644); err != nil {
			return 0, err
		}
	}
	return r.data.Read(p)
}

// TestLandingKeepNeverReplaces: with keep (export without
// overwrite=true), a file that appears at the target while the data is
// coming is not replaced, and no temporary file is left; without keep
// the complete file is renamed over it.
func TestLandingKeepNeverReplaces(t *testing.T) {
	for _, keep := range []bool{true, false} {
		dir := t.TempDir()
		dst := filepath.Join(dir, "backup.tar.gz")
		l := newLanding(dst, "the backup of c1", 1<<20)
		l.keep = keep
		err := l.File("", 0o600, 4, &makingReader{path: dst, data: strings.NewReader("ours")})
		data, _ := os.ReadFile(dst)
		switch {
		case keep && (err == nil || !strings.Contains(err.Error(), "exists (made meanwhile)") || string(data) != "theirs"):
			t.Errorf("keep: err %v, %s holds %q; want an error and theirs kept", err, dst, data)
		case !keep && (err != nil || string(data) != "ours"):
			t.Errorf("no keep: err %v, %s holds %q; want ours", err, dst, data)
		}
		if left := leftIn(t, dir); len(left) != 1 {
			t.Errorf("keep=%v: %v left in %s, want the target alone", keep, left, dir)
		}
	}
}
