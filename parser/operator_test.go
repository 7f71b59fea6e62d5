package parser

import "testing"

// TestScanOperators: every spelling the scanner knows becomes its
// Operator, with "¬" read as "\" and the longest spelling taken.
func TestScanOperators(t *testing.T) {
	for _, o := range scanOps {
		toks, err := Scan("t", "a "+o.text+" b")
		if err != nil {
			t.Errorf("Scan(a %s b): %v", o.text, err)
			continue
		}
		if len(toks) != 5 || toks[1].Kind != Op {
			t.Errorf("Scan(a %s b) = %v; want symbol, operator, symbol", o.text, toks)
			continue
		}
		got := toks[1]
		if got.Op != o.op || got.Text != o.op.String() {
			t.Errorf("Scan(%q) = %v %q, want %v %q", o.text, got.Op, got.Text, o.op, o.op.String())
		}
	}
}

// TestPrecedence: the binary operators bind from | (loosest) to **
// (tightest); prefix-only operators and punctuation are no binary
// operator at all.
func TestPrecedence(t *testing.T) {
	order := [][]Operator{
		{Or, Xor},
		{And},
		{Eq, Ne, LtGt, GtLt, Gt, Lt, Ge, Le, NotGt, NotLt, StrictEq, StrictNe, StrictGt, StrictLt, StrictGe, StrictLe, StrictNotGt, StrictNotLt},
		{Concat, Abut, Blank},
		{Add, Sub},
		{Mul, Div, IntDiv, Rem},
		{Pow},
	}
	prev := LowestPrec
	seen := map[Operator]bool{}
	for _, level := range order {
		p := level[0].Precedence()
		if p <= prev {
			t.Errorf("%v binds at %d, not tighter than the level before (%d)", level[0], p, prev)
		}
		for _, o := range level {
			seen[o] = true
			if o.Precedence() != p {
				t.Errorf("%v binds at %d, want %d like %v", o, o.Precedence(), p, level[0])
			}
		}
		prev = p
	}
	for o := NoOp; o < numOperators; o++ {
		if !seen[o] && o.Precedence() != LowestPrec {
			t.Errorf("%v (%d) has precedence %d; want none", o, o, o.Precedence())
		}
	}
}
