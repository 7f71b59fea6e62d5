package num

import (
	"github.com/cockroachdb/apd/v3"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// apdContext is the decimal context for one operation at the given
// precision: REXX rounds half up, and reports overflow itself.
func apdContext(digits int) *apd.Context {
	return &apd.Context{
		Precision:   uint32(digits),
		Rounding:    apd.RoundHalfUp,
		MaxExponent: apd.MaxExponent,
		MinExponent: apd.MinExponent,
	}
}

// result checks a result's exponent against REXX's limit and wraps it.
func (c *Context) result(d *apd.Decimal) (Number, error) {
	if d.Form != apd.Finite {
		return Number{}, rexxerr.New(42, 1, "Arithmetic overflow; result is not a finite number")
	}
	if d.IsZero() {
		return Number{}, nil
	}
	adj := int64(d.Exponent) + int64(d.NumDigits()) - 1
	if adj > maxExp {
		return Number{}, rexxerr.New(42, 1, "Arithmetic overflow; exponent of result requires more than 9 digits")
	}
	if adj < -maxExp {
		return Number{}, rexxerr.New(42, 2, "Arithmetic underflow; exponent of result requires more than 9 digits")
	}
	return fromBig(d), nil
}

// fastSum adds two inline numbers with equal exponents when the sum's
// coefficient stays within DIGITS, the common case of counting loops.
func (c *Context) fastSum(a, b Number, neg bool) (Number, bool) {
	if a.big != nil || b.big != nil || a.exp != b.exp || c.Digits > 18 {
		return Number{}, false
	}
	y := b.coef
	if neg {
		y = -y
	}
	s := a.coef + y
	lim := pow10(c.Digits)
	if s >= lim || s <= -lim {
		return Number{}, false
	}
	return Number{coef: s, exp: a.exp}, true
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// Add returns a+b rounded to DIGITS.
func (c *Context) Add(a, b Number) (Number, error) {
	if r, ok := c.fastSum(a, b, false); ok {
		return r, nil
	}
	d := new(apd.Decimal)
	apdContext(c.Digits).Add(d, a.decimal(), b.decimal())
	return c.result(d)
}

// Sub returns a-b rounded to DIGITS.
func (c *Context) Sub(a, b Number) (Number, error) {
	if r, ok := c.fastSum(a, b, true); ok {
		return r, nil
	}
	d := new(apd.Decimal)
	apdContext(c.Digits).Sub(d, a.decimal(), b.decimal())
	return c.result(d)
}

// Mul returns a*b rounded to DIGITS; trailing zeros stay, so 1.23*100 is
// 123.00 as in REXX.
func (c *Context) Mul(a, b Number) (Number, error) {
	d := new(apd.Decimal)
	apdContext(c.Digits).Mul(d, a.decimal(), b.decimal())
	return c.result(d)
}

func divideByZero() error {
	return rexxerr.New(42, 3, "Arithmetic overflow; divisor must not be zero")
}

// Div returns a/b rounded to DIGITS, without trailing zeros (3.0/1 is 3).
func (c *Context) Div(a, b Number) (Number, error) {
	if b.Sign() == 0 {
		return Number{}, divideByZero()
	}
	d := new(apd.Decimal)
	apdContext(c.Digits).Quo(d, a.decimal(), b.decimal())
	d.Reduce(d)
	return c.result(d)
}

// IntDiv returns the integer part of a/b (%); it must fit in DIGITS.
func (c *Context) IntDiv(a, b Number) (Number, error) {
	if b.Sign() == 0 {
		return Number{}, divideByZero()
	}
	d := new(apd.Decimal)
	cond, _ := apdContext(c.Digits).QuoInteger(d, a.decimal(), b.decimal())
	if cond.DivisionImpossible() {
		return Number{}, rexxerr.New(26, 11, "Result of %s %% %s operation would need exponential notation at current NUMERIC DIGITS %d", c.String(a), c.String(b), c.Digits)
	}
	return c.result(d)
}

// Rem returns the remainder of a%b (//), with the sign of a.
func (c *Context) Rem(a, b Number) (Number, error) {
	if b.Sign() == 0 {
		return Number{}, divideByZero()
	}
	d := new(apd.Decimal)
	cond, _ := apdContext(c.Digits).Rem(d, a.decimal(), b.decimal())
	if cond.DivisionImpossible() {
		return Number{}, rexxerr.New(26, 12, "Result of %s // %s operation would need exponential notation at current NUMERIC DIGITS %d", c.String(a), c.String(b), c.Digits)
	}
	return c.result(d)
}

// Pow returns a**b for a whole b, computed as TRL2 says: repeated
// multiplication at a few extra digits, then rounding to DIGITS; a
// negative power is the reciprocal. Like Regina, the intermediate
// products are rounded to DIGITS, which decides the last digit of, say,
// 2**100 (1.26765061E+30, where the exact value rounds to ...060).
func (c *Context) Pow(a, b Number) (Number, error) {
	n, ok := c.Whole(b)
	if !ok {
		return Number{}, rexxerr.New(26, 8, "Operand to the right of the power operator (\"**\") must be a whole number; found \"%s\"", c.String(b))
	}
	neg := n < 0
	if neg {
		n = -n
	}
	if n == 0 {
		return FromInt(1), nil
	}
	if neg && a.Sign() == 0 {
		return Number{}, divideByZero()
	}
	work := c.Digits
	ctx := apdContext(work)
	x := a.decimal()
	r := apd.New(1, 0)
	for bit := highBit(n); bit > 0; bit >>= 1 {
		ctx.Mul(r, r, r)
		if n&bit != 0 {
			ctx.Mul(r, r, x)
		}
		if r.Form != apd.Finite || int64(r.Exponent) > 2*maxExp {
			return Number{}, rexxerr.New(42, 1, "Arithmetic overflow; exponent of result requires more than 9 digits")
		}
	}
	if neg {
		q := new(apd.Decimal)
		ctx.Quo(q, apd.New(1, 0), r)
		r = q
	}
	d := new(apd.Decimal)
	apdContext(c.Digits).Round(d, r)
	trimFraction(d)
	return c.result(d)
}

// trimFraction drops trailing zeros after the decimal point, as Regina
// does to powers (1.0**2 is 1, but 10**9 stays 1.00000000E+9).
func trimFraction(d *apd.Decimal) {
	ten, q, r := apd.NewBigInt(10), new(apd.BigInt), new(apd.BigInt)
	for d.Exponent < 0 && d.Coeff.Sign() != 0 {
		q.QuoRem(&d.Coeff, ten, r)
		if r.Sign() != 0 {
			return
		}
		d.Coeff.Set(q)
		d.Exponent++
	}
}

func highBit(n int) int {
	b := 1
	for b <= n/2 {
		b <<= 1
	}
	return b
}

// Plus returns +a: a rounded to DIGITS.
func (c *Context) Plus(a Number) (Number, error) {
	if a.big == nil && a.coef < pow10(min(c.Digits, 18)) && a.coef > -pow10(min(c.Digits, 18)) {
		if a.coef == 0 {
			return Number{}, nil
		}
		return a, nil
	}
	d := new(apd.Decimal)
	apdContext(c.Digits).Round(d, a.decimal())
	return c.result(d)
}

// Neg returns -a rounded to DIGITS.
func (c *Context) Neg(a Number) (Number, error) {
	p, err := c.Plus(a)
	if err != nil {
		return p, err
	}
	if p.big == nil {
		p.coef = -p.coef
		return p, nil
	}
	d := new(apd.Decimal).Neg(p.big)
	return fromBig(d), nil
}

// Compare compares a and b as REXX does: both are rounded to DIGITS-FUZZ
// digits and subtracted, and a zero difference means equal.
func (c *Context) Compare(a, b Number) int {
	if a.big == nil && b.big == nil && a.exp == b.exp {
		switch {
		case a.coef < b.coef:
			return -1
		case a.coef > b.coef:
			return 1
		}
		return 0
	}
	ctx := apdContext(c.Digits - c.Fuzz)
	x, y, d := new(apd.Decimal), new(apd.Decimal), new(apd.Decimal)
	ctx.Round(x, a.decimal())
	ctx.Round(y, b.decimal())
	ctx.Sub(d, x, y)
	return d.Sign()
}

// Whole returns n as an int when it is a whole number after rounding to
// DIGITS (and fits an int).
func (c *Context) Whole(n Number) (int, bool) {
	if n.big == nil && n.exp == 0 {
		return int(n.coef), true
	}
	d := new(apd.Decimal)
	apdContext(c.Digits).Round(d, n.decimal())
	r := new(apd.Decimal)
	r.Reduce(d)
	if r.Exponent < 0 {
		return 0, false
	}
	i, err := r.Int64()
	if err != nil || i > 1<<53 || i < -(1<<53) {
		return 0, false
	}
	return int(i), true
}
