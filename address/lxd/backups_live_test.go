package lxd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// noBackupsLeft fails the test when the instance has backups on the
// server: export must delete the one it made, whatever happened.
func noBackupsLeft(t *testing.T, c *lxdapi.Client, name, after string) {
	t.Helper()
	list, err := c.ListBackups(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 0 {
		t.Errorf("after %s: backups %v left on %s", after, list, name)
	}
}

// onlyFiles fails the test unless dir holds exactly the names want (no
// temporary file left by a refused or failed write).
func onlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want = slices.Sorted(slices.Values(want))
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s holds %v, want %v", dir, got, want)
	}
}

// TestLiveExportImport exports a running busybox instance with a marker
// file to a host file, checks the host-write rules (no overwrite unless
// asked, no symlink followed, maxsize=, mode 0600, nothing left behind
// on the server or as a temporary file), and imports it back under
// another name and under its own.
func TestLiveExportImport(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, true)
	mustRun(t, env, fmt.Sprintf("push name=%s target=/root/marker content=%s", name, name))
	dir := t.TempDir()
	file := filepath.Join(dir, name+".tar.gz")

	cmd := fmt.Sprintf("export name=%s target=%s", name, dir) // a directory: NAME.tar.gz in it
	vars := mustRun(t, env, cmd)
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	wantFields(t, cmd, vars, map[string]string{"CONTAINER": name, "TARGET": file, "CHANGED": "1",
		"BYTES": strconv.FormatInt(fi.Size(), 10)})
	if fi.Mode().Perm() != 0o600 || fi.Size() < 100000 {
		t.Errorf("%s: %s has mode %v and %d bytes, want 0600 and a busybox backup", cmd, file, fi.Mode().Perm(), fi.Size())
	}
	noBackupsLeft(t, c, name, cmd)

	// An existing file is kept unless overwrite=true; a symlink never
	// followed; maxsize= bounds the file; none leaves a backup or a
	// temporary file.
	if err := os.WriteFile(file, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	wantError(t, env, fmt.Sprintf("export name=%s target=%s", name, file), RCError, "exists; overwrite=true replaces it", "overwrite=true")
	if data, _ := os.ReadFile(file); string(data) != "keep me" {
		t.Errorf("a refused export changed %s", file)
	}
	link := filepath.Join(dir, "link.tar.gz")
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("victim"), 0o600)
	os.Symlink(victim, link)
	wantError(t, env, fmt.Sprintf("export name=%s target=%s overwrite=true", name, link), RCError, "is a symbolic link", "symbolic link")
	if data, _ := os.ReadFile(victim); string(data) != "victim" {
		t.Errorf("export wrote through the symlink %s", link)
	}
	small := filepath.Join(dir, "small.tar.gz")
	wantError(t, env, fmt.Sprintf("export name=%s target=%s maxsize=10KB", name, small), RCError, "more than the 10000 maxsize= leaves", "maxsize=")
	onlyFiles(t, dir, filepath.Base(file), "link.tar.gz", "victim")
	noBackupsLeft(t, c, name, "the refused exports")
	vars = mustRun(t, env, fmt.Sprintf("export name=%s target=%s overwrite=true instance_only=true", name, file))
	if fi, err := os.Stat(file); err != nil || vars["RESULT.BYTES"] != strconv.FormatInt(fi.Size(), 10) || fi.Size() < 100000 {
		t.Errorf("export overwrite=true: BYTES %s, file %v %v", vars["RESULT.BYTES"], fi, err)
	}
	wantError(t, env, fmt.Sprintf("export name=%s-gone target=%s/x.tar.gz", name, dir), RCError, "no instance "+name+"-gone", "not found")

	// import: under a new name; the name in the file while it is taken
	// (refused before sending); under its own name once free.
	copyName := newName(t, c, "t-verbs-imp")
	vars = mustRun(t, env, fmt.Sprintf("import source=%s name=%s", file, copyName))
	wantFields(t, "import", vars, map[string]string{"CONTAINER": copyName, "STATUS": "Stopped", "CHANGED": "1"})
	vars = mustRun(t, env, fmt.Sprintf("pull name=%s source=/root/marker", copyName))
	if vars["RESULT.CONTENT"] != name {
		t.Errorf("the imported %s holds %q in /root/marker, want %q", copyName, vars["RESULT.CONTENT"], name)
	}
	wantError(t, env, fmt.Sprintf("import source=%s name=%s", file, copyName), RCError, "instance "+copyName+" already exists", "give another name=")
	wantError(t, env, "import source="+file, RCError, "instance "+name+" (the name in "+file+") already exists", "give name=")
	mustRun(t, env, "delete name="+name)
	vars = mustRun(t, env, "import source="+file)
	wantFields(t, "import under its own name", vars, map[string]string{"CONTAINER": name, "CHANGED": "1"})
	if _, err := c.GetInstance(context.Background(), name); err != nil {
		t.Errorf("import source=%s: %s not there: %v", file, name, err)
	}
	wantError(t, env, fmt.Sprintf("import source=%s/none.tar.gz name=%s-x", dir, name), RCError, "none.tar.gz", "no such file")
}

