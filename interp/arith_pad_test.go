package interp

import (
	"strings"
	"testing"
)

// TestPadCompare checks padCompare against comparing the blank-padded
// strings, with characters below and above the blank in the padding.
func TestPadCompare(t *testing.T) {
	cases := []string{"", " ", "a", "a ", "ab", "a\t", "a\x00", "a!", "abc", "b", "  ", "a  b", "a \x01"}
	for _, a := range cases {
		for _, b := range cases {
			pa, pb := a, b
			for len(pa) < len(pb) {
				pa += " "
			}
			for len(pb) < len(pa) {
				pb += " "
			}
			if got, want := padCompare(a, b), strings.Compare(pa, pb); got != want {
				t.Errorf("padCompare(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}
