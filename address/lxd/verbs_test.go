package lxd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerbsUsageOffline checks that bad keys and values of the new
// commands are usage errors (RC 2) found before anything is sent: the Env
// has no daemon, so any request would be RC -1.
func TestVerbsUsageOffline(t *testing.T) {
	env := offline()
	for _, tc := range []struct{ cmd, want string }{
		{"snapshot name=1bad", "starts with a digit"},
		{"snapshot name=c1 snapshot=a/b", "no '/'"},
		{"snapshot name=c1 snapshot=", "snapshot= is empty"},
		{"snapshot name=c1 ensure=perhaps", "ensure=perhaps"},
		{"restore name=c1", "missing required key snapshot="},
		{"delete_snapshot name=c1 snapshot='a b'", "no '/' or blanks"},
		{"push name=c1 target=/x", "exactly one of source=HOSTPATH and content=TEXT"},
		{"push name=c1 target=/x content=a source=/etc/hostname", "exactly one of"},
		{"push name=c1 target=x content=a", "absolute path"},
		{"push name=c1 target=/x content=a mode=rw", "mode=rw is no octal file mode"},
		{"push name=c1 target=/x content=a mode=17777", "mode=17777"},
		{"push name=c1 target=/x content=a uid=-1", "uid=-1"},
		{"push name=c1 target=/x content=a gid=x", "gid=x"},
		{"push name=c1 target=/x content=a recursive=true", "recursive=true needs source="},
		{"push name=c1 target=/x source=/nonexistent/rexxlxd", ""}, // RC 1, see below
		{"pull name=c1 source=etc/passwd", "absolute path"},
		{"pull name=c1 source=/etc recursive=true", "recursive=true needs target="},
		{"pull name=c1 source=/etc target=", "target= is empty"},
		{"wait name=c1 for=sleeping", "for=sleeping"},
		{"wait name=c1 for=running timeout=-1", "timeout=-1"},
		{"wait name=c1", "missing required key for="},
		{"set name=c1 key=user.rexxlxd.base value=true", "rexxlxd's own"},
		{"unset name=c1 key=user.rexxlxd.clone-of", "rexxlxd's own"},
		{"restart name=c1 force=maybe", "force=maybe"},
		{"rename name=c1 to=-x", "starts with '-'"},
		{"create name=c1 image=img config.user.rexxlxd.base=true", "rexxlxd's own"},
		{"create name=c1 image=img ensure=true memory=lots", "memory=lots"},
		{"register_base name=c1 prepare=' '", "prepare= is empty"},
		{"register_base name=c1 ensure=x", "ensure=x"},
		{"start name=c1 ensure=x", "ensure=x"},
		{"stop name=c1 ensure=x", "ensure=x"},
		{"delete name=c1 ensure=x", "ensure=x"},
		{"create name=c1 image=img config.=x", "needs a name after \"config.\""},
		{"info name=c1 extra=1", "unknown key extra="},
		{"storage name=x", "storage takes no keys"},
	} {
		rc, vars := run(t, env, tc.cmd)
		if tc.want == "" {
			if rc != RCError || !strings.Contains(vars["RESULT.ERROR"], "/nonexistent/rexxlxd") {
				t.Errorf("%q: RC %d, ERROR %q; want RC 1 naming the host file", tc.cmd, rc, vars["RESULT.ERROR"])
			}
			continue
		}
		if rc != RCUsage || !strings.Contains(vars["RESULT.ERROR"], tc.want) {
			t.Errorf("%q: RC %d, ERROR %q; want RC 2 and %q", tc.cmd, rc, vars["RESULT.ERROR"], tc.want)
		}
		if vars["RESULT.SUCCESS"] != "0" {
			t.Errorf("%q: SUCCESS %q", tc.cmd, vars["RESULT.SUCCESS"])
		}
	}
}

