package num

import (
	"math"
	"math/big"
)

// Number is a REXX number: an immutable decimal value, cheap to copy.
// Small values (a coefficient of at most 18 digits) are held inline as
// coef × 10^exp so that the integer arithmetic of hot loops needs no
// allocation; anything larger lives in a bigNum that is never mutated
// once built. The zero value is 0.
type Number struct {
	coef int64
	exp  int32
	big  *bigNum
}

// bigNum is the value of a Number too large to hold inline:
// (-1 if neg) × coef × 10**exp, coef >= 0. It is plain math/big rather
// than a decimal library so that a script pays nothing at start-up for
// tables it does not use.
type bigNum struct {
	neg  bool
	coef *big.Int // never changed once the bigNum is built, so it may be shared
	exp  int32
	nd   int64 // coef's digit count, 0 when not counted
}

// sign returns -1, 0 or 1 as b is negative, zero or positive.
func (b *bigNum) sign() int {
	switch {
	case b.coef.Sign() == 0:
		return 0
	case b.neg:
		return -1
	}
	return 1
}

// maxSmall bounds the inline coefficient: 18 digits, so that the sum of two
// inline coefficients cannot overflow an int64.
const maxSmall = 999_999_999_999_999_999

// maxExp bounds the exponent of a REXX number as Regina does: results whose
// exponent passes it raise error 42.
const maxExp = 999_999_999

// FromInt returns the number i.
func FromInt(i int64) Number {
	if i > maxSmall || i < -maxSmall {
		b := &bigNum{neg: i < 0, coef: new(big.Int).SetInt64(i)}
		b.coef.Abs(b.coef)
		return Number{big: b}
	}
	return Number{coef: i}
}

// Sign returns -1, 0 or 1 as n is negative, zero or positive.
func (n Number) Sign() int {
	if n.big != nil {
		return n.big.sign()
	}
	switch {
	case n.coef < 0:
		return -1
	case n.coef > 0:
		return 1
	}
	return 0
}

// Int64 returns the exact value of n when it is a whole number that fits an
// int64 (trailing zero decimals such as 2.00 are allowed).
func (n Number) Int64() (int64, bool) {
	if n.big == nil {
		c, e := n.coef, n.exp
		if c == 0 {
			return 0, true
		}
		for ; e < 0; e++ {
			if c%10 != 0 {
				return 0, false
			}
			c /= 10
		}
		for ; e > 0; e-- {
			if c > math.MaxInt64/10 || c < math.MinInt64/10 {
				return 0, false
			}
			c *= 10
		}
		return c, true
	}
	if n.big.coef.Sign() == 0 {
		return 0, true
	}
	c, e := new(big.Int).Set(n.big.coef), int64(n.big.exp)
	r := new(big.Int)
	for e < 0 {
		q, _ := new(big.Int).QuoRem(c, bigTen, r)
		if r.Sign() != 0 {
			return 0, false
		}
		c, e = q, e+1
	}
	if e > 19 {
		return 0, false
	}
	c.Mul(c, bigPow10(e))
	if n.big.neg {
		c.Neg(c)
	}
	if !c.IsInt64() {
		return 0, false
	}
	return c.Int64(), true
}

// Negate returns -n exactly, neither rounded nor checked: REXX's prefix
// minus hands its operand on as it is with the sign changed (Regina
// rounds it where it is spelled or used).
func (n Number) Negate() Number {
	if n.big == nil {
		return Number{coef: -n.coef, exp: n.exp}
	}
	if n.big.coef.Sign() == 0 {
		return n
	}
	return Number{big: &bigNum{neg: !n.big.neg, exp: n.big.exp, coef: n.big.coef, nd: n.big.nd}}
}
