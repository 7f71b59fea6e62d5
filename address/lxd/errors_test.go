package lxd

import (
	"strings"
	"testing"
)

// TestFleetUnreachableSaidOnce: a fleet whose members all fail because
// the daemon cannot be reached says why once, with their names, and
// without the client package's "lxd: " (it said "a: lxd: LXD not
// reachable ...; hint; b: lxd: LXD not reachable ...; hint" before).
func TestFleetUnreachableSaidOnce(t *testing.T) {
	rc, vars := run(t, offline(), "start name=a,b,c")
	msg := vars["RESULT.ERROR"]
	if rc != RCUnreachable || !strings.HasPrefix(msg, "start: 3 of 3 failed: LXD not reachable at /nonexistent/") ||
		!strings.HasSuffix(msg, " (a, b, c)") {
		t.Errorf("RC %d, ERROR %q", rc, msg)
	}
	if strings.Contains(msg, "lxd: ") || strings.Count(msg, "LXD not reachable") != 1 || strings.Count(msg, unreachableHint) != 1 {
		t.Errorf("ERROR %q: want the reason and the hint once, no \"lxd: \"", msg)
	}
	for i, name := range []string{"a", "b", "c"} {
		row := "RESULT." + string(rune('1'+i)) + "."
		if vars[row+"NAME"] != name || !strings.HasPrefix(vars[row+"ERROR"], "start: LXD not reachable at ") {
			t.Errorf("row %d: NAME %q ERROR %q", i+1, vars[row+"NAME"], vars[row+"ERROR"])
		}
	}
}
