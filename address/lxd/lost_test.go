package lxd

import (
	"bufio"
	"net"
	"path/filepath"
	"strings"
	"testing"
)

// droppingSocket accepts connections, reads the request line and hangs up
// without an answer, as a daemon killed under a request does.
func droppingSocket(t *testing.T) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "drop.socket")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			bufio.NewReader(conn).ReadString('\n')
			conn.Close()
		}
	}()
	return sock
}

// TestConnectionLostIsFailure: a connection that breaks under a command
// is RC -4 (FAILURE), not RC 1 ("LXD refused"), and the message says the
// connection was lost and the instance's state is unknown.
func TestConnectionLostIsFailure(t *testing.T) {
	env := New(Config{Socket: droppingSocket(t)})
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