// TestConfigKeyCase checks that a prefixed key keeps the case of its tail
// and that the prefix itself is case-insensitive.
func TestConfigKeyCase(t *testing.T) {
	pc, err := parseCommand("create NAME=c1 Config.environment.FOO=bar")
	if err != nil {
		t.Fatal(err)
	}
	if pc.Args[0].Key != "name" || pc.Args[1].Key != "config.environment.FOO" {
		t.Errorf("keys %q %q", pc.Args[0].Key, pc.Args[1].Key)
	}
	c, _ := lookupCommand("create")
	args, err := c.checkArgs(append(pc.Args, arg{"image", "x"}))
	if err != nil {
		t.Fatal(err)
	}
	config := map[string]string{}
	if err := applyConfigKeys(config, args); err != nil || config["environment.FOO"] != "bar" || len(config) != 1 {
		t.Errorf("applyConfigKeys: %v %v", config, err)
	}
	if _, err := c.checkArgs([]arg{{"name", "c1"}, {"image", "x"}, {"config.a", "1"}, {"config.a", "2"}}); err == nil {
		t.Errorf("a config key given twice was accepted")
	}
	s, _ := lookupCommand("start")
	if _, err := s.checkArgs([]arg{{"name", "c1"}, {"config.a", "1"}}); err == nil {
		t.Errorf("start accepted a config. key")
	}
}

// TestImageBackupUsageOffline: bad keys and values of the image and
// backup commands are RC 2 before anything is sent (the Env has no
// daemon, so any request would be RC -1); host-side refusals of export
// are RC 1, also before anything is sent.
func TestImageBackupUsageOffline(t *testing.T) {
	env := offline()
	dir := t.TempDir()
	exists := filepath.Join(dir, "exists.tar.gz")
	link := filepath.Join(dir, "link.tar.gz")
	os.WriteFile(exists, []byte("x"), 0o600)
	os.Symlink(exists, link)
	for _, tc := range []struct {
		cmd  string
		rc   int
		want string
	}{
		{"publish name=1bad alias=x", RCUsage, "starts with a digit"},
		{"publish name=c1 alias=", RCUsage, "alias= is empty"},
		{"publish name=c1 alias='web base'", RCUsage, "blank or control character"},
		{"publish name=c1 alias=web:base", RCUsage, "holds ':'"},
		{"publish name=c1 alias=" + strings.Repeat("a", 256), RCUsage, "at most 255"},
		{"publish name=c1 alias=a ensure=true replace=true", RCUsage, "not both"},
		{"publish name=c1 replace=true", RCUsage, "give alias="},
		{"publish name=c1 alias=a snapshot=a/b", RCUsage, "no '/'"},
		{"publish name=c1 alias=a public=perhaps", RCUsage, "public=perhaps"},
		{"images all=true", RCUsage, "images takes no keys"},
		{"delete_image", RCUsage, "missing required key image="},
		{"delete_image image=", RCUsage, "image= is empty"},
		{"delete_image image=cluster:web", RCUsage, "use remote=NAME"},
		{"delete_image image=web ensure=x", RCUsage, "ensure=x"},
		{"copy_image image=web", RCUsage, "missing required key to="},
		{"copy_image image= to=cluster", RCUsage, "image= is empty"},
		{"copy_image image=web to=", RCUsage, "to= is empty"},
		{"copy_image image=web to=a:b", RCUsage, "give a remote name"},
		{"copy_image image=web to=cluster alias='a b'", RCUsage, "blank or control character"},
		{"copy_image image=:web to=cluster", RCUsage, "REMOTE:IMAGE"},
		{"export name=c1", RCUsage, "missing required key target="},
		{"export name=c1 target=", RCUsage, "target= is empty"},
		{"export name=-c1 target=x", RCUsage, "starts with '-'"},
		{"export name=c1 target=x maxsize=lots", RCUsage, "maxsize=lots"},
		{"export name=c1 target=x overwrite=perhaps", RCUsage, "overwrite=perhaps"},
		{"export name=c1 target=" + exists, RCError, "exists; overwrite=true replaces it"},
		{"export name=c1 target=" + link + " overwrite=true", RCError, "is a symbolic link"},
		{"export name=c1 target=" + dir + "/none/x.tar.gz", RCError, "does not exist"},
		{"import source=", RCUsage, "source= is empty"},
		{"import source=x name=1x", RCUsage, "starts with a digit"},
		{"import source=x storage='a b'", RCUsage, "no storage pool name"},
		{"import source=" + dir, RCUsage, "no regular file"},
	} {
		rc, vars := run(t, env, tc.cmd)
		if rc != tc.rc || !strings.Contains(vars["RESULT.ERROR"], tc.want) || vars["RESULT.SUCCESS"] != "0" {
			t.Errorf("%q: RC %d, SUCCESS %s, ERROR %q; want RC %d and %q", tc.cmd, rc, vars["RESULT.SUCCESS"], vars["RESULT.ERROR"], tc.rc, tc.want)
		}
	}
	if data, _ := os.ReadFile(exists); string(data) != "x" {
		t.Errorf("a refused export changed %s", exists)
	}
}
