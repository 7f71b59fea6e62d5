package num

import (
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// String returns the REXX form of a number under the context: rounded to
// DIGITS, in plain notation unless that would need more than DIGITS
// places before the point, or the first significant digit is more than
// six places after it (Regina's rule: 0.0000015 but 1.5E-7); then in
// scientific or engineering notation as FORM says. Zero is "0".
func (c *Context) String(n Number) string {
	var coef string
	var exp int64
	neg := false
	if n.big == nil && n.coef < pow10(min(c.Digits, 18)) && n.coef > -pow10(min(c.Digits, 18)) {
		if n.coef == 0 {
			return "0"
		}
		if n.exp == 0 {
			return strconv.FormatInt(n.coef, 10)
		}
		neg = n.coef < 0
		v := n.coef
		if neg {
			v = -v
		}
		coef, exp = strconv.FormatInt(v, 10), int64(n.exp)
	} else {
		d := new(apd.Decimal)
		apdContext(c.Digits).Round(d, n.decimal())
		if d.IsZero() {
			return "0"
		}
		neg = d.Negative
		coef, exp = d.Coeff.String(), int64(d.Exponent)
	}
	return layout(neg, coef, exp, c.Digits, c.Form)
}

// layout writes coefficient digits times 10**exp in REXX notation.
func layout(neg bool, coef string, exp int64, digits int, form Form) string {
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	adj := exp + int64(len(coef)) - 1
	if adj < int64(digits) && adj >= -6 {
		switch {
		case exp >= 0:
			b.WriteString(coef)
			for i := int64(0); i < exp; i++ {
				b.WriteByte('0')
			}
		case adj >= 0:
			k := int(adj + 1)
			b.WriteString(coef[:k])
			b.WriteByte('.')
			b.WriteString(coef[k:])
		default:
			b.WriteString("0.")
			for i := int64(0); i < -adj-1; i++ {
				b.WriteByte('0')
			}
			b.WriteString(coef)
		}
		return b.String()
	}
	before := 1
	if form == Engineering {
		shift := int(adj % 3)
		if shift < 0 {
			shift += 3
		}
		before += shift
		adj -= int64(shift)
	}
	for len(coef) < before {
		coef += "0"
	}
	b.WriteString(coef[:before])
	if len(coef) > before {
		b.WriteByte('.')
		b.WriteString(coef[before:])
	}
	b.WriteByte('E')
	if adj >= 0 {
		b.WriteByte('+')
	}
	b.WriteString(strconv.FormatInt(adj, 10))
	return b.String()
}
