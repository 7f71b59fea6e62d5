package stream

import (
	"math"
	"strconv"

	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// Funcs lists the stream built-in functions with their argument counts,
// for the interpreter's function table: it checks Min and Max (40.3,
// 40.4) and then calls Table.Call.
var Funcs = map[string]struct{ Min, Max int }{
	"CHARIN":  {0, 3},
	"CHAROUT": {0, 3},
	"CHARS":   {0, 2},
	"LINEIN":  {0, 3},
	"LINEOUT": {0, 3},
	"LINES":   {0, 2},
	"STREAM":  {1, 3},
}

// Call runs the stream built-in fn (upper case, a key of Funcs) with the
// arguments of a REXX call. It checks them with Regina's 40.x texts,
// calls the Table method and returns the result string. When the Result
// says NotReady the interpreter raises the NOTREADY condition with
// Result.Description as CONDITION('D'), and still uses the string.
func (t *Table) Call(fn string, args []Arg) (string, Result, error) {
	a := argList{fn: fn, args: args}
	name := a.str(0)
	switch fn {
	case "LINEIN":
		line, err := a.whole(1, 1, 0)
		if err != nil {
			return "", ready, err
		}
		count, err := a.whole(2, 0, 1)
		if err != nil {
			return "", ready, err
		}
		if count > 1 {
			return "", ready, rexxerr.New(40, 39, "LINEIN argument 3 is not zero or one; found \"%s\"", a.str(2))
		}
		return t.LineIn(name, line, count)
	case "CHARIN":
		start, err := a.whole(1, 1, 0)
		if err != nil {
			return "", ready, err
		}
		count, err := a.whole(2, 0, 1)
		if err != nil {
			return "", ready, err
		}
		return t.CharIn(name, start, count)
	case "LINEOUT", "CHAROUT":
		pos, err := a.whole(2, 1, 0)
		if err != nil {
			return "", ready, err
		}
		var n int
		var r Result
		if fn == "LINEOUT" {
			n, r, err = t.LineOut(name, a.str(1), a.present(1), pos)
		} else {
			n, r, err = t.CharOut(name, a.str(1), a.present(1), pos)
		}
		return itoa(n), r, err
	case "LINES", "CHARS":
		mode, err := a.option(1, "CN", 'N')
		if err != nil {
			return "", ready, err
		}
		var n int
		var r Result
		if fn == "LINES" {
			n, r = t.Lines(name, mode)
		} else {
			n, r = t.Chars(name)
		}
		return itoa(n), r, nil
	case "STREAM":
		op, err := a.option(1, "CSD", 'S')
		if err != nil {
			return "", ready, err
		}
		if op == 'C' && !a.present(2) {
			return "", ready, rexxerr.New(40, 3, "Not enough arguments in invocation of \"STREAM\"; minimum expected is 3")
		}
		if op != 'C' && a.present(2) {
			return "", ready, rexxerr.New(40, 4, "Too many arguments in invocation of \"STREAM\"; maximum expected is 2")
		}
		return t.Stream(name, op, a.str(2))
	}
	return "", ready, rexxerr.New(43, 1, "Could not find routine \"%s\"", fn)
}

// Arg is one argument of a call, as builtin.Arg (convert with
// stream.Arg(a)); it is declared here so that this package depends only
// on num and rexxerr. Present is false for an omitted argument.
type Arg struct {
	Value   string
	Present bool
}

// argList reads the arguments of one call.
type argList struct {
	fn   string
	args []Arg
}

func (a argList) present(i int) bool { return i < len(a.args) && a.args[i].Present }

func (a argList) str(i int) string {
	if a.present(i) {
		return a.args[i].Value
	}
	return ""
}

// whole returns argument i as a whole number of at least min (0 or 1), or
// def when it is omitted, with Regina's 40.12, 40.13 and 40.14 texts.
func (a argList) whole(i, min, def int) (int, error) {
	if !a.present(i) {
		return def, nil
	}
	s := a.args[i].Value
	n, ok := num.Parse(s)
	v, exact := n.Int64()
	if !ok || !exact || v > math.MaxInt32 || v < -math.MaxInt32 {
		return 0, rexxerr.New(40, 12, "%s argument %d must be a whole number; found \"%s\"", a.fn, i+1, s)
	}
	if v < int64(min) {
		if min > 0 {
			return 0, rexxerr.New(40, 14, "%s argument %d must be positive; found \"%s\"", a.fn, i+1, s)
		}
		return 0, rexxerr.New(40, 13, "%s argument %d must be zero or positive; found \"%s\"", a.fn, i+1, s)
	}
	return int(v), nil
}

// option returns the upper-cased first letter of argument i, one of
// valid, or def when it is omitted (40.21 when empty, 40.28 otherwise).
func (a argList) option(i int, valid string, def byte) (byte, error) {
	if !a.present(i) {
		return def, nil
	}
	s := a.args[i].Value
	if s == "" {
		return 0, rexxerr.New(40, 21, "%s argument %d must not be null", a.fn, i+1)
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
	return 0, rexxerr.New(40, 28, "%s argument %d, option must start with one of \"%s\"; found \"%s\"", a.fn, i+1, valid, s)
}

func itoa(n int) string { return strconv.Itoa(n) }
