package interp_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
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

// failWriter fails every write, as standard output on a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestLostSayOutputIsAnError: SAY output that cannot be written when the
// program ends makes Run fail, with or without EXIT.
func TestLostSayOutputIsAnError(t *testing.T) {
	for _, src := range []string{"say 'a'", "say 'a'; exit 0"} {
		prog, err := parser.Parse("t.rexx", src)
		if err != nil {
			t.Fatal(err)
		}
		in := interp.New()
		in.Stdout, in.Stderr, in.Stdin = failWriter{}, io.Discard, strings.NewReader("")
		if _, err := in.Run(context.Background(), prog); err == nil || !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("%q with standard output failing: Run error %v, want ENOSPC", src, err)
		}
	}
}
