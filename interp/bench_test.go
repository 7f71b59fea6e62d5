package interp_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// benchProgram runs src, with args, once per iteration.
func benchProgram(b *testing.B, src string, args ...string) {
	prog, err := parser.Parse("bench.rexx", src)
	if err != nil {
		b.Fatal(err)
	}
	in := interp.New()
	in.Stdout = io.Discard
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := in.Run(context.Background(), prog, args...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCountedLoop: a counted loop with integer arithmetic,
// 100,000 iterations per op.
func BenchmarkCountedLoop(b *testing.B) {
	benchProgram(b, "s = 0; do i = 1 to 100000; s = s + i * 2; if s > 1000000 then s = s // 1000; end")
}

// BenchmarkConcat: string concatenation, 10,000 appends per op.
func BenchmarkConcat(b *testing.B) {
	benchProgram(b, "s = ''; do i = 1 to 10000; s = s || 'x' i; end")
}

// BenchmarkCompound: fill and read back 10,000 compound variables per op.
func BenchmarkCompound(b *testing.B) {
	benchProgram(b, "do i = 1 to 10000; a.i = i; end; t = 0; do i = 1 to 10000; t = t + a.i; end")
}

// fibSource computes fib(18) by recursive procedure calls; fib(18) is
// 2584 and takes 8,361 calls (TestRecursionCalls counts them).
const fibSource = "x = fib(18); exit\nfib: procedure; arg n; if n < 2 then return n; return fib(n-1) + fib(n-2)"

// BenchmarkRecursion: recursive procedure calls, one fib(18) per op; it
// reports the calls per op, counted by an instrumented copy.
func BenchmarkRecursion(b *testing.B) {
	calls, err := countCalls(fibSource)
	if err != nil {
		b.Fatal(err)
	}
	benchProgram(b, fibSource)
	b.ReportMetric(float64(calls), "calls/op") // after benchProgram, whose ResetTimer drops metrics
}

// countCalls runs src with its "fib: procedure;" counting each call in
// the variable CALLS, and returns the count.
func countCalls(src string) (int, error) {
	counted := strings.Replace(src, "fib: procedure;", "fib: procedure expose calls; calls = calls + 1;", 1)
	if counted == src {
		return 0, fmt.Errorf("no \"fib: procedure;\" to count in %q", src)
	}
	prog, err := parser.Parse("count.rexx", "calls = 0\n"+counted)
	if err != nil {
		return 0, err
	}
	in := interp.New()
	in.Stdout = io.Discard
	if _, err := in.Run(context.Background(), prog); err != nil {
		return 0, err
	}
	v, _ := in.Vars().Get("CALLS")
	return strconv.Atoi(v)
}

// TestRecursionCalls counts the procedure calls of the recursion
// benchmarks and checks the figure docs/performance.md publishes for
// bench/recursion.rexx.
func TestRecursionCalls(t *testing.T) {
	calls, err := countCalls(fibSource)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 8361 {
		t.Errorf("fib(18) made %d calls, want 8361 (2*fib(19)-1)", calls)
	}
	src, err := os.ReadFile("../bench/recursion.rexx")
	if err != nil {
		t.Fatal(err)
	}
	total, err := countCalls(string(src))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../docs/performance.md")
	if err != nil {
		t.Fatal(err)
	}
	figure := fmt.Sprintf("%d,%03d procedure calls", total/1000, total%1000)
	if !strings.Contains(string(doc), figure) {
		t.Errorf("bench/recursion.rexx makes %d procedure calls; docs/performance.md does not say %q", total, figure)
	}
}

// BenchmarkDecimal: non-integer arithmetic, 10,000 operations per op.
func BenchmarkDecimal(b *testing.B) {
	benchProgram(b, "s = 0; do i = 1 to 10000; s = s + 0.5; end")
}
