package builtin

import (
	"math/big"
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// This file holds the conversions between decimal numbers and hex or
// character strings: D2X, D2C, X2D and C2D. Like Regina they work on whole
// numbers of any size, not only those within NUMERIC DIGITS.

// maxWholeDigits bounds the integer digits a conversion will expand, so
// that D2X(1E999999999) is error 5 rather than an exhausted machine.
const maxWholeDigits = 100000

// bigWholeArg returns argument i as a whole number of any size, or 40.12
// if it is not one.
func bigWholeArg(fn string, args []Arg, i int) (*big.Int, error) {
	if !argPresent(args, i) {
		return nil, missingArg(fn)
	}
	s := args[i].Value
	d, ok := parseDescr(s)
	if ok && d.e < int64(len(d.mant)) && !d.isZero() {
		start := max(d.e, 0)
		ok = strings.Trim(d.mant[start:], "0") == ""
	}
	if !ok {
		return nil, rexxerr.New(40, 12, "%s argument %d must be a whole number; found \"%s\"", fn, i+1, s)
	}
	if d.isZero() {
		return new(big.Int), nil
	}
	if d.e > maxWholeDigits {
		return nil, &rexxerr.Error{Code: 5}
	}
	var b strings.Builder
	for j := int64(0); j < d.e; j++ {
		b.WriteByte(digitAt(d.mant, int(j)))
	}
	v, _ := new(big.Int).SetString(b.String(), 10)
	if d.neg {
		v.Neg(v)
	}
	return v, nil
}

// d2x is D2X(whole[,length]): the number in upper-case hex; with a length,
// the rightmost length digits of its two's complement, sign-extended.
func d2x(c *num.Context, args []Arg) (string, error) {
	return d2base(c, "D2X", args, 4)
}

// d2c is D2C(whole[,length]): the number as big-endian bytes; with a
// length, the rightmost length bytes of its two's complement.
func d2c(c *num.Context, args []Arg) (string, error) {
	return d2base(c, "D2C", args, 8)
}

// d2base converts for D2X (4 bits a unit) and D2C (8 bits a unit). As in
// Regina, the number is checked before the length, and only without a
// length must it not be negative.
func d2base(c *num.Context, fn string, args []Arg, bits uint) (string, error) {
	v, err := bigWholeArg(fn, args, 0)
	if err != nil {
		return "", err
	}
	length, err := optWhole(c, fn, args, 1, nonNeg, -1)
	if err != nil {
		return "", err
	}
	if length < 0 && v.Sign() < 0 {
		return "", rexxerr.New(40, 13, "%s argument 1 must be zero or positive; found \"%s\"", fn, args[0].Value)
	}
	if length >= 0 {
		if err := checkLen(int64(length)); err != nil {
			return "", err
		}
		mod := new(big.Int).Lsh(big.NewInt(1), uint(length)*bits)
		v.Mod(v, mod)
	}
	if bits == 4 {
		s := strings.ToUpper(v.Text(16))
		if length < 0 {
			return s, nil
		}
		if v.Sign() == 0 {
			s = ""
		}
		return strings.Repeat("0", length-len(s)) + s, nil
	}
	b := v.Bytes()
	if length < 0 {
		if len(b) == 0 {
			return "\x00", nil
		}
		return string(b), nil
	}
	return strings.Repeat("\x00", length-len(b)) + string(b), nil
}

// x2d is X2D(hex[,length]): the hex string as a whole number; with a
// length, its rightmost length digits as a two's complement number.
func x2d(c *num.Context, args []Arg) (string, error) {
	length, err := optWhole(c, "X2D", args, 1, nonNeg, -1)
	if err != nil {
		return "", err
	}
	s := args[0].Value
	if !validHex(s) {
		return "", hexError("X2D", s)
	}
	var digits strings.Builder
	for i := 0; i < len(s); i++ {
		if !isGroupBlank(s[i]) {
			digits.WriteByte(s[i])
		}
	}
	return twos(digits.String(), 16, 4, length), nil
}

// c2d is C2D(string[,length]): the bytes as an unsigned big-endian number;
// with a length, the rightmost length bytes as a two's complement number.
func c2d(c *num.Context, args []Arg) (string, error) {
	length, err := optWhole(c, "C2D", args, 1, nonNeg, -1)
	if err != nil {
		return "", err
	}
	s := args[0].Value
	var hex strings.Builder
	for i := 0; i < len(s); i++ {
		hex.WriteByte(hexDigits[s[i]>>4])
		hex.WriteByte(hexDigits[s[i]&15])
	}
	if length >= 0 {
		length *= 2
	}
	return twos(hex.String(), 16, 4, length), nil
}

// twos reads hex digits as a number: unsigned when units < 0, else the
// rightmost units digits (zero-padded on the left) in two's complement.
func twos(hex string, base int, bits uint, units int) string {
	if units >= 0 {
		if units == 0 {
			return "0"
		}
		if len(hex) < units {
			// Zero padding on the left leaves the value positive.
			units = -1
		} else {
			hex = hex[len(hex)-units:]
		}
	}
	if hex == "" {
		return "0"
	}
	v, _ := new(big.Int).SetString(hex, base)
	if units > 0 && hexValue(hex[0]) >= 8 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(units)*bits))
	}
	return v.String()
}

// validHex reports whether s is a hex string as Regina's DATATYPE(s,'X')
// and X2D accept it: no blank at either end, and every group of digits
// after the first of even length.
func validHex(s string) bool {
	if s == "" {
		return true
	}
	if isGroupBlank(s[0]) || isGroupBlank(s[len(s)-1]) {
		return false
	}
	first, count := true, 0
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case isGroupBlank(ch):
			if count > 0 && !first && count%2 != 0 {
				return false
			}
			if count > 0 {
				first = false
			}
			count = 0
		case isHex(ch):
			count++
		default:
			return false
		}
	}
	return first || count%2 == 0
}
