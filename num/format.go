package num

import (
	"strconv"
	"strings"
)

// String returns the REXX form of n under the context, as Regina prints
// a result: rounded to DIGITS (half up), trailing zeros kept, in plain
// notation unless the exponent of its first digit is below -6 or at least
// DIGITS, then in scientific or engineering notation as FORM says. Zero
// is "0".
func (c *Context) String(n Number) string {
	if n.big == nil {
		if n.coef == 0 {
			return "0"
		}
		if n.exp == 0 {
			if lim := c.digitLimit(); lim != 0 && n.coef < lim && n.coef > -lim {
				return strconv.FormatInt(n.coef, 10)
			}
		}
	}
	if lim := c.digitLimit(); n.big == nil && lim != 0 && n.coef < lim && n.coef > -lim {
		return layout(n.coef < 0, strconv.FormatUint(abs64(n.coef), 10), int64(n.exp), c.Digits, c.Form)
	}
	w := toWide(n)
	w.round(int64(c.Digits))
	return layoutWide(w, c.Digits, c.Form)
}

// full returns n with all its digits, as Regina quotes an operand in an
// error message.
func (c *Context) full(n Number) string {
	w := toWide(n)
	return layoutWide(w, int(w.ndigits()), c.Form)
}

// layoutWide writes w in REXX notation; ccns decides when the
// exponential form is used.
func layoutWide(w wide, ccns int, form Form) string {
	if w.isZero() {
		return "0"
	}
	return layout(w.neg, w.c.String(), w.e, ccns, form)
}

// layout writes ±mant × 10**e (mant: digits without leading zeros) in
// REXX notation, exponential when the first digit's exponent is below -6
// or at least ccns.
func layout(neg bool, mant string, e int64, ccns int, form Form) string {
	if mant == "0" {
		return "0"
	}
	size := int64(len(mant))
	pos := e + size
	exp := pos - 1
	if exp < -6 || exp >= int64(ccns) {
		if form == Engineering {
			exp -= mod3(exp)
		}
	} else {
		exp = 0
	}
	point := pos - exp
	return Spell(neg, mant, point, exp)
}

// Spell writes a number given as its sign, its digits, the place of the
// decimal point counted from the left of the digits (0 or less puts
// zeros after the point, more than the digits pads with zeros) and a
// power of ten, in REXX notation: "-12.5", "0.0012", "1.25E+7". FORMAT
// lays numbers out with it too.
func Spell(neg bool, mant string, point, exp int64) string {
	size := int64(len(mant))
	var b strings.Builder
	b.Grow(int(size) + 8)
	if neg {
		b.WriteByte('-')
	}
	switch {
	case point <= 0:
		b.WriteByte('0')
	case point <= size:
		b.WriteString(mant[:point])
	default:
		b.WriteString(mant)
		b.WriteString(strings.Repeat("0", int(point-size)))
	}
	if point < size {
		b.WriteByte('.')
		if point < 0 {
			b.WriteString(strings.Repeat("0", int(-point)))
			b.WriteString(mant)
		} else {
			b.WriteString(mant[point:])
		}
	}
	if exp != 0 {
		b.WriteByte('E')
		if exp > 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.FormatInt(exp, 10))
	}
	return b.String()
}
