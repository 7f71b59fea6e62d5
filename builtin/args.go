package builtin

import (
	"math"

	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// AnyWhole, passed as min to wholeArg or optWhole, accepts negative whole
// numbers too.
const AnyWhole = math.MinInt

// wholeLimit is the largest magnitude Regina accepts for a whole-number
// argument (a C int; -2147483648 is refused as Regina refuses it).
const wholeLimit = math.MaxInt32

// missingArg is the error for a required argument that was omitted, as in
// SUBSTR('abc',,2): Regina reports the function's minimum argument count.
func missingArg(fn string) error {
	return rexxerr.New(40, 3, "Not enough arguments in invocation of \"%s\"; minimum expected is %d", fn, Funcs[fn].Min)
}

// argPresent reports whether argument i was given.
func argPresent(args []Arg, i int) bool { return i < len(args) && args[i].Present }

// wholeArg returns argument i (0-based) as a whole number that must be at
// least min. Like Regina it accepts any exact whole value within a C int,
// whatever NUMERIC DIGITS is ("2.00" and "1.5E1" are whole; "1.5" is not),
// and reports 40.12 for a non-whole value, 40.13 when min is 0 and 40.14
// when min is 1 and the value is below it. An omitted argument is 40.3.
func wholeArg(c *num.Context, fn string, args []Arg, i int, min int) (int, error) {
	if !argPresent(args, i) {
		return 0, missingArg(fn)
	}
	s := args[i].Value
	v, ok := wholeValue(s)
	if !ok {
		return 0, rexxerr.New(40, 12, "%s argument %d must be a whole number; found \"%s\"", fn, i+1, s)
	}
	if v < min {
		if min > 0 {
			return 0, rexxerr.New(40, 14, "%s argument %d must be positive; found \"%s\"", fn, i+1, s)
		}
		return 0, rexxerr.New(40, 13, "%s argument %d must be zero or positive; found \"%s\"", fn, i+1, s)
	}
	return v, nil
}

// wholeValue converts a string to a whole number within Regina's limits.
func wholeValue(s string) (int, bool) {
	if v, ok := plainDigits(s); ok {
		return v, true
	}
	n, ok := num.Parse(s)
	if !ok {
		return 0, false
	}
	v, ok := n.Int64()
	if !ok || v > wholeLimit || v < -wholeLimit {
		return 0, false
	}
	return int(v), true
}

// plainDigits reads s when it is one to nine decimal digits and nothing
// else, the usual form of a whole-number argument, without the general
// number parser.
func plainDigits(s string) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// optWhole is wholeArg for an optional argument: it returns def when
// argument i was omitted.
func optWhole(c *num.Context, fn string, args []Arg, i, min, def int) (int, error) {
	if !argPresent(args, i) {
		return def, nil
	}
	return wholeArg(c, fn, args, i, min)
}

// optChar returns optional argument i, which must be exactly one
// character (a pad or a separator), or def when it was omitted (40.23).
func optChar(fn string, args []Arg, i int, def byte) (byte, error) {
	if !argPresent(args, i) {
		return def, nil
	}
	s := args[i].Value
	if len(s) != 1 {
		return 0, rexxerr.New(40, 23, "%s argument %d must be a single character; found \"%s\"", fn, i+1, s)
	}
	return s[0], nil
}

// optOption returns the upper-cased first letter of optional argument i,
// which must be one of valid, or def when the argument was omitted. An
// empty option is 40.21 and an unknown one 40.28, with Regina's texts.
func optOption(fn string, args []Arg, i int, valid string, def byte) (byte, error) {
	if !argPresent(args, i) {
		return def, nil
	}
	s := args[i].Value
	if s == "" {
		return 0, rexxerr.New(40, 21, "%s argument %d must not be null", fn, i+1)
	}
	b := s[0]
	if 'a' <= b && b <= 'z' {
		b -= 'a' - 'A'
	}
	for j := 0; j < len(valid); j++ {
		if valid[j] == b {
			return b, nil
		}
	}
	return 0, rexxerr.New(40, 28, "%s argument %d, option must start with one of \"%s\"; found \"%s\"", fn, i+1, valid, s)
}
