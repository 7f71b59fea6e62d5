package builtin

import (
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// This file holds the numeric built-ins that pick or cut numbers: ABS,
// SIGN, MAX, MIN and TRUNC. Like Regina (outside its STRICT_ANSI option)
// they keep every digit of their arguments instead of rounding them to
// NUMERIC DIGITS first, so ABS(1.2345678905) is 1.2345678905.

func init() {
	register("ABS", 1, 1, abs)
	register("SIGN", 1, 1, sign)
	register("MAX", 1, -1, maxFn)
	register("MIN", 1, -1, minFn)
	register("TRUNC", 1, 2, trunc)
	register("FORMAT", 1, 5, format)
	register("D2X", 1, 2, d2x)
	register("D2C", 1, 2, d2c)
	register("X2D", 1, 2, x2d)
	register("C2D", 1, 2, c2d)
	register("DATATYPE", 1, 2, datatype)
}

// descr is a number as Regina's built-ins see it: the value is
// 0.mant × 10**e, mant has no leading zeros, and zero is mant "0", e 1.
type descr struct {
	neg  bool
	mant string
	e    int64
}

func (d descr) isZero() bool { return d.mant == "0" }

// parseDescr reads a REXX number into a descr.
func parseDescr(s string) (descr, bool) {
	neg, digits, exp, ok := num.ParseParts(s)
	if !ok {
		return descr{}, false
	}
	if digits == "0" {
		return descr{mant: "0", e: 1}, true
	}
	return descr{neg: neg, mant: digits, e: exp + int64(len(digits))}, true
}

// numArg returns argument i, which must be a number (40.11) with an
// exponent within Regina's limits (40.9).
func numArg(fn string, args []Arg, i int) (descr, error) {
	if !argPresent(args, i) {
		return descr{}, missingArg(fn)
	}
	d, ok := parseDescr(args[i].Value)
	if !ok && num.ExponentTooLarge(args[i].Value) {
		return descr{}, rexxerr.New(40, 9, "%s argument %d exponent exceeds 9 digits; found \"%s\"", fn, i+1, args[i].Value)
	}
	if !ok {
		return descr{}, rexxerr.New(40, 11, "%s argument %d must be a number; found \"%s\"", fn, i+1, args[i].Value)
	}
	return d, nil
}

// cmpDescr compares two numbers exactly: -1, 0 or 1.
func cmpDescr(a, b descr) int {
	sa, sb := a.sign(), b.sign()
	if sa != sb {
		if sa < sb {
			return -1
		}
		return 1
	}
	if sa == 0 {
		return 0
	}
	r := 0
	switch {
	case a.e != b.e:
		r = 1
		if a.e < b.e {
			r = -1
		}
	default:
		n := max(len(a.mant), len(b.mant))
		for i := 0; i < n && r == 0; i++ {
			x, y := digitAt(a.mant, i), digitAt(b.mant, i)
			if x != y {
				r = 1
				if x < y {
					r = -1
				}
			}
		}
	}
	return r * sa
}

func (d descr) sign() int {
	switch {
	case d.isZero():
		return 0
	case d.neg:
		return -1
	}
	return 1
}

// digitAt returns mant[i], or '0' past its end.
func digitAt(mant string, i int) byte {
	if i >= 0 && i < len(mant) {
		return mant[i]
	}
	return '0'
}

// abs is ABS(number): the number without its sign, every digit kept.
func abs(c *num.Context, args []Arg) (string, error) {
	d, err := numArg("ABS", args, 0)
	if err != nil {
		return "", err
	}
	d.neg = false
	return norm(d, len(d.mant), c.Form)
}

// sign is SIGN(number): -1, 0 or 1.
func sign(c *num.Context, args []Arg) (string, error) {
	d, err := numArg("SIGN", args, 0)
	if err != nil {
		return "", err
	}
	switch d.sign() {
	case -1:
		return "-1", nil
	case 1:
		return "1", nil
	}
	return "0", nil
}

func maxFn(c *num.Context, args []Arg) (string, error) { return minmax(c, "MAX", args, 1) }
func minFn(c *num.Context, args []Arg) (string, error) { return minmax(c, "MIN", args, -1) }

// minmax picks the largest (want 1) or smallest (want -1) argument,
// comparing exactly; the first of equal values wins. Like Regina, an
// omitted argument is 40.3 naming the number of arguments given.
func minmax(c *num.Context, fn string, args []Arg, want int) (string, error) {
	given := len(args)
	for given > 0 && !args[given-1].Present {
		given--
	}
	var best descr
	for i := 0; i < given; i++ {
		if !args[i].Present {
			return "", rexxerr.New(40, 3, "Not enough arguments in invocation of \"%s\"; minimum expected is %d", fn, given)
		}
		d, err := numArg(fn, args, i)
		if err != nil {
			return "", err
		}
		if i == 0 || cmpDescr(d, best)*want > 0 {
			best = d
		}
	}
	if given == 0 {
		return "", rexxerr.New(40, 3, "Not enough arguments in invocation of \"%s\"; minimum expected is %d", fn, 1)
	}
	return norm(best, len(best.mant), c.Form)
}

// trunc is TRUNC(number[,decimals]): the number cut, not rounded, to the
// given number of decimals (default 0), every integer digit kept. It lays
// the digits out as Regina does, quirks included: the sign stays on a
// result that is zero (TRUNC(-0.5) is -0), and a number below 0.1 gets all
// the zeros between the point and its first digit even when they are more
// than the decimals asked for (TRUNC(0.000123,2) is 0.000).
func trunc(c *num.Context, args []Arg) (string, error) {
	deci, err := optWhole(c, "TRUNC", args, 1, nonNeg, 0)
	if err != nil {
		return "", err
	}
	d, err := numArg("TRUNC", args, 0)
	if err != nil {
		return "", err
	}
	size, e, dec := int64(len(d.mant)), d.e, int64(deci)
	if err := checkLen(max(e, 0) + max(-e, 0) + dec + 3); err != nil {
		return "", err
	}
	var b strings.Builder
	if d.neg {
		b.WriteByte('-')
	}
	i := int64(0)
	for ; i < min(e, size); i++ {
		b.WriteByte(d.mant[i])
	}
	k := i
	for ; k < e; k++ {
		b.WriteByte('0')
	}
	if k == 0 {
		b.WriteByte('0')
	}
	k = 0
	if dec > 0 {
		b.WriteByte('.')
		for ; k > e; k-- {
			b.WriteByte('0')
		}
	}
	for top := min(size-e, dec) + i + k; i < top; i++ {
		b.WriteByte(digitAt(d.mant, int(i)))
	}
	for ; i < dec+min(e, size); i++ {
		b.WriteByte('0')
	}
	return b.String(), nil
}
