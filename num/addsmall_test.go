package num

import (
	"math/big"
	"math/rand"
	"testing"
)

// TestAddSmallMatchesGeneral checks the int64 addition against the
// general one on random inline operands and settings.
func TestAddSmallMatchesGeneral(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for i := 0; i < 200000; i++ {
		c := Context{Digits: 1 + r.Intn(16), Form: Form(r.Intn(2))}
		x := r.Int63n(pow10s[1+r.Intn(18)]) - r.Int63n(pow10s[1+r.Intn(18)])
		y := r.Int63n(pow10s[1+r.Intn(18)]) - r.Int63n(pow10s[1+r.Intn(18)])
		if r.Intn(10) == 0 {
			y = 0
		}
		xe, ye := int64(r.Intn(41)-20), int64(r.Intn(41)-20)
		got, err1 := c.addSmall(x, xe, y, ye)
		want, err2 := c.add(toWide(Number{coef: x, exp: int32(xe)}), toWide(Number{coef: y, exp: int32(ye)}))
		if (err1 == nil) != (err2 == nil) || c.String(got) != c.String(want) || got.Sign() != want.Sign() {
			t.Fatalf("digits %d: %de%d + %de%d = %s, general %s", c.Digits, x, xe, y, ye, c.String(got), c.String(want))
		}
		gn, gd, ge := got.Decompose()
		wn, wd, we := want.Decompose()
		if gn != wn || gd != wd || ge != we {
			t.Fatalf("digits %d: %de%d + %de%d parts %v %s %d, general %v %s %d", c.Digits, x, xe, y, ye, gn, gd, ge, wn, wd, we)
		}
	}
}

// TestDivSmallMatchesGeneral checks the uint64 division against the
// general one on random inline operands and settings.
func TestDivSmallMatchesGeneral(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	for i := 0; i < 200000; i++ {
		c := Context{Digits: 1 + r.Intn(16), Form: Form(r.Intn(2))}
		x := r.Int63n(pow10s[1+r.Intn(18)]) - r.Int63n(pow10s[1+r.Intn(18)])
		y := r.Int63n(pow10s[1+r.Intn(18)]) + 1
		if r.Intn(2) == 0 {
			y = -y
		}
		if r.Intn(5) == 0 {
			x = y * r.Int63n(1000)
		}
		xe, ye := int64(r.Intn(41)-20), int64(r.Intn(41)-20)
		got, err1 := c.divSmall(x, xe, y, ye)
		w, err2 := c.divWide(toWide(Number{coef: x, exp: int32(xe)}), toWide(Number{coef: y, exp: int32(ye)}))
		want, err3 := finish(w, c.Form)
		if err2 == nil {
			err2 = err3
		}
		gn, gd, ge := got.Decompose()
		wn, wd, we := want.Decompose()
		if (err1 == nil) != (err2 == nil) || gn != wn || gd != wd || ge != we {
			t.Fatalf("digits %d: %de%d / %de%d = %v %s e%d (%v), general %v %s e%d (%v)", c.Digits, x, xe, y, ye, gn, gd, ge, err1, wn, wd, we, err2)
		}
	}
}

// TestCompareSmallMatchesGeneral checks the inline comparison against
// Regina's digit-by-digit one on random operands and settings.
func TestCompareSmallMatchesGeneral(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	for i := 0; i < 200000; i++ {
		d := 1 + r.Intn(18)
		c := Context{Digits: d, Fuzz: r.Intn(d)}
		x := r.Int63n(pow10s[1+r.Intn(18)]) - r.Int63n(pow10s[1+r.Intn(18)])
		y := x + r.Int63n(100) - 50
		if r.Intn(3) == 0 {
			y = r.Int63n(pow10s[1+r.Intn(18)]) - r.Int63n(pow10s[1+r.Intn(18)])
		}
		xe, ye := int32(r.Intn(11)-5), int32(r.Intn(11)-5)
		a, b := Number{coef: x, exp: xe}, Number{coef: y, exp: ye}
		got, ok := c.compareSmall(a, b)
		if !ok {
			continue
		}
		// The general comparison, forced by moving the operands to bigNums.
		ga, gb := forceBig(a), forceBig(b)
		if want := c.Compare(ga, gb); got != want {
			t.Fatalf("digits %d fuzz %d: compare %de%d, %de%d = %d, general %d", d, c.Fuzz, x, xe, y, ye, got, want)
		}
	}
}

// TestMulSmallMatchesGeneral checks the uint64 multiplication against the
// general one on random inline operands and settings.
func TestMulSmallMatchesGeneral(t *testing.T) {
	r := rand.New(rand.NewSource(10))
	checked := 0
	for i := 0; i < 200000; i++ {
		c := Context{Digits: 1 + r.Intn(16), Form: Form(r.Intn(2))}
		x := r.Int63n(pow10s[1+r.Intn(18)]) - r.Int63n(pow10s[1+r.Intn(18)])
		y := r.Int63n(pow10s[1+r.Intn(18)]) - r.Int63n(pow10s[1+r.Intn(18)])
		a, b := Number{coef: x, exp: int32(r.Intn(41) - 20)}, Number{coef: y, exp: int32(r.Intn(41) - 20)}
		got, ok, err1 := c.mulSmall(a, b)
		if !ok {
			continue
		}
		checked++
		want, err2 := c.mulWide(toWide(a), toWide(b))
		gn, gd, ge := got.Decompose()
		wn, wd, we := want.Decompose()
		if (err1 == nil) != (err2 == nil) || gn != wn || gd != wd || ge != we {
			t.Fatalf("digits %d: %v * %v = %v %s e%d, general %v %s e%d", c.Digits, a, b, gn, gd, ge, wn, wd, we)
		}
	}
	if checked < 50000 {
		t.Fatalf("only %d cases took the small path", checked)
	}
}

// forceBig returns the inline number n held as a bigNum instead, so that
// operations on it take the general path.
func forceBig(n Number) Number {
	d := &bigNum{neg: n.coef < 0, exp: n.exp, coef: new(big.Int).SetInt64(n.coef)}
	d.coef.Abs(d.coef)
	return Number{big: d}
}
