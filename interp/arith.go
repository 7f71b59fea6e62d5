package interp

import (
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
)

// op is a binary operator, resolved from parser.Operator when code is
// compiled (see binaryOp).
type op uint8

const (
	opAdd op = iota
	opSub
	opMul
	opDiv
	opIntDiv
	opRem
	opPow
	opConcat // || and abuttal
	opBlank  // concatenation with a blank
	opEq
	opNe
	opGt
	opLt
	opGe
	opLe
	opSEq
	opSNe
	opSGt
	opSLt
	opSGe
	opSLe
	opAnd
	opOr
	opXor
)

var pow10 = [...]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// fastLimit is the bound below which integer results need no rounding
// under the current NUMERIC DIGITS, or 0 when the fast path is off.
func fastLimit(c *num.Context) int64 {
	if c.Digits >= len(pow10) {
		return maxFast
	}
	return pow10[c.Digits]
}

// arith applies an arithmetic operator. Integers written plainly take a
// fast path; everything else goes through decimal arithmetic.
func arith(c *num.Context, o op, opText string, a, b Value) (Value, error) {
	if x, ok := a.smallInt(); ok {
		if y, ok := b.smallInt(); ok {
			if r, ok := fastArith(c, o, x, y); ok {
				return Int(r), nil
			}
		}
	}
	na, ok := a.number()
	if !ok {
		return Value{}, rxErr(41, 1, "Non-numeric value (\"%s\") to left of arithmetic operation \"%s\"", a.String(), opText)
	}
	nb, ok := b.number()
	if !ok {
		return Value{}, rxErr(41, 2, "Non-numeric value (\"%s\") to right of arithmetic operation \"%s\"", b.String(), opText)
	}
	var r num.Number
	var err error
	switch o {
	case opAdd:
		r, err = c.Add(na, nb)
	case opSub:
		r, err = c.Sub(na, nb)
	case opMul:
		r, err = c.Mul(na, nb)
	case opDiv:
		r, err = c.Div(na, nb)
	case opIntDiv:
		r, err = c.IntDiv(na, nb)
	case opRem:
		r, err = c.Rem(na, nb)
	case opPow:
		r, err = c.Pow(na, nb)
	}
	if err != nil {
		return Value{}, err
	}
	return numValue(c, r), nil
}

func fastArith(c *num.Context, o op, x, y int64) (int64, bool) {
	lim := fastLimit(c)
	if x >= lim || x <= -lim || y >= lim || y <= -lim {
		return 0, false
	}
	var r int64
	switch o {
	case opAdd:
		r = x + y
	case opSub:
		r = x - y
	case opMul:
		if lim > 1e9 {
			return 0, false
		}
		r = x * y
	case opDiv:
		if y == 0 || x%y != 0 {
			return 0, false
		}
		r = x / y
	case opIntDiv:
		if y == 0 {
			return 0, false
		}
		r = x / y
	case opRem:
		if y == 0 {
			return 0, false
		}
		r = x % y
	case opPow:
		if y < 0 {
			return 0, false
		}
		switch {
		case x == 0 && y > 0:
			return 0, true
		case x == 1 || y == 0:
			return 1, true
		case x == -1:
			return 1 - 2*(y&1), true
		}
		// |x| >= 2 leaves the fast range within 64 steps.
		r = 1
		for ; y > 0; y-- {
			r *= x
			if r >= lim || r <= -lim {
				return 0, false
			}
		}
	default:
		return 0, false
	}
	return r, r < lim && r > -lim
}

// prefix applies a prefix operator.
func prefix(c *num.Context, opText string, a Value) (Value, error) {
	if opText == "\\" {
		t, ok := a.truth()
		if !ok {
			return Value{}, notLogical(a, nil, rxErr(34, 6, "Value of expression following NOT operator must be exactly \"0\" or \"1\"; found \"%s\"", a.String()))
		}
		return Bool(!t), nil
	}
	if x, ok := a.smallInt(); ok && x < fastLimit(c) && x > -fastLimit(c) {
		if opText == "-" {
			return Int(-x), nil
		}
		return Int(x), nil
	}
	n, ok := a.number()
	if !ok {
		return Value{}, rxErr(41, 3, "Non-numeric value (\"%s\") to right of arithmetic operation \"%s\"", a.String(), opText)
	}
	var r num.Number
	var err error
	if opText == "-" {
		r, err = c.Neg(n)
	} else {
		r, err = c.Plus(n)
	}
	if err != nil {
		return Value{}, err
	}
	return numValue(c, r), nil
}

// compare applies a comparison operator.
func compare(c *num.Context, o op, a, b Value) Value {
	var r int
	switch o {
	case opSEq, opSNe:
		if eq, ok := sameHeld(a, b); ok {
			return Bool(eq == (o == opSEq))
		}
		r = strings.Compare(a.String(), b.String())
	case opSGt, opSLt, opSGe, opSLe:
		// Strict comparison: bytes, no padding, a prefix before the
		// longer string.
		r = strings.Compare(a.String(), b.String())
	default:
		r = normalCompare(c, a, b)
	}
	switch o {
	case opEq, opSEq:
		return Bool(r == 0)
	case opNe, opSNe:
		return Bool(r != 0)
	case opGt, opSGt:
		return Bool(r > 0)
	case opLt, opSLt:
		return Bool(r < 0)
	case opGe, opSGe:
		return Bool(r >= 0)
	}
	return Bool(r <= 0)
}

// normalCompare compares numerically when both values are numbers, else
// as strings with leading and trailing blanks ignored and the shorter
// padded with blanks.
func normalCompare(c *num.Context, a, b Value) int {
	// Integers within DIGITS compare as integers; longer ones compare as
	// REXX does, on their first DIGITS digits.
	lim := fastLimit(c)
	if x, ok := a.smallInt(); ok && x < lim && x > -lim {
		if y, ok := b.smallInt(); ok && c.Fuzz == 0 && y < lim && y > -lim {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	}
	// A comparison with the empty string ("do while line \= ''") needs
	// neither number nor trimmed copies.
	if a.tag == nil && a.s == "" {
		return -blankCompare(b.String())
	}
	if b.tag == nil && b.s == "" {
		return blankCompare(a.String())
	}
	if na, ok := a.number(); ok {
		if nb, ok := b.number(); ok {
			return c.Compare(na, nb)
		}
	}
	return padCompare(strings.Trim(a.String(), " "), strings.Trim(b.String(), " "))
}

// blankCompare compares s with the empty string as normalCompare does:
// blanks are ignored, so a string of blanks equals it.
func blankCompare(s string) int {
	return padCompare(strings.Trim(s, " "), "")
}

// padCompare compares a and b as if the shorter were padded with blanks
// to the length of the longer, without building the padded copy: a loop
// such as "do while line \= nothing" compares a long string with a short
// one on every pass.
func padCompare(a, b string) int {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	for _, c := range []byte(a[n:]) {
		if c != ' ' {
			if c < ' ' {
				return -1
			}
			return 1
		}
	}
	for _, c := range []byte(b[n:]) {
		if c != ' ' {
			if c < ' ' {
				return 1
			}
			return -1
		}
	}
	return 0
}
