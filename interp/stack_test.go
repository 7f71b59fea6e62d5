package interp

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/parser"
)

// runaway lists recursions that never end, of every kind that nests on
// the Go stack: each must end in error 11.
var runaway = map[string]string{
	"call":                    "call f 1\nexit\nf: procedure\n  parse arg n\n  call f n+1\n  return\n",
	"function":                "say f(1)\nexit\nf: procedure\n  parse arg n\n  return f(n+1)\n",
	"interpret":               "x = 'interpret x'; interpret x",
	"interpret in a function": "say f()\nexit\nf: interpret 'return f()'\n",
	// A level whose expression nests 900 deep takes hundreds of times
	// the stack of a plain call.
	"deep expression": "say f(1)\nexit\nf: procedure\n  parse arg n\n  return " +
		strings.Repeat("1+(", 900) + "f(n+1)" + strings.Repeat(")", 900) + "\n",
}

func runSource(t *testing.T, in *Interp, src string) (string, error) {
	t.Helper()
	prog, err := parser.Parse("t.rexx", src)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	var out bytes.Buffer
	in.Stdout, in.Stderr = &out, &out
	_, err = in.Run(context.Background(), prog)
	return out.String(), err
}

func wantError11(t *testing.T, name string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Err.Code != 11 {
		t.Errorf("%s: got %v, want error 11 (Control stack full)", name, err)
	}
}

// TestRunawayRecursion: with a small budget, every kind of runaway
// recursion ends in error 11 (INTERPRET used to crash the Go runtime).
func TestRunawayRecursion(t *testing.T) {
	for name, src := range runaway {
		in := New()
		in.MaxStack = 8 << 20
		_, err := runSource(t, in, src)
		wantError11(t, name, err)
	}
}

// TestDeepRecursion: the default budget allows 100,000 nested CALLs and
// 100,000 nested function calls (a fixed cap of 5,000 stopped both).
func TestDeepRecursion(t *testing.T) {
	if testing.Short() {
		t.Skip("deep recursion takes a few seconds")
	}
	src := "call f 1\nsay 'call' result\nsay 'function' g(1)\nexit\n" +
		"f: procedure\n  parse arg n\n  if n = 100000 then return n\n  call f n+1\n  return result\n" +
		"g: procedure\n  parse arg n\n  if n = 100000 then return n\n  return g(n+1)\n"
	out, err := runSource(t, New(), src)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if out != "call 100000\nfunction 100000\n" {
		t.Errorf("output %q", out)
	}
}

// TestMaxDepth: the optional count of nested calls still applies.
func TestMaxDepth(t *testing.T) {
	in := New()
	in.MaxDepth = 50
	out, err := runSource(t, in, "call f 1\nexit\nf: procedure\n  parse arg n\n  say n\n  call f n+1\n  return\n")
	wantError11(t, "MaxDepth 50", err)
	if !strings.HasSuffix(out, "\n50\n") {
		t.Errorf("output ends %q, want the 50th level last", out[max(0, len(out)-20):])
	}
}

// TestStackBudgetHolds runs the runaway recursions in a child process
// whose Go stack limit is only twice the interpreter's budget: if the
// budget undercounted the stack really used by half or more, the child
// would die of Go's fatal stack overflow instead of error 11. (The
// child may change the process-wide limit; the library never does.)
func TestStackBudgetHolds(t *testing.T) {
	if os.Getenv("REXXLXD_STACK_CHILD") == "1" {
		debug.SetMaxStack(64 << 20)
		for name, src := range runaway {
			in := New()
			in.MaxStack = 32 << 20
			_, err := runSource(t, in, src)
			wantError11(t, name, err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestStackBudgetHolds$", "-test.v")
	cmd.Env = append(os.Environ(), "REXXLXD_STACK_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		tail := string(out)
		if len(tail) > 3000 {
			tail = tail[:3000]
		}
		t.Fatalf("child: %v\n%s", err, tail)
	}
	if !strings.Contains(string(out), "--- PASS: TestStackBudgetHolds") {
		t.Fatalf("child did not pass:\n%s", out)
	}
}
