package interp_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
)

// TestStreamWritesSeenByCommands: a command run after LINEOUT sees the
// line in the file, and a file that cannot be closed at the end of the
// program is an error of Run, not a silent loss.
func TestStreamWritesSeenByCommands(t *testing.T) {
	f := filepath.Join(t.TempDir(), "out.txt")
	var seen string
	env := interp.EnvironmentFunc(func(_ context.Context, cmd string, _ *interp.Call) int {
		verb, arg, _ := strings.Cut(cmd, " ")
		switch verb {
		case "read":
			b, _ := os.ReadFile(f)
			seen = string(b)
		case "closefd":
			// The file's descriptor goes away under the stream, as when
			// a file system reports a failed write only on close.
			fd, err := strconv.Atoi(arg)
			if err != nil {
				return 1
			}
			if err := syscall.Close(fd); err != nil {
				return 2
			}
		}
		return 0
	})
	_, err := run(t, `
f = '`+f+`'
call lineout f, 'first'
address TEST 'read'
`, map[string]interp.Environment{"TEST": env})
	if err != nil {
		t.Fatal(err)
	}
	if seen != "first\n" {
		t.Fatalf("a command after LINEOUT read %q, want %q", seen, "first\n")
	}

	_, err = run(t, `
f = '`+f+`'
call lineout f, 'second'
address TEST 'closefd' stream(f, 'C', 'QUERY HANDLE')
if rc \= 0 then say 'closefd rc' rc
exit 0
`, map[string]interp.Environment{"TEST": env})
	if err == nil || !strings.Contains(err.Error(), "out.txt") {
		t.Fatalf("Run with a file that fails to close: error %v, want one naming out.txt", err)
	}
}
