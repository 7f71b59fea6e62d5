package num

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// The operations below compute as Regina 3.6 does, which is not always
// what the ANSI standard or the General Decimal Arithmetic would give:
// each operand takes part with at most DIGITS+1 significant digits (the
// rest is cut off, not rounded), and an addition rounds at DIGITS digits
// counted from the first digit of the larger operand even when the
// result cancels to fewer (so 1234567895-1234567894 is 0 at DIGITS 9).
// Results are rounded to DIGITS, half up on the first lost digit.

// digitLimit returns 10**Digits when that fits an int64, else 0.
func (c *Context) digitLimit() int64 {
	if c.Digits >= 1 && c.Digits <= 18 {
		return pow10s[c.Digits]
	}
	return 0
}

// Add returns a+b.
func (c *Context) Add(a, b Number) (Number, error) {
	if r, ok := c.fastAdd(a, b.coef, b); ok {
		return r, nil
	}
	if a.big == nil && b.big == nil && c.Digits <= 16 {
		return c.addSmall(a.coef, int64(a.exp), b.coef, int64(b.exp))
	}
	return c.add(toWide(a), toWide(b))
}

// Sub returns a-b.
func (c *Context) Sub(a, b Number) (Number, error) {
	if b.big == nil {
		if r, ok := c.fastAdd(a, -b.coef, b); ok {
			return r, nil
		}
		if a.big == nil && c.Digits <= 16 {
			return c.addSmall(a.coef, int64(a.exp), -b.coef, int64(b.exp))
		}
	}
	w := toWide(b)
	w.neg = !w.neg
	return c.add(toWide(a), w)
}

// addSmall is add for inline operands at DIGITS <= 16, in int64
// arithmetic: no value it forms exceeds 10**18. It allocates nothing.
func (c *Context) addSmall(xc, xe, yc, ye int64) (Number, error) {
	d := int64(c.Digits)
	if yc == 0 || xc == 0 {
		if xc == 0 {
			xc, xe = yc, ye
		}
		neg := xc < 0
		m, e := roundSmall(abs64(xc), xe, d)
		return finishSmall(neg, m, e, c.Form)
	}
	xn, yn := int64(digits64(abs64(xc))), int64(digits64(abs64(yc)))
	fc, fe, fn, sc, se, sn := xc, xe, xn, yc, ye, yn
	if xe+xn < ye+yn {
		fc, fe, fn, sc, se, sn = yc, ye, yn, xc, xe, xn
	}
	pf := fe + fn
	h2 := min(d+1, fn)
	fm := abs64(fc) / uint64(pow10s[fn-h2])
	h := pf - (se + sn)
	h3 := min(d+1-h, sn)
	size := max(h2, h+h3)
	low := pf - size
	sum := int64(fm * uint64(pow10s[size-h2]))
	if fc < 0 {
		sum = -sum
	}
	if h3 > 0 {
		sm := abs64(sc) / uint64(pow10s[sn-h3])
		t := int64(sm * uint64(pow10s[size-h-h3]))
		if sc < 0 {
			t = -t
		}
		sum += t
	}
	neg := sum < 0
	m := abs64(sum)
	if size < 18 && m >= uint64(pow10s[size]) {
		size++
	}
	if size > d {
		drop := size - d
		q, rem := m/uint64(pow10s[drop]), m%uint64(pow10s[drop])
		if rem >= 5*uint64(pow10s[drop-1]) {
			q++
		}
		if q >= uint64(pow10s[d]) {
			q /= 10
			drop++
		}
		m, low = q, low+drop
	}
	return finishSmall(neg, m, low, c.Form)
}

// roundSmall rounds m × 10**e to d digits, half up.
func roundSmall(m uint64, e, d int64) (uint64, int64) {
	n := int64(digits64(m))
	if n <= d {
		return m, e
	}
	drop := n - d
	q, rem := m/uint64(pow10s[drop]), m%uint64(pow10s[drop])
	if rem >= 5*uint64(pow10s[drop-1]) {
		q++
	}
	if q >= uint64(pow10s[d]) {
		q /= 10
		drop++
	}
	return q, e + drop
}

