package num

import (
	"math"

	"github.com/cockroachdb/apd/v3"
)

// Number is a REXX number: an immutable decimal value, cheap to copy.
// Small values (a coefficient of at most 18 digits) are held inline as
// coef × 10^exp so that the integer arithmetic of hot loops needs no
// allocation; anything larger lives in an apd.Decimal that is never
// mutated once built. The zero value is 0.
type Number struct {
	coef int64
	exp  int32
	big  *apd.Decimal
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
		return fromBig(apd.New(i, 0))
	}
	return Number{coef: i}
}

func fromBig(d *apd.Decimal) Number {
	if d.Form == apd.Finite && d.Coeff.BitLen() < 60 {
		c := d.Coeff.Int64()
		if c <= maxSmall {
			if d.Negative {
				c = -c
			}
			return Number{coef: c, exp: d.Exponent}
		}
	}
	return Number{big: d}
}

// decimal returns n as an apd.Decimal the caller may modify.
func (n Number) decimal() *apd.Decimal {
	if n.big != nil {
		return new(apd.Decimal).Set(n.big)
	}
	return apd.New(n.coef, n.exp)
}

// Sign returns -1, 0 or 1 as n is negative, zero or positive.
func (n Number) Sign() int {
	if n.big != nil {
		return n.big.Sign()
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
	d := new(apd.Decimal)
	d.Reduce(n.big)
	if d.Exponent < 0 || d.Exponent > 19 {
		if d.IsZero() {
			return 0, true
		}
		return 0, false
	}
	i, err := d.Int64()
	if err != nil {
		return 0, false
	}
	return i, true
}
