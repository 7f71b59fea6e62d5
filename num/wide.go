package num

import (
	"math/big"
	"math/bits"
	"sync"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// wide is the general-path working form of a number: a sign, a magnitude
// and an exponent wide enough that intermediate results cannot overflow.
// Its methods never change the BigInt c points to (copies of a wide may
// share it); they point c at a new one.
// Operations build wides, work on them and turn the result back into a
// Number with finish.
type wide struct {
	neg bool
	c   *big.Int // magnitude, >= 0
	e   int64
	// nd caches c's digit count (0: not counted yet). Counting the digits
	// of a big.Int is the costly step of most operations, and each asks
	// several times; whatever points c at a new value resets nd.
	nd int64
}

// toWide returns n as a wide the caller may modify. A big n's coefficient
// is shared, not copied: wides never change the big.Int c points to.
func toWide(n Number) wide {
	if n.big == nil {
		c := n.coef
		neg := c < 0
		if neg {
			c = -c
		}
		return wide{neg: neg, c: smallBig(c), e: int64(n.exp)}
	}
	return wide{neg: n.big.neg, c: n.big.coef, e: int64(n.big.exp), nd: n.big.nd}
}

// smallBigs holds 0 .. 255 as big.Ints, built on first use: the small
// operand of a big operation (the 2 of 2*x) then allocates nothing.
var (
	smallBigsOnce sync.Once
	smallBigs     [256]*big.Int
)

// smallBig returns c (>= 0) as a big.Int the caller must not change.
func smallBig(c int64) *big.Int {
	if c >= int64(len(smallBigs)) {
		return big.NewInt(c)
	}
	smallBigsOnce.Do(func() {
		for i := range smallBigs {
			smallBigs[i] = big.NewInt(int64(i))
		}
	})
	return smallBigs[c]
}

// isZero reports whether w is zero.
func (w *wide) isZero() bool { return w.c.Sign() == 0 }

// ndigits returns the number of decimal digits of w's magnitude (1 for 0).
func (w *wide) ndigits() int64 {
	if w.nd == 0 {
		w.nd = numDigits(w.c)
	}
	return w.nd
}

// pos returns Regina's position of w's first digit: the exponent of the
// digit after it, so 123.4 has position 3 and 0.05 position -1.
func (w *wide) pos() int64 { return w.e + w.ndigits() }

var (
	bigOne = big.NewInt(1)
	bigTen = big.NewInt(10)
)

// bigPow10Table holds 10**0 .. 10**(len-1), built on first use so that
// start-up does not pay for it.
var (
	bigPow10Once  sync.Once
	bigPow10Table [256]*big.Int
)

// bigPow10 returns 10**n (n >= 0). The result may be shared: callers
// must not modify it.
func bigPow10(n int64) *big.Int {
	if n < int64(len(bigPow10Table)) {
		bigPow10Once.Do(func() {
			p := big.NewInt(1)
			for i := range bigPow10Table {
				bigPow10Table[i] = p
				p = new(big.Int).Mul(p, bigTen)
			}
		})
		return bigPow10Table[n]
	}
	return new(big.Int).Exp(bigTen, big.NewInt(n), nil)
}

// log2of10 is log(10)/log(2): decimal digits to bits.
const log2of10 = 3.321928094887362

// numDigits returns the number of decimal digits of |b| (1 for 0).
func numDigits(b *big.Int) int64 {
	bl := b.BitLen()
	if bl <= 64 {
		if bl == 0 {
			return 1
		}
		var u uint64
		for i, w := range b.Bits() { // one word, or two of 32 bits
			u |= uint64(w) << (bits.UintSize * i)
		}
		return int64(digits64(u))
	}
	// |b| lies in [2**(bl-1), 2**bl), so it has n or n+1 digits.
	n := int64(float64(bl) / log2of10)
	if b.CmpAbs(bigPow10(n)) >= 0 {
		n++
	}
	return n
}

var pow10s = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// truncate keeps the keep most significant digits of w, dropping the rest
// without rounding, as Regina uses only DIGITS+1 digits of an operand.
func (w *wide) truncate(keep int64) {
	if n := w.ndigits(); n > keep {
		w.c = new(big.Int).Quo(w.c, bigPow10(n-keep))
		w.e += n - keep
		w.nd = keep
	}
}

// padTo gives w trailing zeros down to exponent e, when e is below w's.
func (w *wide) padTo(e int64) {
	if e < w.e {
		w.c = new(big.Int).Mul(w.c, bigPow10(w.e-e))
		w.e = e
		w.nd = 0
	}
}

// round rounds w to keep significant digits, half up on the first lost
// digit as REXX rounds. A carry into a new digit keeps keep digits.
func (w *wide) round(keep int64) {
	n := w.ndigits()
	if n <= keep || w.isZero() {
		return
	}
	drop := n - keep
	q, r := new(big.Int), new(big.Int)
	q.QuoRem(w.c, bigPow10(drop), r)
	w.c = q
	w.e += drop
	w.nd = keep
	half := new(big.Int).Mul(big.NewInt(5), bigPow10(drop-1))
	if r.Cmp(half) >= 0 {
		q.Add(q, bigOne)
		if numDigits(q) > keep {
			q.Quo(q, bigTen)
			w.e++
		}
	}
}

// stripTo drops trailing zeros while the exponent is below limit, as
// Regina does after the decimal point (limit 0) of quotients and powers.
func (w *wide) stripTo(limit int64) {
	if w.isZero() {
		return
	}
	r := new(big.Int)
	for w.e < limit {
		q := new(big.Int)
		q.QuoRem(w.c, bigTen, r)
		if r.Sign() != 0 {
			return
		}
		w.c = q
		w.e++
		w.nd = 0
	}
}

// errOverflow is error 42 as Regina reports an exponent out of range.
func errOverflow() error { return &rexxerr.Error{Code: 42} }

// finish turns a result into a Number, raising error 42 when the exponent
// it would be shown with under form is out of REXX's range.
func finish(w wide, form Form) (Number, error) {
	if w.isZero() {
		return Number{}, nil
	}
	adj := w.e + w.ndigits() - 1
	if form == Engineering {
		adj -= mod3(adj)
	}
	if adj > maxExp || adj < -maxExp {
		return Number{}, errOverflow()
	}
	return fromWide(w), nil
}

// mod3 returns x modulo 3 in 0..2.
func mod3(x int64) int64 {
	h := x % 3
	if h < 0 {
		h += 3
	}
	return h
}

// digits64 returns the number of decimal digits of u (1 for 0).
func digits64(u uint64) int {
	// 1233/4096 is just above log10(2): n is the digit count or one less.
	n := (bits.Len64(u) * 1233) >> 12
	if n < len(upow10) && u >= upow10[n] {
		n++
	}
	return max(n, 1)
}

// upow10 holds 10**0 .. 10**19.
var upow10 = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// abs64 returns |i| as a uint64.
func abs64(i int64) uint64 {
	if i < 0 {
		return uint64(-i)
	}
	return uint64(i)
}
