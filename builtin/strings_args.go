package builtin

import (
	"errors"
	"strconv"
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// This file holds small helpers the string functions share; the argument
// checks themselves (wholeArg, optWhole, optChar, optOption) are in args.go.

// Minimums for wholeArg and optWhole, named for what Regina reports below
// them: 40.13 "zero or positive" and 40.14 "positive".
const (
	nonNeg   = 0
	positive = 1
)

// optString returns optional argument i, or def when it is absent.
func optString(args []Arg, i int, def string) string {
	if i >= len(args) || !args[i].Present {
		return def
	}
	return args[i].Value
}

// isNumBlank reports whether c may surround a number: Regina accepts any
// white space there, not only the blank.
func isNumBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// upperByte upper-cases an ASCII letter; other bytes are returned as they
// are, as Regina does in the C locale.
func upperByte(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// lowerByte lower-cases an ASCII letter.
func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c - 'A' + 'a'
	}
	return c
}

// maxString bounds the length of a result a string function builds, so a
// call such as COPIES('x', 2000000000) ends in REXX error 5 instead of an
// allocation failure that would kill the process.
const maxString = 1 << 29

// checkLen returns error 5 when a result of n bytes would pass maxString.
func checkLen(n int64) error {
	if n > maxString {
		return &rexxerr.Error{Code: 5}
	}
	return nil
}

// register adds a string built-in to Funcs, its errors shown as Regina
// shows them (see cValues).
func register(name string, min, max int, fn Func) {
	Funcs[name] = Spec{Min: min, Max: max, Fn: cValues(fn)}
}

// registerInt adds a string built-in whose result is a whole number, with
// both its Int and its Fn (the digits of the int), errors shown as
// register shows them.
func registerInt(name string, min, max int, fn IntFunc) {
	Funcs[name] = intSpec(min, max, fn)
}

// intSpec is the Spec of an IntFunc, as registerInt makes it.
func intSpec(min, max int, fn IntFunc) Spec {
	return Spec{Min: min, Max: max, Int: cInts(fn), Fn: func(c *num.Context, args []Arg) (string, error) {
		n, err := fn(c, args)
		if err != nil {
			return "", cutFoundAtNUL(err)
		}
		return strconv.Itoa(n), nil
	}}
}

// memoFunc and memoIntFunc are a Func and an IntFunc that remember
// between calls at one call site, in m (see Spec.Site).
type (
	memoFunc    func(m *Memo, c *num.Context, args []Arg) (string, error)
	memoIntFunc func(m *Memo, c *num.Context, args []Arg) (int, error)
)

// registerMemo is register for a memoFunc: the Spec in Funcs gives each
// call a fresh Memo; Site gives a call site one of its own.
func registerMemo(name string, min, max int, fn memoFunc) {
	Funcs[name] = memoSpec(func(m *Memo) Spec { return Spec{Min: min, Max: max, Fn: cValues(withMemo(fn, m))} })
}

// registerMemoInt is registerInt for a memoIntFunc, as registerMemo.
func registerMemoInt(name string, min, max int, fn memoIntFunc) {
	Funcs[name] = memoSpec(func(m *Memo) Spec { return intSpec(min, max, withMemo(fn, m)) })
}

// memoSpec is the Spec of a built-in with a memo, as with makes it for a
// memo: with nil (a fresh Memo at each call) in Funcs, and with a Memo of
// its own for each call site (Site).
func memoSpec(with func(*Memo) Spec) Spec {
	s := with(nil)
	s.site = func() Spec { return with(new(Memo)) }
	return s
}

// withMemo is fn called with m, or with a fresh Memo at each call when m
// is nil.
func withMemo[R any](fn func(*Memo, *num.Context, []Arg) (R, error), m *Memo) func(*num.Context, []Arg) (R, error) {
	return func(c *num.Context, args []Arg) (R, error) {
		if m == nil {
			return fn(new(Memo), c, args)
		}
		return fn(m, c, args)
	}
}

// cInts is cValues for an IntFunc.
func cInts(fn IntFunc) IntFunc {
	return func(c *num.Context, args []Arg) (int, error) {
		n, err := fn(c, args)
		if err != nil {
			err = cutFoundAtNUL(err)
		}
		return n, err
	}
}

// cValues wraps fn so that the argument value quoted at the end of a 40.x
// message ("...; found "value"") is cut at its first NUL byte. Regina
// formats these messages with C strings, so that is all of the value its
// users see.
func cValues(fn Func) Func {
	return func(c *num.Context, args []Arg) (string, error) {
		s, err := fn(c, args)
		if err != nil {
			err = cutFoundAtNUL(err)
		}
		return s, err
	}
}

// cutFoundAtNUL returns err with the found value of its message cut at the
// first NUL byte.
func cutFoundAtNUL(err error) error {
	var re *rexxerr.Error
	if !errors.As(err, &re) || !strings.Contains(re.Detail, "\x00") {
		return err
	}
	const found = `; found "`
	i := strings.Index(re.Detail, found)
	if i < 0 {
		return err
	}
	start := i + len(found)
	j := strings.IndexByte(re.Detail[start:], 0)
	if j < 0 {
		return err
	}
	return &rexxerr.Error{Code: re.Code, Sub: re.Sub, Detail: re.Detail[:start+j] + `"`}
}

// cstr returns s as a C string would hold it: cut at the first NUL byte.
func cstr(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}