// finishSmall is finish for an inline result.
func finishSmall(neg bool, m uint64, e int64, form Form) (Number, error) {
	if m == 0 {
		return Number{}, nil
	}
	adj := e + int64(digits64(m)) - 1
	if form == Engineering {
		adj -= mod3(adj)
	}
	if adj > maxExp || adj < -maxExp {
		return Number{}, errOverflow()
	}
	v := int64(m)
	if neg {
		v = -v
	}
	return Number{coef: v, exp: int32(e)}, nil
}

// fastAdd adds inline numbers whose operands, aligned to the smaller
// exponent, and sum all fit in DIGITS digits: then Regina cuts and rounds
// nothing, and the sum is exact. It allocates nothing.
func (c *Context) fastAdd(a Number, bcoef int64, b Number) (Number, bool) {
	lim := c.digitLimit()
	if a.big != nil || b.big != nil || lim == 0 {
		return Number{}, false
	}
	acoef, exp := a.coef, a.exp
	if a.exp != b.exp {
		// Adding zero gives the other operand as it is (Regina copies
		// it), not aligned to the zero's exponent: 1E3 + 0 is 1E3.
		if bcoef == 0 && acoef < lim && acoef > -lim {
			return a, true
		}
		if acoef == 0 && bcoef < lim && bcoef > -lim {
			return Number{coef: bcoef, exp: b.exp}, true
		}
		diff := int64(a.exp) - int64(b.exp)
		if diff > 17 || diff < -17 {
			return Number{}, false
		}
		if diff > 0 {
			if acoef >= lim/pow10s[diff] || acoef <= -lim/pow10s[diff] {
				return Number{}, false
			}
			acoef *= pow10s[diff]
			exp = b.exp
		} else {
			if bcoef >= lim/pow10s[-diff] || bcoef <= -lim/pow10s[-diff] {
				return Number{}, false
			}
			bcoef *= pow10s[-diff]
		}
	}
	s := acoef + bcoef
	if acoef >= lim || acoef <= -lim || bcoef >= lim || bcoef <= -lim || s >= lim || s <= -lim {
		return Number{}, false
	}
	if s == 0 {
		return Number{}, true
	}
	return Number{coef: s, exp: exp}, true
}

// add is Regina's addition of two wides (signs included).
func (c *Context) add(x, y wide) (Number, error) {
	d := int64(c.Digits)
	if y.isZero() {
		x.round(d)
		return finish(x, c.Form)
	}
	if x.isZero() {
		y.round(d)
		return finish(y, c.Form)
	}
	f, s := x, y
	if f.pos() < s.pos() {
		f, s = s, f
	}
	ef := f.pos()
	h2 := min(d+1, f.ndigits())
	f.truncate(h2)
	h := ef - s.pos()
	h3 := min(d+1-h, s.ndigits())
	size := max(h2, h+h3)
	low := ef - size
	sum := new(big.Int).Mul(f.c, bigPow10(f.e-low))
	if f.neg {
		sum.Neg(sum)
	}
	if h3 > 0 {
		s.truncate(h3)
		t := new(big.Int).Mul(s.c, bigPow10(s.e-low))
		if s.neg {
			sum.Sub(sum, t)
		} else {
			sum.Add(sum, t)
		}
	}
	r := wide{neg: sum.Sign() < 0, c: sum.Abs(sum), e: low}
	if r.ndigits() > size {
		size++ // a carry into a new first digit
	}
	if size > d {
		// Round at DIGITS places from the first position, which may
		// hold zeros after a cancellation.
		drop := size - d
		if r.ndigits() <= drop-1 {
			r.c.SetInt64(0)
			r.nd = 0
		} else {
			q, rem := new(big.Int), new(big.Int)
			q.QuoRem(r.c, bigPow10(drop), rem)
			if rem.Cmp(new(big.Int).Mul(big.NewInt(5), bigPow10(drop-1))) >= 0 {
				q.Add(q, bigOne)
			}
			if numDigits(q) > d {
				q.Quo(q, bigTen)
				drop++
			}
			r.c, r.e, r.nd = q, r.e+drop, 0
		}
	}
	return finish(r, c.Form)
}

