package interp_test

import (
	"os"
	"testing"
)

// benchFile runs a program of bench/ with args once per op, so the Go
// benchmark and bench/compare.sh measure the same program.
func benchFile(b *testing.B, name string, args string) {
	src, err := os.ReadFile("../bench/" + name)
	if err != nil {
		b.Fatal(err)
	}
	benchProgram(b, string(src), args)
}

// BenchmarkWords: bench/words.rexx, word processing, 1,000 generated lines
// per op.
func BenchmarkWords(b *testing.B) { benchFile(b, "words.rexx", "1000") }

// BenchmarkBigStem: bench/bigstem.rexx, fill and sum a stem of 100,000
// entries per op, each op with a fresh stem, so the cost of growing the
// pool shows.
func BenchmarkBigStem(b *testing.B) { benchFile(b, "bigstem.rexx", "100000") }

// BenchmarkStrings: bench/strings.rexx, string built-ins and PARSE VAR on
// a line of command output, 200,000 times per op.
func BenchmarkStrings(b *testing.B) { benchFile(b, "strings.rexx", "") }
