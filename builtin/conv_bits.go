package builtin

import "github.com/rexxlxd/rexxlxd/num"

// This file holds the bitwise functions BITAND, BITOR and BITXOR.

func init() {
	register("BITAND", 1, 3, bitFunc("BITAND", func(a, b byte) byte { return a & b }))
	register("BITOR", 1, 3, bitFunc("BITOR", func(a, b byte) byte { return a | b }))
	register("BITXOR", 1, 3, bitFunc("BITXOR", func(a, b byte) byte { return a ^ b }))
}

// bitFunc returns the built-in fn(string1 [,string2] [,pad]), which
// combines the two strings byte by byte with op. The shorter string is
// extended with pad; without pad the longer string's extra bytes are kept
// as they are. string2 defaults to "".
func bitFunc(fn string, op func(a, b byte) byte) Func {
	return func(_ *num.Context, args []Arg) (string, error) {
		pad, err := optChar(fn, args, 2, 0)
		if err != nil {
			return "", err
		}
		hasPad := args[2].Present
		a, b := args[0].Value, optString(args, 1, "")
		if len(a) < len(b) {
			a, b = b, a
		}
		out := []byte(a)
		for i := range out {
			switch {
			case i < len(b):
				out[i] = op(out[i], b[i])
			case hasPad:
				out[i] = op(out[i], pad)
			}
		}
		return string(out), nil
	}
}