// Mul returns a*b: DIGITS+1 digits of each operand, the product rounded
// to DIGITS, trailing zeros kept (1.23*100 is 123.00).
func (c *Context) Mul(a, b Number) (Number, error) {
	if a.big == nil && b.big == nil {
		if lim := c.digitLimit(); lim != 0 && abs64(a.coef) < 1e9 && abs64(b.coef) < 1e9 {
			p := a.coef * b.coef
			e := int64(a.exp) + int64(b.exp)
			if p < lim && p > -lim && e > math.MinInt32/2 && e < math.MaxInt32/2 {
				if p == 0 {
					return Number{}, nil
				}
				if e > -1e8 && e < 1e8 {
					return Number{coef: p, exp: int32(e)}, nil
				}
				return finish(toWide(Number{coef: p, exp: int32(e)}), c.Form)
			}
		}
	}
	if a.big == nil && b.big == nil && c.Digits <= 16 {
		if r, ok, err := c.mulSmall(a, b); ok {
			return r, err
		}
	}
	return c.mulWide(toWide(a), toWide(b))
}

// mulSmall is mulWide for inline operands whose DIGITS+1-digit product
// fits a uint64; ok is false when it does not.
func (c *Context) mulSmall(a, b Number) (Number, bool, error) {
	if a.coef == 0 || b.coef == 0 {
		return Number{}, true, nil
	}
	d := int64(c.Digits)
	xm, xe := truncSmall(abs64(a.coef), int64(a.exp), d+1)
	ym, ye := truncSmall(abs64(b.coef), int64(b.exp), d+1)
	hi, p := bits.Mul64(xm, ym)
	if hi != 0 || p > maxSmall {
		return Number{}, false, nil
	}
	e := xe + ye
	if int64(digits64(p)) < int64(digits64(xm)+digits64(ym)) {
		p, e = roundSmall(p, e, d+1)
	}
	p, e = roundSmall(p, e, d)
	r, err := finishSmall((a.coef < 0) != (b.coef < 0), p, e, c.Form)
	return r, true, err
}

// mulWide is Regina's multiplication of two wides.
func (c *Context) mulWide(x, y wide) (Number, error) {
	r, err := c.mulRaw(x, y)
	if err != nil {
		return Number{}, err
	}
	r.round(int64(c.Digits))
	return finish(r, c.Form)
}

// mulRaw multiplies as Regina does: DIGITS+1 digits of each operand, the
// product rounded to DIGITS digits, or to DIGITS+1 when it is a digit
// shorter than the operands together (Regina counts that leading zero
// twice). Mul rounds once more to DIGITS; Pow keeps the extra digit.
func (c *Context) mulRaw(x, y wide) (wide, error) {
	d := int64(c.Digits)
	if x.isZero() || y.isZero() {
		return wide{c: new(big.Int)}, nil
	}
	x.truncate(d + 1)
	y.truncate(d + 1)
	r := wide{neg: x.neg != y.neg, c: new(big.Int).Mul(x.c, y.c), e: x.e + y.e}
	if r.ndigits() < x.ndigits()+y.ndigits() {
		r.round(d + 1)
	} else {
		r.round(d)
	}
	return r, nil
}

func divideByZero() error {
	return rexxerr.New(42, 3, "Arithmetic overflow; divisor must not be zero")
}

// Div returns a/b: the quotient of the DIGITS+1-digit operands, rounded
// to DIGITS, without trailing zeros after the point (3.0/1 is 3).
func (c *Context) Div(a, b Number) (Number, error) {
	if b.Sign() == 0 {
		return Number{}, divideByZero()
	}
	if a.big == nil && b.big == nil && a.exp == 0 && b.exp == 0 && b.coef != 0 && a.coef%b.coef == 0 {
		if lim := c.digitLimit(); lim != 0 && a.coef < lim && a.coef > -lim && b.coef < lim && b.coef > -lim {
			return Number{coef: a.coef / b.coef}, nil
		}
	}
	if a.big == nil && b.big == nil && c.Digits <= 16 {
		return c.divSmall(a.coef, int64(a.exp), b.coef, int64(b.exp))
	}
	r, err := c.divWide(toWide(a), toWide(b))
	if err != nil {
		return Number{}, err
	}
	return finish(r, c.Form)
}

