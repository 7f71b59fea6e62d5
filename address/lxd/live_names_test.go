package lxd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestLiveStoppedInstanceNamed: commands that need a running instance,
// sent to a real stopped one, fail with a message that names it; LXD's
// own words ("Instance is not running", "The instance is already
// stopped") do not.
func TestLiveStoppedInstanceNamed(t *testing.T) {
	env, c := liveEnv(t)
	name := newName(t, c, "rxnamed")
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s", name, lxdtest.Image(), lxdtest.Pool()))
	for _, cmd := range []string{
		"execute name=%s command=true",
		"restart name=%s",
		"stop name=%s",
		"wait name=%s for=ready timeout=0.2",
		"move name=%s target=nowhere",
	} {
		cmd = fmt.Sprintf(cmd, name)
		rc, vars := run(t, env, cmd)
		if rc <= 0 {
			t.Errorf("%q: RC %d, want an error", cmd, rc)
		}
		if msg := vars["RESULT.ERROR"]; !strings.Contains(msg, name) {
			t.Errorf("%q: the message does not name %s: %s", cmd, name, msg)
		}
	}
}

// TestLiveFleetSummaryNamesOnce: over a fleet each row's NAME says where,
// and the summary names each failed instance once, not twice.
func TestLiveFleetSummaryNamesOnce(t *testing.T) {
	env, c := liveEnv(t)
	a, b := newName(t, c, "rxnamed"), newName(t, c, "rxnamed")
	for _, n := range []string{a, b} {
		mustRun(t, env, fmt.Sprintf("create name=%s image=%s storage=%s", n, lxdtest.Image(), lxdtest.Pool()))
	}
	rc, vars := run(t, env, fmt.Sprintf("execute name=%s,%s command=true", a, b))
	if rc <= 0 {
		t.Fatalf("execute in two stopped instances: RC %d", rc)
	}
	msg := vars["RESULT.ERROR"]
	for _, n := range []string{a, b} {
		if c := strings.Count(msg, n); c != 1 {
			t.Errorf("the summary names %s %d times, want once: %s", n, c, msg)
		}
	}
}
