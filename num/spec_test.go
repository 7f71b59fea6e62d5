package num

import "testing"

// TestBriefExamples checks the results the interpreter's users see most,
// each confirmed with Regina 3.6 (say 1/3, say 2**100, ...).
func TestBriefExamples(t *testing.T) {
	c := DefaultContext()
	for _, tt := range []struct{ a, op, b, want string }{
		{"1", "/", "3", "0.333333333"},
		{"2", "**", "100", "1.26765061E+30"},
		{"10", "/", "4", "2.5"},
		{"0.1", "+", "0.2", "0.3"},
		{"1e3", "+", "0", "1000"},
		{"5", "//", "3", "2"},
		{"-7", "%", "2", "-3"},
		{"-7", "//", "2", "-1"},
		{"999999999", "+", "1", "1.00000000E+9"},
		{"1.50", "+", "0", "1.50"},
		{"1.23", "*", "100", "123.00"},
		{"3.0", "/", "1", "3"},
		{"3", "-", "3.0", "0"},
		{"-2", "**", "2", "4"},
		{"2", "**", "-1", "0.5"},
	} {
		if got := reginaEval(&c, tt.op, tt.a, tt.b); got != "="+tt.want {
			t.Errorf("%s %s %s = %s, want %s", tt.a, tt.op, tt.b, got, tt.want)
		}
	}
}

// TestSmallIntNoAlloc checks that counting-loop arithmetic on small
// whole numbers allocates nothing.
func TestSmallIntNoAlloc(t *testing.T) {
	c := DefaultContext()
	a, b := FromInt(123456), FromInt(789)
	allocs := testing.AllocsPerRun(100, func() {
		s, _ := c.Add(a, b)
		s, _ = c.Sub(s, b)
		p, _ := c.Mul(s, b)
		_ = c.Compare(p, a)
		_, _ = c.Whole(s)
	})
	if allocs != 0 {
		t.Errorf("small-int arithmetic allocates %.0f times", allocs)
	}
}

// TestWhole checks Whole under DIGITS.
func TestWhole(t *testing.T) {
	c := DefaultContext()
	for _, tt := range []struct {
		s  string
		v  int
		ok bool
	}{
		{"7", 7, true}, {"2.00", 2, true}, {"1.5", 0, false}, {"1.0000000001", 1, true},
		{"1E3", 1000, true}, {"-12", -12, true}, {"1234567891", 1234567890, true},
	} {
		n, _ := Parse(tt.s)
		v, ok := c.Whole(n)
		if v != tt.v || ok != tt.ok {
			t.Errorf("Whole(%s) = %d, %v; want %d, %v", tt.s, v, ok, tt.v, tt.ok)
		}
	}
}
