package lxd

import (
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
