package num

// Compare compares a and b as Regina does, -1, 0 or 1. Numbers of
// different sign or magnitude (position of the first digit) differ; else
// their first DIGITS-FUZZ digits decide, and when those agree, the next
// digit of each: equal if both would round the same way. Regina's test
// there counts a 5 as rounding down against a smaller digit, so at DIGITS
// 9, 1234567895 compares below 1234567894; that is reproduced.
func (c *Context) Compare(a, b Number) int {
	if a.big == nil && b.big == nil && a.exp == b.exp {
		if lim := c.digitLimit(); lim != 0 && c.Fuzz == 0 && a.coef < lim && a.coef > -lim && b.coef < lim && b.coef > -lim {
			switch {
			case a.coef < b.coef:
				return -1
			case a.coef > b.coef:
				return 1
			}
			return 0
		}
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
