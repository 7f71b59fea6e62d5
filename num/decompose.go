package num

import "strconv"

// Decompose returns the parts of n exactly as held, unrounded: its sign,
// its coefficient digits (no leading zeros, trailing zeros kept; "0" for
// zero) and its exponent, so that n = ±digits × 10**exp. Zero is never
// negative and has exponent 0. Built-ins such as TRUNC and FORMAT, which
// Regina applies to every digit of their argument, work from these parts.
func (n Number) Decompose() (neg bool, digits string, exp int64) {
	if n.Sign() == 0 {
		return false, "0", 0
	}
	if n.big == nil {
		c := n.coef
		if c < 0 {
			neg, c = true, -c
		}
		return neg, strconv.FormatInt(c, 10), int64(n.exp)
	}
	return n.big.neg, n.big.coef.String(), int64(n.big.exp)
}

// ParseParts is Parse followed by Decompose, without building the number:
// a long coefficient is copied as digits rather than converted to binary
// and back, which is most of the cost of a built-in such as MIN or MAX on
// numbers of many digits.
func ParseParts(s string) (neg bool, digits string, exp int64, ok bool) {
	var sc longMant
	n, why := scan(s, &sc)
	if why != parsed {
		return false, "", 0, false
	}
	if sc.mant == "" {
		neg, digits, exp = n.Decompose()
		return neg, digits, exp, true
	}
	b := make([]byte, 0, len(sc.mant))
	for i := 0; i < len(sc.mant); i++ {
		ch := sc.mant[i]
		if ch == '.' || (ch == '0' && len(b) == 0) {
			continue
		}
		b = append(b, ch)
	}
	return sc.neg, string(b), int64(sc.exp), true
}
