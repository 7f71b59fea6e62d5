package interp

import (
	"math"
	"strconv"
	"testing"

	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/parser"
)

// TestLazyCatSites checks which assignments of a concatenation keep
// their value unspelled (compiler.lazyCats): only a literal prefix that
// makes no number and does not end in a digit, assigned to a simple
// variable the program never reads in an expression.
func TestLazyCatSites(t *testing.T) {
	for _, c := range []struct {
		src  string
		lazy bool
	}{
		{"k = 'KEY'i; a.k = i", true},
		{"k = 'X.'i; a.k.j = i", true},
		{"k = 'KEY'i; a.k = i; parse var k x; say value('k')", true},
		{"k = 'KEY'i; a.k = i; say k", false},                     // read: spelled once, at the assignment
		{"k = 'KEY'i; a.k = i; call f k; exit; f: return", false}, // read as an argument
		{"k = '1E'i; a.k = i", false},                             // '1E'i may be a number
		{"k = ' -'i; a.k = i", false},
		{"k = '09'x||i; a.k = i", false},      // '09'x || 2 is the number 2
		{"k = '0d0a'x||i; a.k = i", false},    // so is CR LF 2
		{"k = 'x'||'09'x||i; a.k = i", false}, // no literal: an expression
		{"k = '780b'x || i; a.k = i", true},   // x VT 2 is no number
		{"k = 'A1'i; a.k = i", false},         // the tail's number is longer than i
		{"k = ''i; a.k = i", false},
		{"k = 'KEY' i; a.k = i", false}, // concatenation with a blank
		{"k = p'KEY'; a.k = i", false},  // the prefix is no literal
		{"a.k = 'KEY'i", false},         // not a simple variable
		// Written, not read: a target of DO, DROP, PARSE templates and EXPOSE.
		{"k = 'KEY'i; a.k = i; do k = 1 to 2; end; drop k", true},
		{"k = 'KEY'i; a.k = i; parse value 'x' with k 1 (j) j; f: procedure expose k", true},
		// Read: in a condition, a pattern, a redirection, a nested expression.
		{"k = 'KEY'i; a.k = i; if k = 1 then nop", false},
		{"k = 'KEY'i; a.k = i; parse value 'x' with j (k) j", false},
		{"k = 'KEY'i; a.k = i; address system 'ls' with output stream k", false},
		{"k = 'KEY'i; a.k = i; x = f(1 + (k))", false},
	} {
		prog, err := parser.Parse("t.rexx", c.src)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		lazy := false
		for _, in := range compile(prog).clauses {
			if as, ok := in.(*iAssign); ok {
				if b, ok := as.x.(*binaryExpr); ok && b.cat != nil {
					lazy = true
				}
			}
		}
		if lazy != c.lazy {
			t.Errorf("%s: lazy %v, want %v", c.src, lazy, c.lazy)
		}
	}
}

// TestNotInNumber checks the character set catTag relies on against
// num.Parse: a character that some number has, around it, after its
// sign or inside it, must not be one notInNumber calls foreign.
func TestNotInNumber(t *testing.T) {
	for c := 0; c < 256; c++ {
		ch := string(rune(c))
		if c >= 0x80 {
			ch = string([]byte{byte(c)})
		}
		for _, s := range []string{ch + "1", "1" + ch, "1" + ch + "1", "-" + ch + "1", ch + "-1" + ch, "1" + ch + "5"} {
			if _, ok := num.Parse(s); ok && notInNumber(rune(c)) {
				t.Errorf("%q is a number, but notInNumber(%q) says no number has it", s, ch)
			}
		}
	}
}

// TestIntDigits checks the spelling of integers in concatenations and
// tails (intDigits, appendInt, putDigits) against strconv, around every
// power of ten and at the ends of int64.
func TestIntDigits(t *testing.T) {
	check := func(i int64) {
		want := strconv.FormatInt(i, 10)
		var d [20]byte
		if got := intDigits(&d, i); got != want {
			t.Fatalf("intDigits(%d) = %q", i, got)
		}
		if got := string(appendInt([]byte("x."), i)); got != "x."+want {
			t.Fatalf("appendInt(x., %d) = %q", i, got)
		}
		if got := string(appendInt(make([]byte, 0, 64), i)); got != want {
			t.Fatalf("appendInt(%d) = %q", i, got)
		}
	}
	for i := int64(0); i < 100000; i++ {
		check(i)
	}
	for p := int64(10); p <= 1e18; p *= 10 {
		for _, i := range []int64{p - 1, p, p + 1, -p, -p + 1} {
			check(i)
		}
	}
	for _, i := range []int64{-1, math.MaxInt64, math.MinInt64, 123456789, 987654321} {
		check(i)
	}
}
