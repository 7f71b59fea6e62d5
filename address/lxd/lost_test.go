package lxd

import (
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestConnectionLostIsFailure: a connection that breaks under a command
// is RC -4 (FAILURE), not RC 1 ("LXD refused"), and the message says the
// connection was lost and the instance's state is unknown.
func TestConnectionLostIsFailure(t *testing.T) {
	env := New(Config{Socket: lxdtest.DroppingSocket(t)})
	defer env.Close()
	for _, tc := range []struct{ cmd, want string }{
		{"start name=c1", "the state of c1 is unknown"},
		{"stop name=c1 force=true", "the state of c1 is unknown"},
		{"list", "whether LXD did what was asked is unknown"},
	} {
		rc, vars := run(t, env, tc.cmd)
		if rc != RCConnectionLost || vars["RESULT.SUCCESS"] != "0" {
			t.Errorf("%q: RC %d, want %d: %s", tc.cmd, rc, RCConnectionLost, vars["RESULT.OUTPUT"])
		}
		for _, w := range []string{"connection to LXD lost", tc.want} {
			if !strings.Contains(vars["RESULT.OUTPUT"], w) || !strings.Contains(vars["RESULT.ERROR"], w) {
				t.Errorf("%q: OUTPUT %q / ERROR %q lack %q", tc.cmd, vars["RESULT.OUTPUT"], vars["RESULT.ERROR"], w)
			}
		}
	}
}
