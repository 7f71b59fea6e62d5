package interp

import (
	"github.com/rexxlxd/rexxlxd/builtin"
	"github.com/rexxlxd/rexxlxd/num"
)

// MIN and MAX are arithmetic: a loop such as "m = min(2*x, 3*x, 5*x)"
// would otherwise spell each product as a string only for the built-in to
// read it back. minmax compares the numbers its arguments already hold and
// hands the built-in (which also reports every error) only what it cannot
// take so.

// minmaxKind returns 1 for MAX, -1 for MIN and 0 for any other built-in.
func minmaxKind(name string) int8 {
	switch name {
	case "MAX":
		return 1
	case "MIN":
		return -1
	}
	return 0
}

// minmax calls MIN or MAX (c.minmax says which).
func (a *activation) minmax(c *callExpr) (Value, bool, error) {
	var buf [4]Value
	vals := buf[:0]
	for _, x := range c.args {
		if x == nil {
			return a.minmaxStrings(c, vals)
		}
		v, err := x.eval(a)
		if err != nil {
			return Value{}, false, err
		}
		vals = append(vals, v.settled()) // an argument is a string to Regina
	}
	var best num.Number
	bestIdx := 0
	for i, v := range vals {
		n, ok := v.number()
		if !ok || !moderate(n) {
			return a.minmaxStrings(c, vals)
		}
		if i == 0 || num.Cmp(n, best)*int(c.minmax) > 0 {
			best, bestIdx = n, i
		}
	}
	if len(vals) == 0 {
		return a.minmaxStrings(c, vals)
	}
	// The result has every digit of the number chosen, not DIGITS of
	// them, in the notation it would have with DIGITS as long as it is:
	// most often the very value chosen, a result of arithmetic.
	spell := num.Context{Digits: best.Digits(), Form: a.numeric.Form}
	if n, sp, ok := shownAs(&spell, best); ok && num.Same(n, best) {
		if v := vals[bestIdx]; v.s == "" && v.tag != nil {
			switch k := v.tag.kind; {
			case k == kindInt, (k == kindDec || k == kindBig) && v.tag.mode == sp:
				return v, true, nil
			}
		}
	}
	return numValue(&spell, best), true, nil
}

// moderate reports whether n's exponent is far from REXX's limits, where
// the built-in raises error 42 for a result it cannot write.
func moderate(n num.Number) bool {
	exp := n.Exponent()
	return n.Sign() == 0 || (exp > -1e8 && exp < 1e8)
}

// minmaxStrings calls the built-in on the values evaluated so far and the
// arguments after them.
func (a *activation) minmaxStrings(c *callExpr, done []Value) (Value, bool, error) {
	args, mark := a.in.pushArgs(len(c.args), c.room)
	defer a.in.popArgs(mark)
	for i, v := range done {
		args[i] = builtin.Arg{Value: v.String(), Present: true}
	}
	if err := a.evalArgs(c, args, len(done)); err != nil {
		return Value{}, false, err
	}
	args, err := c.checkArgs(args, c.bif.Min, c.bif.Max)
	if err != nil {
		return Value{}, false, err
	}
	s, err := c.bif.Fn(&a.numeric, args)
	return Str(s), err == nil, err
}
