package lxd

import (
	"strings"
	"testing"
)

// TestExactAndAllOffline checks issue 18 item 8 without a daemon: with
// exact=true a name= that holds a pattern or a list is a usage error (RC
// 2) on every command that takes name=, and a destructive command refuses
// a pattern with no fixed character unless all=true. The Env has no
// daemon, so RC -1 means the command went on to LXD.
func TestExactAndAllOffline(t *testing.T) {
	env := offline()
	for _, tc := range []struct {
		cmd  string
		rc   int
		want string
	}{
		// exact=true: one literal name, never a fan-out.
		{"execute name=au-v* command=true exact=true", RCUsage, "exact=true"},
		{"execute name=au-v1,au-v2 command=true exact=true", RCUsage, "exact=true"},
		{"delete name=web-? exact=true", RCUsage, "contains '?'"},
		{"start name=w[12] exact=yes", RCUsage, "contains '['"},
		{"info name=c1 exact=true", RCUnreachable, ""},
		{"create name=c1 image=img exact=true", RCUnreachable, ""},
		{"pull name=c1 source=/etc/hostname exact=true", RCUnreachable, ""},
		{"execute name=au-v* command=true exact=false", RCUnreachable, ""},
		{"info name=c1 exact=perhaps", RCUsage, "exact=perhaps is not a truth value"},
		// A bare wildcard on a destructive command needs all=true.
		{"delete name=*", RCUsage, "add all=true"},
		{"remove name=**", RCUsage, "add all=true"},
		{"stop name=?*", RCUsage, "add all=true"},
		{"restart name=*,web-1", RCUsage, "add all=true"},
		{"restore name=[a-z]* snapshot=s1", RCUsage, "add all=true"},
		{"delete_snapshot name=* snapshot=s1", RCUsage, "add all=true"},
		{"delete name=* all=false", RCUsage, "add all=true"},
		{"delete name=* all=maybe", RCUsage, "all=maybe is not a truth value"},
		{"delete name=* all=true", RCUnreachable, ""},
		{"stop name=* all=yes force=true", RCUnreachable, ""},
		// A pattern with a fixed part, and a non-destructive command, go on.
		{"delete name=web-*", RCUnreachable, ""},
		{"stop name=*-1", RCUnreachable, ""},
		{"start name=*", RCUnreachable, ""},
		{"info name=*", RCUnreachable, ""},
		// all= belongs to the destructive commands only.
		{"start name=* all=true", RCUsage, "unknown key all="},
	} {
		rc, vars := run(t, env, tc.cmd)
		if rc != tc.rc || !strings.Contains(vars["RESULT.ERROR"], tc.want) {
			t.Errorf("%q: RC %d, ERROR %q; want RC %d and %q", tc.cmd, rc, vars["RESULT.ERROR"], tc.rc, tc.want)
		}
	}
}

func TestBareWildcard(t *testing.T) {
	for item, want := range map[string]bool{
		"*": true, "**": true, "?*": true, "?": true, "[a-z]*": true, "[!x]*": true, "[^x]*": true,
		"web-*": false, "*-1": false, "?a*": false, "web-[1-3]": false, "[a]b": false,
	} {
		if got := bareWildcard(item); got != want {
			t.Errorf("bareWildcard(%q) = %v, want %v", item, got, want)
		}
	}
}
