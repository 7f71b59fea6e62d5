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
	return n.big.Negative, n.big.Coeff.String(), int64(n.big.Exponent)
}
