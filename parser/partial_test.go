package parser

import (
	"strings"
	"testing"
)

// TestScanPartial: text still being typed scans without failing; the
// result says whether it ends in a comment or an unclosed string, keeps
// a last comma no line end has made a continuation, and has no final
// clause end or EOF.
func TestScanPartial(t *testing.T) {
	tests := []struct {
		src  string
		end  Partial
		toks string // kinds and texts, "|"-separated
	}{
		{"say 'ab", InString, "symbol say|string ab"},
		{`say "it""s`, InString, `symbol say|string it"s`},
		{"say 'ab\nx", Complete, "symbol say|string ab|end of clause|symbol x"},
		{"say 1 /* a /* b */", InComment, "symbol say|symbol 1"},
		{"say 1 /* a */ ,", Complete, "symbol say|symbol 1|operator ,"},
		{"say 1,\n2", Complete, "symbol say|symbol 1|symbol 2"},
		{"l: x ~ 'zz'x", Complete, "symbol l|operator :|symbol x|string zz"},
		{"", Complete, ""},
	}
	for _, tt := range tests {
		toks, end := ScanPartial(tt.src)
		var got []string
		for _, tk := range toks {
			s := tk.Kind.String()
			if s == "operator" || s == "symbol" || s == "string" {
				s += " " + tk.Text
			}
			got = append(got, s)
		}
		if end != tt.end || strings.Join(got, "|") != tt.toks {
			t.Errorf("ScanPartial(%q) = %q, %d; want %q, %d", tt.src, strings.Join(got, "|"), end, tt.toks, tt.end)
		}
	}
}
