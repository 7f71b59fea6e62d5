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
		return Value{}, badArith(1, "left", a, opText)
	}
	nb, ok := b.number()
	if !ok {
		return Value{}, badArith(2, "right", b, opText)
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
	return rawResult(c, r), nil
}

// keepsNumber reports whether assigning x keeps the number it makes as
// the operation made it (Regina's numeric assignment, see rawResult):
// x is an operation + - * / % // or a prefix + or -. The value of **,
// of a variable, a function or anything else is assigned as its string.
func keepsNumber(x expr) bool {
	switch x := x.(type) {
	case *binaryExpr:
		return x.op <= opRem
	case *unaryExpr:
		return x.op != "\\"
	}
	return false
}

// assigned returns v, the value of x that holds the number an
// operation made (kindRaw), as assigning it to t keeps it: as it is in
// a numeric assignment to a variable, rounded to DIGITS when a prefix
// operator left it longer; a stem's default and any other assignment
// take the string.
func (a *activation) assigned(t ref, x expr, v Value) Value {
	if _, stem := t.(*stemRef); stem || !keepsNumber(x) {
		return v.settled()
	}
	if n := v.tag.n; n.Digits() > a.numeric.Digits {
		r, err := a.numeric.Plus(n)
		if err != nil {
			return v.settled()
		}
		return rawResult(&a.numeric, r)
	}
	return v
}

// badArith is error 41.sub for the operand v on the side of the
// operator op that is not a number. Regina 3.6 raises it with no
// secondary message, so CONDITION('D') is "Bad arithmetic conversion";
// the secondary message stays in the report of an uncaught error, where
// it says which value was wrong.
func badArith(sub int, side string, v Value, op string) error {
	e := rxErr(41, sub, "Non-numeric value (\"%s\") to %s of arithmetic operation \"%s\"", v.String(), side, op)
	e.ReportOnly = true
	return e
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
		return Value{}, badArith(3, "right", a, opText)
	}
	// Regina hands the operand on unrounded, with its sign changed for
	// "-": (-12345) * (-12345) at DIGITS 3 multiplies 1234 by 1234, as
	// 12345 * 12345 does. A rounding that would pass the exponent limit
	// is still error 42.
	if n.Digits() > c.Digits {
		if _, err := c.Plus(n); err != nil {
			return Value{}, err
		}
	}
	if opText == "-" {
		n = n.Negate()
	}
	return rawResult(c, n), nil
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
// as strings as Regina does (see whiteCompare).
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
	// no number.
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
	return whiteCompare(a.String(), b.String())
}

// isWhite reports whether b is white space to a normal comparison: the
// blank, tab, LF, VT, FF or CR, as C's isspace says to Regina.
func isWhite(b byte) bool { return b == ' ' || b-'\t' <= '\r'-'\t' }

// blankCompare compares s with the empty string as whiteCompare does:
// equal when s is all white space, else greater.
func blankCompare(s string) int {
	for i := 0; i < len(s); i++ {
		if !isWhite(s[i]) {
			return 1
		}
	}
	return 0
}

// whiteCompare is Regina's comparison of strings that are not both
// numbers: leading white space is ignored, then the common part; of
// what is left, trailing white space is ignored; equal if nothing is
// left of either, else the first differing bytes decide, and a string
// with something left is greater than one with nothing left (so
// 'a'||'01'x > 'a', where padding with blanks would say less).
// Nothing is copied: a loop such as "do while line \= nothing" compares
// a long string with a short one on every pass.
func whiteCompare(a, b string) int {
	i, j := 0, 0
	for i < len(a) && isWhite(a[i]) {
		i++
	}
	for j < len(b) && isWhite(b[j]) {
		j++
	}
	for i < len(a) && j < len(b) && a[i] == b[j] {
		i++
		j++
	}
	ea, eb := len(a), len(b)
	for ea > i && isWhite(a[ea-1]) {
		ea--
	}
	for eb > j && isWhite(b[eb-1]) {
		eb--
	}
	switch {
	case i == ea && j == eb:
		return 0
	case i < ea && j < eb:
		if a[i] < b[j] {
			return -1
		}
		return 1
	case i < ea:
		return 1
	}
	return -1
}
