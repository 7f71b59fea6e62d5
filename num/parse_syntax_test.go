package num

import "testing"

// TestParseSyntaxRegina checks which strings are REXX numbers; the verdicts are
// Regina 3.6's DATATYPE(s) answers (NUM or CHAR).
func TestParseSyntaxRegina(t *testing.T) {
	for _, tt := range []struct {
		s  string
		ok bool
	}{
		{" 12 ", true}, {"- 3", true}, {"+ 1.5e3", true}, {".5", true}, {"5.", true},
		{"1e", false}, {".", false}, {"", false}, {" ", false}, {"1 2", false},
		{"1e+", false}, {"--1", false}, {"1.2.3", false}, {"0x10", false},
		{"12\n", true}, {"\n12", true}, {"1E999999999", true}, {"1E1000000000", false},
		{"1E9999999999", false}, {"0E9999999999", false}, {"1.5E999999999", true},
		{"15E999999998", true}, {"100E999999998", false}, {"0.01E1000000001", false},
		{"1E-999999999", true}, {"1E-1000000000", false}, {"0.1E-999999999", true},
		{"1E0000000001", true}, {"12345678901234567890123", true},
	} {
		if _, ok := Parse(tt.s); ok != tt.ok {
			t.Errorf("Parse(%q) ok = %v, want %v", tt.s, ok, tt.ok)
		}
	}
}

// TestParseKeepsParts checks the parts Parse keeps, trailing zeros included.
func TestParseKeepsParts(t *testing.T) {
	for _, tt := range []struct {
		s      string
		neg    bool
		digits string
		exp    int64
	}{
		{"1.50", false, "150", -2},
		{" - 0012.0 ", true, "120", -1},
		{"-0.000", false, "0", 0},
		{"1e3", false, "1", 3},
		{"0.00123E-2", false, "123", -7},
		{"12345678901234567890.5", false, "123456789012345678905", -1},
		{"-98765432109876543210E5", true, "98765432109876543210", 5},
	} {
		n, ok := Parse(tt.s)
		if !ok {
			t.Errorf("Parse(%q) failed", tt.s)
			continue
		}
		neg, digits, exp := n.Decompose()
		if neg != tt.neg || digits != tt.digits || exp != tt.exp {
			t.Errorf("Parse(%q) = %v %s e%d, want %v %s e%d", tt.s, neg, digits, exp, tt.neg, tt.digits, tt.exp)
		}
	}
}

func TestInt64Exact(t *testing.T) {
	for _, tt := range []struct {
		s  string
		v  int64
		ok bool
	}{
		{"2.00", 2, true}, {"1.5E1", 15, true}, {"1.5", 0, false}, {"-7", -7, true},
		{"1E18", 1e18, true}, {"1E19", 0, false}, {"123456789012345678000E-3", 123456789012345678, true},
		{"123456789012345678900E-3", 0, false}, {"9223372036854775807", 9223372036854775807, true},
		{"0.000", 0, true},
	} {
		n, _ := Parse(tt.s)
		v, ok := n.Int64()
		if v != tt.v || ok != tt.ok {
			t.Errorf("Int64(%q) = %d, %v; want %d, %v", tt.s, v, ok, tt.v, tt.ok)
		}
	}
}