// divSmall is divWide for inline operands at DIGITS <= 16, by long
// division in uint64 (every remainder is below the divisor, < 10**17).
// y is not zero.
func (c *Context) divSmall(x, xe, y, ye int64) (Number, error) {
	if x == 0 {
		return Number{}, nil
	}
	d := int64(c.Digits)
	xm, xe := truncSmall(abs64(x), xe, d+1)
	ym, ye := truncSmall(abs64(y), ye, d+1)
	ideal := xe - ye
	q, r, e := xm/ym, xm%ym, ideal
	for r != 0 && sigDigits(q) < d+1 {
		r *= 10
		q = q*10 + r/ym
		r %= ym
		e--
	}
	if r == 0 {
		for e < ideal && q%10 == 0 {
			q /= 10
			e++
		}
	}
	q, e = roundSmall(q, e, d)
	for e < 0 && q%10 == 0 {
		q /= 10
		e++
	}
	return finishSmall((x < 0) != (y < 0), q, e, c.Form)
}

// truncSmall keeps the keep most significant digits of m × 10**e.
func truncSmall(m uint64, e, keep int64) (uint64, int64) {
	if n := int64(digits64(m)); n > keep {
		return m / uint64(pow10s[n-keep]), e + n - keep
	}
	return m, e
}

// sigDigits returns the number of significant digits of m (0 for 0).
func sigDigits(m uint64) int64 {
	if m == 0 {
		return 0
	}
	return int64(digits64(m))
}

// divWide divides as Regina does; b is not zero.
func (c *Context) divWide(x, y wide) (wide, error) {
	d := int64(c.Digits)
	if x.isZero() {
		return wide{c: new(big.Int)}, nil
	}
	x.truncate(d + 1)
	y.truncate(d + 1)
	ideal := x.e - y.e
	k := max(d+2+y.ndigits()-x.ndigits(), 0)
	num := new(big.Int).Mul(x.c, bigPow10(k))
	q, rem := new(big.Int), new(big.Int)
	q.QuoRem(num, y.c, rem)
	r := wide{neg: x.neg != y.neg, c: q, e: x.e - y.e - k}
	r.truncate(d + 1)
	if rem.Sign() == 0 {
		r.stripTo(ideal)
	}
	r.round(d)
	r.stripTo(0)
	return r, nil
}

// intQuotient returns the integer part of x/y for % and //, from the
// DIGITS+1-digit operands, or false when it has more than DIGITS digits.
func (c *Context) intQuotient(x, y wide) (q *big.Int, ok bool) {
	d := int64(c.Digits)
	x.truncate(d + 1)
	y.truncate(d + 1)
	// x/y = (xc * 10**xe) / (yc * 10**ye)
	// Decide by the positions of the first digits, not by the exponents
	// alone: 0.1 % 0.0000123456789 has exponents 12 apart and is 8100.
	// |x| lies in [10**(px-1), 10**px), |y| in [10**(py-1), 10**py), so
	// the quotient is below 1 when px < py and has more than DIGITS digits
	// when px-py > DIGITS. Between those the scaling below is at most
	// 10**(DIGITS+1) either way.
	if x.isZero() {
		return new(big.Int), true
	}
	switch px, py := x.pos(), y.pos(); {
	case px < py:
		return new(big.Int), true
	case px-py > d:
		return nil, false
	}
	num, den := new(big.Int).Set(x.c), new(big.Int).Set(y.c)
	if diff := x.e - y.e; diff >= 0 {
		num.Mul(num, bigPow10(diff))
	} else {
		den.Mul(den, bigPow10(-diff))
	}
	q = new(big.Int).Quo(num, den)
	if q.Sign() != 0 && numDigits(q) > d {
		return nil, false
	}
	return q, true
}

