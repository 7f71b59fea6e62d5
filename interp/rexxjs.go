package interp

import (
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/parser"
)

// Scripts written for RexxJS, the JavaScript REXX whose ADDRESS LXD
// library rexxlxd stands in for, rely on two things classic REXX does
// not do. Both are bridged here only where a script shows it is such a
// script, so classic programs see REXX unchanged.

// iLet is RexxJS's "LET name = other" with a simple variable on each
// side: RexxJS assigns the whole value, which for a command's RESULT is an
// object with fields, so the stem other. is copied to name. too.
type iLet struct {
	at
	dst, src *simpleRef
	dstStem  string // "NAME."
	srcStem  string // "OTHER."
}

// let compiles a LET whose right side is a simple variable and whose
// target is one into an iLet; any other assignment is nil.
func (k *compiler) let(a at, s *parser.Assign) *iLet {
	if !s.Let {
		return nil
	}
	dst, ok1 := k.ref(s.Target).(*simpleRef)
	src, ok2 := k.expr(s.X).(*simpleRef)
	if !ok1 || !ok2 {
		return nil
	}
	return &iLet{a, dst, src, dst.name + ".", src.name + "."}
}

// let assigns other's value to name and, when other. holds anything,
// replaces name. with a copy of it (its default value and every
// compound variable set), so name.success and name.1.name read what
// other. held at this moment and later changes to other. do not show.
func (a *activation) let(c *iLet) error {
	v, err := c.src.eval(a)
	if err != nil {
		return err
	}
	if err := c.dst.assign(a, v.settled()); err != nil {
		return err
	}
	src := a.pool.stems[c.srcStem]
	if c.dstStem == c.srcStem || src == nil || !src.hasDef && !anySet(src) {
		return nil
	}
	dst := a.pool.stem(c.dstStem)
	dst.reset()
	dst.def, dst.hasDef = src.def, src.hasDef
	src.each(func(tail string, val Value, set bool) {
		if set {
			dst.set(tail, val)
		} else if src.hasDef {
			dst.drop(tail) // dropped against the default: stays dropped
		}
	})
	return nil
}

func anySet(s *stem) bool {
	set := false
	s.each(func(_ string, _ Value, x bool) { set = set || x })
	return set
}

// logical reads v, the value of x, as the condition of IF, WHEN, DO WHILE
// and DO UNTIL or an operand of \, &, | and &&. Classic programs get
// REXX's rule (only 0 and 1; error 34 otherwise). A program that has
// REQUIREd a RexxJS library gets RexxJS's (its isTruthy): every value is
// true except the empty string, 'false' in any case, a number equal to 0, and an unset
// variable.
func (a *activation) logical(x expr, v Value) (bool, bool) {
	if !a.in.rexxjs {
		return logical(x, v)
	}
	if t, ok := v.truth(); ok {
		return t, true
	}
	if unset(a, x) {
		return false, true
	}
	s := v.String()
	if s == "" || strings.EqualFold(s, "false") {
		return false, true
	}
	if n, ok := num.Parse(s); ok {
		if _, digits, _ := n.Decompose(); digits == "0" {
			return false, true
		}
	}
	return true, true
}

// unset reports whether x is a variable reference with no value.
func unset(a *activation, x expr) bool {
	switch r := x.(type) {
	case *simpleRef:
		return !r.lookup(a).set
	case *compoundRef:
		_, ok := a.pool.stem(r.stem).get(r.tailOf(a))
		return !ok
	case *stemRef:
		return !a.pool.stem(r.name).hasDef
	}
	return false
}
