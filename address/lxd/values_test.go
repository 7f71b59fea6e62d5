package lxd

import (
	"strings"
	"testing"
)

// TestValuesRefusedOffline checks issue 18 item 12's validation gaps: each
// command is a usage error (RC 2) found before anything is sent. The Env
// has no daemon, so a command that got as far as LXD would be RC -1.
func TestValuesRefusedOffline(t *testing.T) {
	env := offline()
	for _, tc := range []struct{ cmd, want string }{
		// count= with no number made one unsuffixed clone.
		{"clone_from_base base=b name=c count=", "count= must be a whole number"},
		{"clone_from_base base=b name=c count=' '", "must be a whole number"},
		// parallel= is checked with one name as with a fleet.
		{"start name=c1 parallel=0", "parallel=0 must be a whole number from 1"},
		{"execute name=c1 command=true parallel=x", "parallel=x"},
		{"clone_from_base base=b name=c parallel=0", "parallel=0"},
		// NUL in values that go to LXD or the guest's exec.
		{"create name=c1 image=img config.environment.X='a\x00b'", "config.environment.X= holds a NUL"},
		{"create name=c1 image=img config.limits.cpu='1\x00'", "config.limits.cpu= holds a NUL"},
		{"register_base name=b config.user.note='x\x00'", "config.user.note= holds a NUL"},
		{"execute name=c1 command='echo a\x00b'", "command= holds a NUL"},
		{"execute name=c1 command=echo a\x00b", "command= holds a NUL"},
		{"execute name=c1 command=pwd cwd='/tmp\x00x'", "cwd= holds a NUL"},
		{"execute name=c1 command=pwd user='root\x00'", "user= holds a NUL"},
		{"set name=c1 key=user.x value='a\x00'", "value= holds a NUL"},
		{"push name=c1 target='/tmp/a\x00' content=x", "target= holds a NUL"},
		{"list project='p\x00'", "project= holds a NUL"},
		{"info name=c1 remote='local\x00'", "remote= holds a NUL"},
		{"connect project='p\x00'", "project= holds a NUL"},
		// env.= with no name ended up inside the command.
		{"execute name=c1 command=true env.=x", "needs a name after \"env.\""},
		{"execute name=c1 command=echo hi ENV.=x", "needs a name after \"env.\""},
	} {
		rc, vars := run(t, env, tc.cmd)
		if rc != RCUsage || !strings.Contains(vars["RESULT.ERROR"], tc.want) {
			t.Errorf("%q: RC %d, ERROR %q; want RC 2 and %q", tc.cmd, rc, vars["RESULT.ERROR"], tc.want)
		}
	}
}

// TestValuesNULAllowed checks that the values that may rightly hold a NUL
// (a file's content, an execute's stdin) are not refused for it: offline,
// they get as far as the daemon (RC -1).
func TestValuesNULAllowed(t *testing.T) {
	env := offline()
	for _, cmd := range []string{
		"push name=c1 target=/tmp/a content='a\x00b'",
		"execute name=c1 command=cat stdin='a\x00b'",
	} {
		if rc, vars := run(t, env, cmd); rc != RCUnreachable {
			t.Errorf("%q: RC %d, ERROR %q; want RC -1 (sent)", cmd, rc, vars["RESULT.ERROR"])
		}
	}
}
