package lxdtest

import (
	"bufio"
	"net"
	"path/filepath"
	"testing"
)

// DroppingSocket returns the path of a unix socket that accepts every
// connection, reads the request line and hangs up without an answer, as a
// daemon killed under a request does. It is closed when the test ends.
func DroppingSocket(t testing.TB) string {
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
