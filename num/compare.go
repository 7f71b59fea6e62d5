package num

import "math/big"

// Compare compares a and b as Regina does, -1, 0 or 1. Numbers of
// different sign or magnitude (position of the first digit) differ; else
// their first DIGITS-FUZZ digits decide, and when those agree, the next
// digit of each: equal if both would round the same way. Regina's test
// there counts a 5 as rounding down against a smaller digit, so at DIGITS
// 9, 1234567895 compares below 1234567894; that is reproduced.
func (c *Context) Compare(a, b Number) int {
	if r, ok := c.compareSmall(a, b); ok {
		return r
	}
	x, y := toWide(a), toWide(b)
	xz, yz := x.isZero(), y.isZero()
	switch {
	case xz && yz:
		return 0
	case xz:
		return neg1(y.neg) * -1
	case yz:
		return neg1(x.neg)
	case x.neg != y.neg:
		return neg1(x.neg)
	}
	sgn := neg1(x.neg)
	if px, py := x.pos(), y.pos(); px != py {
		if px > py {
			return sgn
		}
		return -sgn
	}
	xm, ym := x.c.String(), y.c.String()
	top := min(c.Digits-c.Fuzz, max(len(xm), len(ym)))
	i := 0
	for ; i < top; i++ {
		if dx, dy := digitOf(xm, i), digitOf(ym, i); dx != dy {
			if dx > dy {
				return sgn
			}
			return -sgn
		}
	}
	dx, dy := digitOf(xm, i), digitOf(ym, i)
	if (dx > '4') == (dy > '4') {
		return 0
	}
	if dx > '5' {
		return sgn
	}
	return -sgn
}

// neg1 returns -1 for a negative sign and 1 otherwise.
func neg1(neg bool) int {
	if neg {
		return -1
	}
	return 1
}

// digitOf returns m[i], or '0' past its end.
func digitOf(m string, i int) byte {
	if i >= 0 && i < len(m) {
		return m[i]
	}
	return '0'
}

// compareSmall compares inline numbers whose digits all take part in
// Regina's comparison (no more than DIGITS-FUZZ of them): then it is an
// exact comparison, done on the values aligned to one exponent.
func (c *Context) compareSmall(a, b Number) (int, bool) {
	if a.big != nil || b.big != nil || c.Digits-c.Fuzz < 1 || c.Digits-c.Fuzz > 18 {
		return 0, false
	}
	lim := pow10s[c.Digits-c.Fuzz]
	x, y := a.coef, b.coef
	if x >= lim || x <= -lim || y >= lim || y <= -lim {
		return 0, false
	}
	return alignedCmp(x, int64(a.exp), y, int64(b.exp))
}

// alignedCmp compares x×10**xe with y×10**ye exactly when both fit an
// int64 once aligned to the smaller exponent; ok is false otherwise.
func alignedCmp(x, xe, y, ye int64) (int, bool) {
	if xe != ye && x != 0 && y != 0 {
		diff := xe - ye
		if diff > 18 || diff < -18 {
			return 0, false
		}
		if diff > 0 {
			if abs64(x) > uint64(maxSmall/pow10s[diff]) {
				return 0, false
			}
			x *= pow10s[diff]
		} else {
			if abs64(y) > uint64(maxSmall/pow10s[-diff]) {
				return 0, false
			}
			y *= pow10s[-diff]
		}
	}
	switch {
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}

// Cmp compares a and b exactly, every digit counting, as MIN and MAX
// do: -1, 0 or 1.
func Cmp(a, b Number) int {
	if a.big == nil && b.big == nil {
		if r, ok := alignedCmp(a.coef, int64(a.exp), b.coef, int64(b.exp)); ok {
			return r
		}
	}
	sa, sb := a.Sign(), b.Sign()
	switch {
	case sa != sb:
		if sa < sb {
			return -1
		}
		return 1
	case sa == 0:
		return 0
	}
	x, y := toWide(a), toWide(b)
	if px, py := x.pos(), y.pos(); px != py {
		if px > py {
			return sa
		}
		return -sa
	}
	// Same first-digit position: the exponents differ by less than
	// either number's digits, so aligning them is cheap.
	xc, yc := x.c, y.c
	if x.e > y.e {
		xc = new(big.Int).Mul(xc, bigPow10(x.e-y.e))
	} else if y.e > x.e {
		yc = new(big.Int).Mul(yc, bigPow10(y.e-x.e))
	}
	return xc.Cmp(yc) * sa
}
