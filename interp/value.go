package interp

import (
	"strconv"
	"unsafe"

	"github.com/rexxlxd/rexxlxd/num"
)

// Value is a REXX value. Every REXX value is a string; a Value may also
// carry the integer it stands for, so that counting loops and integer
// arithmetic never format or parse digits. It is four machine words, as
// it is copied at every step of evaluation.
type Value struct {
	s string
	i int64
	// tag says how to read s and i: nil, s is the value; intTag, i is
	// the value and s is not formatted; bothTag, s is the value and i the
	// plain integer it spells; any other, s is a view of that buffer's
	// bytes (see concat).
	tag *appendBuf
}

// appendBuf backs strings built by repeated concatenation. A Value whose
// string is the whole of buf may append to it in place: the bytes of
// every string already handed out stay untouched, so "s = s || x" in a
// loop costs the length of x, not of s.
type appendBuf struct{ b []byte }

var (
	intTag  = &appendBuf{}
	bothTag = &appendBuf{}
)

// Str makes a Value from a string.
func Str(s string) Value { return Value{s: s} }

// Int makes a Value from an integer.
func Int(i int64) Value { return Value{i: i, tag: intTag} }

// constant makes the Value of a literal: a plain integer keeps its
// spelling ("007") and carries its value, parsed once at compile time.
func constant(s string) Value {
	if i, ok := parseSmallInt(s); ok {
		return Value{s: s, i: i, tag: bothTag}
	}
	return Value{s: s}
}

// Bool makes the REXX truth value "1" or "0".
func Bool(b bool) Value {
	if b {
		return Value{i: 1, tag: intTag}
	}
	return Value{i: 0, tag: intTag}
}

// String returns the value's string form.
func (v Value) String() string {
	if v.tag == intTag {
		return strconv.FormatInt(v.i, 10)
	}
	return v.s
}

// buffer returns the append buffer s is a view of, or nil.
func (v Value) buffer() *appendBuf {
	if v.tag == intTag || v.tag == bothTag {
		return nil
	}
	return v.tag
}

// concat returns x, sep and y joined.
func concat(x Value, sep string, y Value) Value {
	xs, ys := x.String(), y.String()
	if buf := x.buffer(); buf != nil && len(xs) == len(buf.b) && len(xs) > 0 {
		b := append(buf.b, sep...)
		b = append(b, ys...)
		buf.b = b
		return Value{s: unsafe.String(&b[0], len(b)), tag: buf}
	}
	n := len(xs) + len(sep) + len(ys)
	if n < 256 {
		return Value{s: xs + sep + ys}
	}
	b := make([]byte, 0, 2*n)
	b = append(b, xs...)
	b = append(b, sep...)
	b = append(b, ys...)
	return Value{s: unsafe.String(&b[0], len(b)), tag: &appendBuf{b}}
}

// maxFast bounds the integers the fast path works with: any two of them
// add without overflow, and NUMERIC DIGITS up to 18 is exact for them.
const maxFast = 1e18

// smallInt returns the integer a value stands for when it is written as
// a plain integer (optional blanks and sign, digits): such a value
// behaves in arithmetic exactly like the int64, so the caller may skip
// decimal arithmetic. "1.0" and "1E3" are not plain, since REXX keeps
// their form in results.
func (v Value) smallInt() (int64, bool) {
	if v.tag == intTag || v.tag == bothTag {
		return v.i, true
	}
	return parseSmallInt(v.s)
}

func parseSmallInt(s string) (int64, bool) {
	i, n := 0, len(s)
	for i < n && s[i] == ' ' {
		i++
	}
	for n > i && s[n-1] == ' ' {
		n--
	}
	neg := false
	if i < n && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
		for i < n && s[i] == ' ' {
			i++
		}
	}
	if i == n || n-i > 18 {
		return 0, false
	}
	var x int64
	for ; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int64(c-'0')
	}
	if neg {
		x = -x
	}
	return x, true
}

// truth converts a value to a Go bool, or reports that it is not "0"
// or "1" (error 34).
func (v Value) truth() (bool, bool) {
	if v.tag == intTag {
		return v.i == 1, v.i == 0 || v.i == 1
	}
	switch v.s {
	case "1":
		return true, true
	case "0":
		return false, true
	}
	return false, false
}

// logical reads v, the value of x, as a logical value. Regina is lenient
// with a literal or a variable (see numericTruth) but not with the result
// of an operation or a function.
func logical(x expr, v Value) (bool, bool) {
	if t, ok := v.truth(); ok {
		return t, true
	}
	switch x.(type) {
	case *lit, *simpleRef, *compoundRef, *stemRef:
		return v.numericTruth()
	}
	return false, false
}

// numericTruth is Regina's reading of a logical value that is not
// exactly "0" or "1": any zero is false, and a number whose coefficient
// is exactly 1 with exponent 0 (" 1 ", "01", "+1", "1.", "1E0", but not
// "1.0") is true.
func (v Value) numericTruth() (bool, bool) {
	n, ok := num.Parse(v.s)
	if !ok {
		return false, false
	}
	neg, digits, exp := n.Decompose()
	switch {
	case digits == "0":
		return false, true
	case !neg && digits == "1" && exp == 0:
		return true, true
	}
	return false, false
}

// notLogical is the error for a value that is not a logical one: e, the
// 34.n error of its context, except that a literal string that is not a
// number is error 41 with no secondary message, as Regina reports it
// (it converts literals ahead of time). x is the expression v came from.
func notLogical(v Value, x expr, e error) error {
	if _, literal := x.(*lit); literal && v.tag != intTag {
		if _, ok := num.Parse(v.s); !ok {
			return rxErr(41, 0, "")
		}
	}
	return e
}
