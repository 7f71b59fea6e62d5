package interp_test

import (
	"context"
	"io"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// benchProgram runs src once per iteration.
func benchProgram(b *testing.B, src string) {
	prog, err := parser.Parse("bench.rexx", src)
	if err != nil {
		b.Fatal(err)
	}
	in := interp.New()
	in.Stdout = io.Discard
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := in.Run(context.Background(), prog); err != nil {
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

// BenchmarkRecursion: recursive procedure calls, fib(18) = 4181 calls per op.
func BenchmarkRecursion(b *testing.B) {
	benchProgram(b, "x = fib(18); exit\nfib: procedure; arg n; if n < 2 then return n; return fib(n-1) + fib(n-2)")
}

// BenchmarkDecimal: non-integer arithmetic, 10,000 operations per op.
func BenchmarkDecimal(b *testing.B) {
	benchProgram(b, "s = 0; do i = 1 to 10000; s = s + 0.5; end")
}