// TestLiveImageBackupTimeoutLeaveNothing: a publish, export or import
// whose wait runs past Config.Timeout is RC -2, and what LXD went on to
// make (the image, the server's backup, the instance) is deleted before
// Run returns; export writes no file. A proxy holds every operation wait
// back for longer than Config.Timeout, so the wait is cut short however
// fast the daemon is.
func TestLiveImageBackupTimeoutLeaveNothing(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, false)
	dir := t.TempDir()
	file := filepath.Join(dir, "full.tar.gz")
	mustRun(t, env, fmt.Sprintf("export name=%s target=%s", name, file))

	// The timeout leaves room for the requests that are not held (the
	// import's upload of the file among them) on a loaded machine; the
	// hold is short of the 5 s for which LXD keeps an operation that has
	// ended, so the clean-up's wait still learns how it ended.
	p := newProxy(t, lxdapi.DefaultSocket(), holdWaits(2*time.Second))
	slow := New(Config{Socket: p.Socket, Timeout: 1200 * time.Millisecond})
	t.Cleanup(slow.Close)

	desc := "rexxlxd test " + name
	cleanupImages(t, c, desc, name+"-img")
	rc, vars := run(t, slow, fmt.Sprintf("publish name=%s alias=%s-img description='%s'", name, name, desc))
	if rc != RCTimeout || !strings.Contains(vars["RESULT.ERROR"], "has been deleted") {
		t.Errorf("publish cut short: RC %d, ERROR %q; want %d and the image deleted", rc, vars["RESULT.ERROR"], RCTimeout)
	}
	if fps := imagesDescribed(t, c, desc); len(fps) != 0 || aliasTarget(t, c, name+"-img") != "" {
		t.Errorf("publish cut short left images %v or the alias", fps)
	}

	cut := filepath.Join(dir, "cut.tar.gz")
	rc, vars = run(t, slow, fmt.Sprintf("export name=%s target=%s", name, cut))
	if rc != RCTimeout {
		t.Errorf("export cut short: RC %d, want %d: %s", rc, RCTimeout, vars["RESULT.ERROR"])
	}
	noBackupsLeft(t, c, name, "an export cut short")
	onlyFiles(t, dir, "full.tar.gz")

	imp := newName(t, c, "t-verbs-imp")
	rc, vars = run(t, slow, fmt.Sprintf("import source=%s name=%s", file, imp))
	if rc != RCTimeout || !strings.Contains(vars["RESULT.ERROR"], imp+" was made after all and has been removed") {
		t.Errorf("import cut short: RC %d, ERROR %q; want %d and the instance removed", rc, vars["RESULT.ERROR"], RCTimeout)
	}
	if exists(t, c, imp) {
		t.Errorf("import cut short left %s", imp)
	}
}

// TestLivePublishForgottenOperation: when publish is cut short and its
// operation has ended and been forgotten by LXD (it keeps one for 5 s)
// before the clean-up can ask, publish says it does not know whether an
// image was made; it said "LXD made no image" before, while the image was
// there.
func TestLivePublishForgottenOperation(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, false)
	desc := "rexxlxd test " + name
	cleanupImages(t, c, desc)
	p := newProxy(t, lxdapi.DefaultSocket(), holdWaits(7*time.Second))
	slow := New(Config{Socket: p.Socket, Timeout: time.Second})
	t.Cleanup(slow.Close)
	rc, vars := run(t, slow, fmt.Sprintf("publish name=%s description='%s'", name, desc))
	made := len(imagesDescribed(t, c, desc)) > 0
	if rc != RCTimeout || !strings.Contains(vars["RESULT.ERROR"], "whether LXD made the image is unknown") {
		t.Errorf("publish whose operation was forgotten: RC %d, ERROR %q (an image was made: %v); want %d and 'unknown'",
			rc, vars["RESULT.ERROR"], made, RCTimeout)
	}
}
