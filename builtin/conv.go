package builtin

import (
	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// This file holds the conversions between character, hexadecimal and
// binary strings. Hex and binary strings may hold blanks between groups of
// digits, under the rules Regina applies, which are looser than ANSI's.

func init() {
	register("C2X", 1, 1, c2x)
	register("X2C", 1, 1, x2c)
	register("X2B", 1, 1, x2b)
	register("B2X", 1, 1, b2x)
}

const hexDigits = "0123456789ABCDEF"

// isGroupBlank reports whether c may separate groups of hex or binary
// digits: any white space, as in Regina.
func isGroupBlank(c byte) bool { return isNumBlank(c) }

// hexValue returns the value of a hex digit, or -1.
func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// groups splits s at runs of blanks into its groups of digits, each checked
// with valid. ok is false for a leading or trailing blank or a bad digit.
func groups(s string, valid func(byte) bool) (out []string, ok bool) {
	if s == "" {
		return nil, true
	}
	if isGroupBlank(s[0]) || isGroupBlank(s[len(s)-1]) {
		return nil, false
	}
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && !isGroupBlank(s[j]) {
			if !valid(s[j]) {
				return nil, false
			}
			j++
		}
		out = append(out, s[i:j])
		for j < len(s) && isGroupBlank(s[j]) {
			j++
		}
		i = j
	}
	return out, true
}

func isHex(c byte) bool    { return hexValue(c) >= 0 }
func isBinary(c byte) bool { return c == '0' || c == '1' }

func hexError(fn, s string) error {
	return rexxerr.New(40, 25, "%s argument 1 must be a hexadecimal string; found \"%s\"", fn, s)
}

func binaryError(fn, s string) error {
	return rexxerr.New(40, 24, "%s argument 1 must be a binary string; found \"%s\"", fn, s)
}

// c2x is C2X(string): two upper-case hex digits for each byte.
func c2x(_ *num.Context, args []Arg) (string, error) {
	s := args[0].Value
	b := make([]byte, 2*len(s))
	for i := 0; i < len(s); i++ {
		b[2*i] = hexDigits[s[i]>>4]
		b[2*i+1] = hexDigits[s[i]&15]
	}
	return string(b), nil
}

// x2c is X2C(hex): the bytes the hex digits spell. Groups after the first
// must have an even number of digits; an odd count overall gets a leading
// zero digit.
func x2c(_ *num.Context, args []Arg) (string, error) {
	s := args[0].Value
	gs, ok := groups(s, isHex)
	if !ok {
		return "", hexError("X2C", s)
	}
	var digits []byte
	for k, g := range gs {
		if k > 0 && len(g)%2 != 0 {
			return "", hexError("X2C", s)
		}
		digits = append(digits, g...)
	}
	if len(digits)%2 != 0 {
		digits = append([]byte{'0'}, digits...)
	}
	b := make([]byte, len(digits)/2)
	for i := range b {
		b[i] = byte(hexValue(digits[2*i])<<4 | hexValue(digits[2*i+1]))
	}
	return string(b), nil
}

// x2b is X2B(hex): four binary digits for each hex digit. Blanks may stand
// between any digits, but not first or last.
func x2b(_ *num.Context, args []Arg) (string, error) {
	s := args[0].Value
	gs, ok := groups(s, isHex)
	if !ok {
		return "", hexError("X2B", s)
	}
	var b []byte
	for _, g := range gs {
		for i := 0; i < len(g); i++ {
			v := hexValue(g[i])
			for bit := 3; bit >= 0; bit-- {
				b = append(b, '0'+byte(v>>bit&1))
			}
		}
	}
	return string(b), nil
}

// b2x is B2X(binary): one upper-case hex digit for each four binary
// digits. Regina's rules for blanks: the first group may have any length
// and is padded on the left with zeros; groups between the first and the
// last must have a multiple of four digits; the last group yields one digit
// for each full four and drops the rest.
func b2x(_ *num.Context, args []Arg) (string, error) {
	s := args[0].Value
	gs, ok := groups(s, isBinary)
	if !ok {
		return "", binaryError("B2X", s)
	}
	var b []byte
	for k, g := range gs {
		if k > 0 && k < len(gs)-1 && len(g)%4 != 0 {
			return "", binaryError("B2X", s)
		}
		if k == 0 {
			if lead := len(g) % 4; lead != 0 {
				b = append(b, hexDigits[bitsValue(g[:lead])])
				g = g[lead:]
			}
		}
		for i := 0; i+4 <= len(g); i += 4 {
			b = append(b, hexDigits[bitsValue(g[i:i+4])])
		}
	}
	return string(b), nil
}

// bitsValue returns the value of up to four binary digits.
func bitsValue(g string) int {
	v := 0
	for i := 0; i < len(g); i++ {
		v = v<<1 | int(g[i]-'0')
	}
	return v
}
