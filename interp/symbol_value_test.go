package interp_test

import (
	"context"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// TestValueReadsAsTheProgram: Interp.Value reads a symbol as the
// program would write it (any case, tail symbols replaced by their
// variables' values), where Vars().Get takes the stored name.
func TestValueReadsAsTheProgram(t *testing.T) {
	in := interp.New()
	prog, err := parser.Parse("t.rexx", `r.1.name = 'one'; k = 'Name'; r.1.k = 'mixed tail'; x = 'Name'; s = 'simple'; u.0 = 0; drop gone`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Run(context.Background(), prog); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		symbol, want string
		set          bool
	}{
		{"r.1.name", "one", true}, // NAME unset: the tail is NAME
		{"R.1.NAME", "one", true},
		{"r.1.x", "mixed tail", true}, // X is 'Name': the tail is 1.Name
		{"s", "simple", true},
		{"S", "simple", true},
		{"u.0", "0", true},
		{"gone", "", false},
		{"r.2.name", "", false},
		{"12", "", false}, // a constant symbol names no variable
		{"not a symbol", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, set := in.Value(tt.symbol)
		if got != tt.want || set != tt.set {
			t.Errorf("Value(%q) = %q, %v; want %q, %v", tt.symbol, got, set, tt.want, tt.set)
		}
	}
	// Get takes the stored name: tails as they are.
	if v, ok := in.Vars().Get("R.1.Name"); !ok || v != "mixed tail" {
		t.Errorf(`Vars().Get("R.1.Name") = %q, %v`, v, ok)
	}
	if _, ok := in.Vars().Get("r.1.name"); ok {
		t.Errorf(`Vars().Get("r.1.name") found a variable: the tail 1.name was set by no one`)
	}
}