// remainderLast returns the exponent of the last digit of a remainder as
// Regina's long division leaves it, which decides the trailing zeros shown
// in exponential notation (90E14 // 3511392943E21 is 9.000000000E+15 at
// DIGITS 12). x and y are the DIGITS+1-digit operands, x not zero. Regina
// lines the first len(y) digits of x up under y (one digit more when they
// are smaller than y), brings down one digit of x for each digit of the
// integer quotient, and keeps every digit of x it has not reached.
func remainderLast(x, y wide) int64 {
	nx, ny := x.ndigits(), y.ndigits()
	top := new(big.Int).Set(x.c)
	if nx > ny {
		top.Quo(top, bigPow10(nx-ny))
	} else {
		top.Mul(top, bigPow10(ny-nx))
	}
	var smaller int64
	if top.Cmp(y.c) < 0 {
		smaller = 1
	}
	qdigits := max(1+x.pos()-y.pos()-smaller, 0)
	used := ny + smaller + qdigits
	return x.pos() - max(nx, used)
}

// IntDiv returns the integer part of a/b (%), which must fit in DIGITS
// digits (else error 26.11).
func (c *Context) IntDiv(a, b Number) (Number, error) {
	if b.Sign() == 0 {
		return Number{}, divideByZero()
	}
	if a.big == nil && b.big == nil && a.exp == 0 && b.exp == 0 {
		if lim := c.digitLimit(); lim != 0 && a.coef < lim && a.coef > -lim && b.coef < lim && b.coef > -lim {
			return Number{coef: a.coef / b.coef}, nil
		}
	}
	x, y := toWide(a), toWide(b)
	q, ok := c.intQuotient(x, y)
	if !ok {
		return Number{}, rexxerr.New(26, 11, "Result of %s %% %s operation would need exponential notation at current NUMERIC DIGITS %d",
			c.full(a), c.full(b), c.Digits)
	}
	r := wide{neg: x.neg != y.neg, c: q}
	// Regina's long division stops where the dividend's digits run out
	// with nothing left over, before the point when the dividend ends
	// above it: 999999999 % 1E-3 is 999999999E3, not 999999999000 (the
	// same string, but the next operation sees the exponent).
	d := int64(c.Digits)
	x.truncate(d + 1)
	y.truncate(d + 1)
	if ideal := x.e - y.e; ideal > 0 && q.Sign() != 0 {
		t := new(big.Int).Mul(q, y.c)
		if t.Cmp(new(big.Int).Mul(x.c, bigPow10(ideal))) == 0 {
			r.stripTo(ideal)
		}
	}
	return finish(r, c.Form)
}

// Rem returns the remainder of a%b (//), with the sign of a, computed from
// the DIGITS+1-digit operands, without trailing zeros after the point.
func (c *Context) Rem(a, b Number) (Number, error) {
	if b.Sign() == 0 {
		return Number{}, divideByZero()
	}
	if a.big == nil && b.big == nil && a.exp == 0 && b.exp == 0 {
		if lim := c.digitLimit(); lim != 0 && a.coef < lim && a.coef > -lim && b.coef < lim && b.coef > -lim {
			return Number{coef: a.coef % b.coef}, nil
		}
	}
	x, y := toWide(a), toWide(b)
	q, ok := c.intQuotient(x, y)
	if !ok {
		return Number{}, rexxerr.New(26, 12, "Result of %% operation used for %s // %s operation would need exponential notation at current NUMERIC DIGITS %d",
			c.full(a), c.full(b), c.Digits)
	}
	if x.isZero() {
		return Number{}, nil
	}
	d := int64(c.Digits)
	x.truncate(d + 1)
	y.truncate(d + 1)
	last := remainderLast(x, y)
	if q.Sign() == 0 {
		// |a| < |b|: the remainder is a itself (its first DIGITS+1
		// digits); no aligning, which could take 10**(2*999999999).
		x.padTo(last)
		x.truncate(d + 1)
		x.round(d)
		x.stripTo(0)
		return finish(x, c.Form)
	}
	low := min(x.e, y.e)
	r := new(big.Int).Mul(x.c, bigPow10(x.e-low))
	t := new(big.Int).Mul(y.c, bigPow10(y.e-low))
	t.Mul(t, q)
	r.Sub(r, t)
	w := wide{neg: x.neg, c: r.Abs(r), e: low}
	w.padTo(last)
	w.truncate(d + 1)
	w.round(d)
	w.stripTo(0)
	return finish(w, c.Form)
}

