package num

import (
	"math/big"
	"math/rand"
	"strings"
	"testing"
)

// TestSetDigitsMatchesSetString checks the chunked digit reader against
// math/big's own on mantissas of every length around the chunk size,
// with leading zeros and a decimal point anywhere.
func TestSetDigitsMatchesSetString(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for z := r.Intn(4); z > 0; z-- {
			b.WriteByte('0')
		}
		for n := 1 + r.Intn(80); n > 0; n-- {
			b.WriteByte(byte('0' + r.Intn(10)))
		}
		digits := b.String()
		m := digits
		if p := r.Intn(len(digits) + 1); r.Intn(2) == 0 {
			m = digits[:p] + "." + digits[p:]
		}
		want, _ := new(big.Int).SetString(digits, 10)
		var got big.Int
		setDigits(&got, m)
		if got.Cmp(want) != 0 {
			t.Fatalf("setDigits(%q) = %s, want %s", m, got.String(), want.String())
		}
	}
}

// TestParsePartsMatchesDecompose checks ParseParts against Parse and
// Decompose on numbers of every length, with points, exponents, blanks
// and signs, and on strings that are not numbers.
func TestParsePartsMatchesDecompose(t *testing.T) {
	r := rand.New(rand.NewSource(12))
	cases := []string{"", " ", ".", "1e", "abc", "0", "-0.000", "000000000000000000000000000.0000000001",
		"1E999999999", "12345678901234567890123E-2147483650", " - 123456789012345678901234567890.5 "}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		b.WriteString([]string{"", " ", "-", "+", "- "}[r.Intn(5)])
		for z := r.Intn(3); z > 0; z-- {
			b.WriteByte('0')
		}
		digits := make([]byte, 1+r.Intn(60))
		for j := range digits {
			digits[j] = byte('0' + r.Intn(10))
		}
		if p := r.Intn(len(digits) + 1); r.Intn(2) == 0 {
			b.WriteString(string(digits[:p]) + "." + string(digits[p:]))
		} else {
			b.Write(digits)
		}
		if r.Intn(3) == 0 {
			b.WriteString([]string{"E", "e+", "E-"}[r.Intn(3)])
			b.WriteString(strings.Repeat("9", r.Intn(3)) + string(rune('0'+r.Intn(10))))
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		n, ok := Parse(s)
		neg, digits, exp, ok2 := ParseParts(s)
		if ok != ok2 {
			t.Fatalf("%q: Parse ok %v, ParseParts ok %v", s, ok, ok2)
		}
		if !ok {
			continue
		}
		wn, wd, we := n.Decompose()
		if neg != wn || digits != wd || exp != we {
			t.Fatalf("%q: ParseParts %v %s e%d, Decompose %v %s e%d", s, neg, digits, exp, wn, wd, we)
		}
	}
}
