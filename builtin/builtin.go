// Package builtin holds REXX's built-in functions that need nothing of the
// running interpreter but their arguments and the NUMERIC settings. Functions
// that look at interpreter state (ARG, ADDRESS, VALUE, QUEUED, CONDITION,
// streams, ...) live in package interp.
package builtin

import "github.com/rexxlxd/rexxlxd/num"

// Arg is one argument of a call; Present is false for an omitted argument
// (as the second one in SUBSTR(s,,3)) and for arguments past the last given.
type Arg struct {
	Value   string
	Present bool
}

// Func is the Go side of a built-in function. It returns the result string
// or a *rexxerr.Error (40.x for bad arguments, as Regina reports them).
type Func func(c *num.Context, args []Arg) (string, error)

// IntFunc is the Go side of a built-in whose result is always a whole
// number (LENGTH, POS, WORDS, ...): a caller that keeps numbers as
// numbers takes the int as it is, without formatting and parsing digits.
type IntFunc func(c *num.Context, args []Arg) (int, error)

// Spec describes a built-in: its argument counts and its implementation.
// The caller checks Min and Max before calling Fn, and pads args with
// absent Args up to Max, so Fn may index args[0..Max-1] freely. Int, when
// set, is the same function with its result as an int; Fn then returns
// that int's digits.
type Spec struct {
	Min, Max int
	Fn       Func
	Int      IntFunc
	// site, when set, makes the Spec for one call site: Fn and Int bound
	// to a Memo of that site's own (see Site).
	site func() Spec
}

// Site returns the Spec to keep at one call site of the function. For the
// built-ins that remember something between calls (WORD and its family
// remember where the last word was, so a loop over the words of a line
// does not scan it from the start each time) it is a Spec whose Fn and
// Int share a Memo of their own; for every other built-in it is s. As each
// call site has its own memo, no state is shared between call sites, nor
// between interpreters running in goroutines. s itself, used without
// Site, keeps no memo from one call to the next.
func (s Spec) Site() Spec {
	if s.site == nil {
		return s
	}
	return s.site()
}

// Funcs maps the upper-case function name to its Spec. Files of this
// package add to it in their init functions; it is made with room for
// them all, so that start-up does not grow it step by step.
var Funcs = make(map[string]Spec, 64)