// Pow returns a**b. b must be a whole number within a C int (else error
// 26, which Regina 3.6 reports without a secondary message). Like
// Regina 3.6, the power is built by squaring and multiplying, each
// product rounded as mulRaw says (so 2**32 is 4.30E+9 at DIGITS 3) and
// the result rounded to DIGITS; a negative power is 1 divided by that.
// Trailing zeros after the point are dropped (1.0**2 is 1).
func (c *Context) Pow(a, b Number) (Number, error) {
	p, ok := b.Int64()
	if !ok || p > math.MaxInt32 || p < -math.MaxInt32 {
		return Number{}, &rexxerr.Error{Code: 26}
	}
	neg := p < 0
	if neg {
		p = -p
	}
	if neg && a.Sign() == 0 {
		return Number{}, divideByZero()
	}
	x := toWide(a)
	acc := wide{c: big.NewInt(1)}
	for bit := 62; bit >= 0; bit-- {
		if p>>uint(bit) == 0 {
			continue
		}
		var err error
		if p&(1<<uint(bit)) != 0 {
			if acc, err = c.powStep(acc, x); err != nil {
				return Number{}, err
			}
		}
		if bit == 0 {
			break
		}
		if acc, err = c.powStep(acc, acc); err != nil {
			return Number{}, err
		}
	}
	if neg {
		r, err := c.divWide(wide{c: big.NewInt(1)}, acc)
		if err != nil {
			return Number{}, err
		}
		acc = r
	} else {
		acc.round(int64(c.Digits))
	}
	acc.stripTo(0)
	return finish(acc, c.Form)
}

// powStep is one multiplication of Pow, with Regina's exponent check.
func (c *Context) powStep(x, y wide) (wide, error) {
	r, err := c.mulRaw(x, y)
	if err != nil {
		return r, err
	}
	if !r.isZero() {
		if pos := r.pos(); pos-1 > maxExp || pos+1 < -maxExp {
			return r, errOverflow()
		}
	}
	return r, nil
}

// Plus returns +a: a rounded to DIGITS.
func (c *Context) Plus(a Number) (Number, error) {
	if lim := c.digitLimit(); a.big == nil && lim != 0 && a.coef < lim && a.coef > -lim {
		if a.coef == 0 {
			return Number{}, nil
		}
		return a, nil
	}
	w := toWide(a)
	w.round(int64(c.Digits))
	return finish(w, c.Form)
}

// Neg returns -a rounded to DIGITS.
func (c *Context) Neg(a Number) (Number, error) {
	p, err := c.Plus(a)
	if err != nil || p.Sign() == 0 {
		return p, err
	}
	if p.big == nil {
		p.coef = -p.coef
		return p, nil
	}
	d := &bigNum{neg: !p.big.neg, exp: p.big.exp, coef: p.big.coef, nd: p.big.nd}
	return Number{big: d}, nil
}

// Whole returns n as an int when, rounded to DIGITS, it is a whole number
// that fits an int.
func (c *Context) Whole(n Number) (int, bool) {
	if n.big == nil && n.exp == 0 {
		if lim := c.digitLimit(); lim == 0 || (n.coef < lim && n.coef > -lim) {
			return int(n.coef), true
		}
	}
	w := toWide(n)
	w.round(int64(c.Digits))
	r, err := finish(w, c.Form)
	if err != nil {
		return 0, false
	}
	i, ok := r.Int64()
	if !ok || i > math.MaxInt || i < math.MinInt {
		return 0, false
	}
	return int(i), true
}
