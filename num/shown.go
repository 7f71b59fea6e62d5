package num

import (
	"math"
	"math/big"
)

// A REXX value is a string, and a result of arithmetic is whatever string
// its number is spelled as. An interpreter that keeps a result as a Number
// rather than as that string (to skip formatting it and parsing it again on
// the next operation) must keep exactly the Number that Parse would read
// back from the string, since arithmetic depends on more than the value:
// "12000" * 1.0 is 12000.0 while 1.2E+4 * 1.0 is 1.20E+4. Shown gives that
// Number, and Text spells it without a Context.

// Shown returns the number c.String(n) spells, exactly as Parse reads that
// string back, and whether the spelling is in exponential notation: n
// rounded to DIGITS, zero as 0, and the zeros that plain (or engineering)
// notation writes before the decimal point moved into the coefficient.
// ok is false for a number whose exponent a Number cannot hold once
// moved (arithmetic raises error 42 long before).
func (c *Context) Shown(n Number) (shown Number, expo, ok bool) {
	shown, expo, _, ok = c.ShownSame(n)
	return shown, expo, ok
}

// ShownSame is Shown, and also reports whether the number shown is n
// itself, held alike (see Same), as most results of arithmetic are: an
// interpreter that keeps the number an operation made (as Regina does
// for the next operation) needs to keep it apart only when it is not.
func (c *Context) ShownSame(n Number) (shown Number, expo, same, ok bool) {
	if n.Sign() == 0 {
		return Number{}, false, n.big == nil && n.exp == 0, true
	}
	if size := int64(n.Digits()); size <= int64(c.Digits) {
		pad, expo := c.shownPad(n.Exponent(), size)
		if pad == 0 {
			return n, expo, true, true
		}
		if n.big == nil && size+pad <= 18 {
			return Number{coef: n.coef * pow10s[pad], exp: int32(int64(n.exp) - pad)}, expo, false, true
		}
	}
	w := toWide(n)
	w.round(int64(c.Digits))
	pad, expo := c.shownPad(w.e, w.ndigits())
	if pad > 0 {
		w.c = new(big.Int).Mul(w.c, bigPow10(pad))
		w.e -= pad
		w.nd = 0
	}
	if w.e > math.MaxInt32 || w.e < math.MinInt32 {
		return Number{}, false, false, false
	}
	// Rounded to fewer digits, or padded: never n itself.
	return fromWide(w), expo, false, true
}

// Digits returns how many digits n's coefficient has (1 for zero).
func (n Number) Digits() int {
	if n.big == nil {
		return digits64(abs64(n.coef))
	}
	if n.big.nd > 0 {
		return int(n.big.nd)
	}
	return int(numDigits(n.big.coef))
}

// Exponent returns the exponent of n's last digit: n is its coefficient
// times 10 to that power.
func (n Number) Exponent() int64 {
	if n.big == nil {
		return int64(n.exp)
	}
	return int64(n.big.exp)
}

// shownPad returns how many zeros the notation String uses for a number
// of size digits whose last digit has exponent e writes after those
// digits (before the point or the exponent), and whether that notation is
// exponential. It mirrors layout.
func (c *Context) shownPad(e, size int64) (pad int64, expo bool) {
	pos := e + size
	exp := pos - 1
	if exp < -6 || exp >= int64(c.Digits) {
		expo = true
		if c.Form == Engineering {
			exp -= mod3(exp)
		}
	} else {
		exp = 0
	}
	if point := pos - exp; point > size {
		pad = point - size
	}
	return pad, expo
}

// fromWide returns w as a Number, inline when its coefficient allows. It
// checks no exponent limit (finish does). w.c is never changed once in a
// wide (see wide), so a big Number keeps it rather than a copy.
func fromWide(w wide) Number {
	if w.c.IsInt64() {
		if c := w.c.Int64(); c <= maxSmall {
			if w.neg {
				c = -c
			}
			return Number{coef: c, exp: int32(w.e)}
		}
	}
	return Number{big: &bigNum{neg: w.neg, exp: int32(w.e), coef: w.c, nd: w.nd}}
}

// Text spells n in REXX notation with every digit it has, exponential
// when the exponent of its first digit is below -6 or at least ccns, in
// form's style: for a number Shown returned, ccns 0 when Shown said
// exponential and math.MaxInt otherwise give back c.String's spelling.
func (n Number) Text(ccns int, form Form) string {
	if n.big == nil {
		if n.coef == 0 {
			return "0"
		}
		return layout(n.coef < 0, uitoa(abs64(n.coef)), int64(n.exp), ccns, form)
	}
	return layoutWide(toWide(n), ccns, form)
}

// Small returns n's coefficient and exponent (n = coef × 10**exp) when
// n is held inline.
func (n Number) Small() (coef int64, exp int32, ok bool) {
	return n.coef, n.exp, n.big == nil
}

// FromSmall returns coef × 10**exp; coef must be one Small returned.
func FromSmall(coef int64, exp int32) Number { return Number{coef: coef, exp: exp} }

// Same reports whether a and b are held alike: the same coefficient and
// exponent, so that arithmetic treats them alike (1.0 and 1 are equal
// numbers, but not the same).
func Same(a, b Number) bool {
	switch {
	case a.big == nil && b.big == nil:
		return a.coef == b.coef && a.exp == b.exp
	case a.big != nil && b.big != nil:
		return a.big.neg == b.big.neg && a.big.exp == b.big.exp && a.big.coef.Cmp(b.big.coef) == 0
	}
	return false
}

// uitoa formats u in decimal.
func uitoa(u uint64) string {
	var b [20]byte
	i := len(b)
	for u >= 10 {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
	}
	i--
	b[i] = byte('0' + u)
	return string(b[i:])
}
