package num

import (
	"math/rand"
	"strings"
	"testing"
	"time"
)

var fuzzPieces = []string{"0", "1", "9", "5", ".", "-", "E", "E-", "E+", "999999999", "12345678901234567890",
	"0.000", "7", "3", " ", "E999999998", "E-999999998", "2147483647"}

func randomNumber(r *rand.Rand) string {
	var b strings.Builder
	for n := r.Intn(4); n >= 0; n-- {
		b.WriteString(fuzzPieces[r.Intn(len(fuzzPieces))])
	}
	return b.String()
}

// TestArithNoPanic runs every operation on random numbers and settings:
// each must return a result or an error, quickly, and never panic.
func TestArithNoPanic(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 30000; i++ {
		c := Context{Digits: []int{1, 3, 9, 18, 40}[r.Intn(5)], Form: Form(r.Intn(2))}
		c.Fuzz = r.Intn(c.Digits)
		as, bs := randomNumber(r), randomNumber(r)
		a, ok1 := Parse(as)
		b, ok2 := Parse(bs)
		if !ok1 || !ok2 {
			continue
		}
		runAll(t, &c, a, b, as, bs)
	}
}

// FuzzArith feeds arbitrary numbers to every operation.
func FuzzArith(f *testing.F) {
	f.Add("1", "3", uint8(9))
	f.Add("1E999999999", "1E-999999999", uint8(3))
	f.Add("-7.5", "2", uint8(20))
	f.Fuzz(func(t *testing.T, as, bs string, digits uint8) {
		a, ok1 := Parse(as)
		b, ok2 := Parse(bs)
		if !ok1 || !ok2 {
			return
		}
		c := Context{Digits: 1 + int(digits)%60}
		runAll(t, &c, a, b, as, bs)
	})
}

func runAll(t *testing.T, c *Context, a, b Number, as, bs string) {
	t.Helper()
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("digits %d: %q, %q panicked: %v", c.Digits, as, bs, p)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("digits %d: %q, %q took %v", c.Digits, as, bs, d)
		}
	}()
	for _, f := range []func(x, y Number) (Number, error){c.Add, c.Sub, c.Mul, c.Div, c.IntDiv, c.Rem, c.Pow} {
		if r, err := f(a, b); err == nil {
			_ = c.String(r)
		}
	}
	c.Plus(a)
	c.Neg(b)
	c.Compare(a, b)
	c.Whole(a)
	_ = c.String(a)
	a.Int64()
}
