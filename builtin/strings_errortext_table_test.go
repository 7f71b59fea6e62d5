package builtin

import "testing"

// TestSubTextsSorted: subTextOf searches subTexts by halves, so the
// generated table must stay in order of code and secondary number, and
// every entry must be found.
func TestSubTextsSorted(t *testing.T) {
	for i, e := range subTexts {
		if i > 0 {
			p := subTexts[i-1]
			if p.code > e.code || (p.code == e.code && p.sub >= e.sub) {
				t.Fatalf("subTexts[%d] %d.%d follows %d.%d", i, e.code, e.sub, p.code, p.sub)
			}
		}
		if got := subTextOf(e.code, e.sub); got != e.text {
			t.Errorf("subTextOf(%d, %d) = %q, want %q", e.code, e.sub, got, e.text)
		}
	}
	if got := subTextOf(40, 10); got != "" {
		t.Errorf("subTextOf(40, 10) = %q, want none", got)
	}
}
