package num

import (
	"math"
	"math/rand"
	"testing"
)

// TestShownReadsBack checks Shown and Text against what they stand for:
// the number Parse reads back from c.String(n), and that string, for
// results of every operation on random numbers under random settings.
func TestShownReadsBack(t *testing.T) {
	r := rand.New(rand.NewSource(13))
	pieces := []string{"0", "1", "5", "12", "120", "999", "1000", ".", ".5", "0.0", "E3", "E-9", "E+12", "E25",
		"123456789012345678901234", "9999999999", "-", "7"}
	for i := 0; i < 200000; i++ {
		c := Context{Digits: []int{1, 2, 3, 5, 9, 12, 18, 19, 30, 100}[r.Intn(10)], Form: Form(r.Intn(2))}
		var s [2]string
		var n [2]Number
		ok := true
		for k := range s {
			for j := r.Intn(3); j >= 0; j-- {
				s[k] += pieces[r.Intn(len(pieces))]
			}
			n[k], ok = Parse(s[k])
			if !ok {
				break
			}
		}
		if !ok {
			continue
		}
		var res Number
		var err error
		switch r.Intn(5) {
		case 0:
			res, err = c.Add(n[0], n[1])
		case 1:
			res, err = c.Sub(n[0], n[1])
		case 2:
			res, err = c.Mul(n[0], n[1])
		case 3:
			res, err = c.Div(n[0], n[1])
		case 4:
			res, err = c.Plus(n[0])
		}
		if err != nil {
			continue
		}
		str := c.String(res)
		want, ok := Parse(str)
		if !ok {
			t.Fatalf("%+v: %q does not parse", c, str)
		}
		got, expo, ok := c.Shown(res)
		if !ok {
			t.Fatalf("%+v: Shown(%s) not ok", c, str)
		}
		if !Same(got, want) {
			t.Fatalf("%+v %q %q: Shown gives %s, Parse of %q gives %s", c, s[0], s[1], got.Text(math.MaxInt, Scientific), str, want.Text(math.MaxInt, Scientific))
		}
		ccns := math.MaxInt
		if expo {
			ccns = 0
		}
		if txt := got.Text(ccns, c.Form); txt != str {
			t.Fatalf("%+v %q %q: Text gives %q, String %q", c, s[0], s[1], txt, str)
		}
	}
}

// TestCmp checks the exact comparison against the difference's sign.
func TestCmp(t *testing.T) {
	c := Context{Digits: 200}
	vals := []string{"0", "1", "-1", "1.0", "0.999999999999999999999", "1E+30", "999999999999999999999999999999",
		"1000000000000000000000000000000", "-1E+30", "12000", "1.2E+4", "5E-20", "0.00000000000000000005", "1.5", "1.49"}
	for _, as := range vals {
		for _, bs := range vals {
			a, _ := Parse(as)
			b, _ := Parse(bs)
			d, err := c.Sub(a, b)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := Cmp(a, b), d.Sign(); got != want {
				t.Errorf("Cmp(%s, %s) = %d, want %d", as, bs, got, want)
			}
		}
	}
}

// TestDigits64 checks the digit count at every power of ten and its
// neighbours.
func TestDigits64(t *testing.T) {
	if digits64(0) != 1 {
		t.Errorf("digits64(0) = %d", digits64(0))
	}
	p := uint64(1)
	for n := 1; n <= 20; n++ {
		if got := digits64(p); got != n {
			t.Errorf("digits64(%d) = %d, want %d", p, got, n)
		}
		if got := digits64(p - 1); p > 1 && got != n-1 {
			t.Errorf("digits64(%d) = %d, want %d", p-1, got, n-1)
		}
		if got := digits64(p + 1); p > 1 && got != n {
			t.Errorf("digits64(%d) = %d, want %d", p+1, got, n)
		}
		if n < 20 {
			p *= 10
		}
	}
	if got := digits64(^uint64(0)); got != 20 {
		t.Errorf("digits64(max) = %d, want 20", got)
	}
}
