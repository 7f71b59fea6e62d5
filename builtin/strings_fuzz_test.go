package builtin

import (
	"errors"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// FuzzStringFunctions calls every string function, DATE and TIME with
// arbitrary arguments: none may panic, and every error must be a REXX
// error. present's bits say which of the five arguments are given.
func FuzzStringFunctions(f *testing.F) {
	for _, tc := range stringCases {
		var a [5]string
		var present uint8
		for i, x := range tc.args {
			if i < len(a) {
				a[i] = x.Value
				if x.Present {
					present |= 1 << i
				}
			}
		}
		f.Add(tc.fn, a[0], a[1], a[2], a[3], a[4], present)
	}
	f.Add("DATE", "C", "31 Dec 9999", "N", "", "", uint8(7))
	f.Add("TIME", "L", "23:59:59.999999", "L", "", "", uint8(7))
	now := time.Date(2026, 11, 28, 23, 59, 59, 999999000, time.UTC)
	f.Fuzz(func(t *testing.T, fn, a0, a1, a2, a3, a4 string, present uint8) {
		var args []Arg
		for i, v := range []string{a0, a1, a2, a3, a4} {
			if present&(1<<i) != 0 {
				args = append(args, Arg{v, true})
			} else {
				args = append(args, Arg{})
			}
		}
		for len(args) > 0 && !args[len(args)-1].Present {
			args = args[:len(args)-1]
		}
		var err error
		switch fn {
		case "DATE":
			_, err = Date(now, args)
		case "TIME":
			_, err = Time(now, &Timer{}, args)
		default:
			if _, ok := Funcs[fn]; !ok {
				return
			}
			_, err = call(fn, args)
		}
		var re *rexxerr.Error
		if err != nil && !errors.As(err, &re) {
			t.Errorf("%s: error %v is not a REXX error", callString(fn, args), err)
		}
	})
}
