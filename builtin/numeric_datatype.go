package builtin

import (
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
)

// datatype is DATATYPE(string[,type]). With one argument it returns NUM
// for a REXX number and CHAR for anything else; with a type it returns 1
// or 0 as string is of that type: Alphanumeric, Binary, Lower case, Mixed
// case, Number, Symbol, Upper case, Whole number or heXadecimal. Letters
// and digits are ASCII ones, as in Regina's C locale. An empty string is
// only a valid Binary or heXadecimal string.
func datatype(c *num.Context, args []Arg) (string, error) {
	s := args[0].Value
	if !argPresent(args, 1) {
		if _, ok := num.Parse(s); ok {
			return "NUM", nil
		}
		return "CHAR", nil
	}
	opt, err := optOption("DATATYPE", args, 1, "ABLMNSUWX", 0)
	if err != nil {
		return "", err
	}
	var ok bool
	switch opt {
	case 'A':
		ok = all(s, func(b byte) bool { return isLower(b) || isUpper(b) || isDigit(b) })
	case 'B':
		ok = validBinary(s)
	case 'L':
		ok = all(s, isLower)
	case 'M':
		ok = all(s, func(b byte) bool { return isLower(b) || isUpper(b) })
	case 'N':
		_, ok = num.Parse(s)
	case 'S':
		ok = isSymbol(s)
	case 'U':
		ok = all(s, isUpper)
	case 'W':
		ok = isWhole(c, s)
	case 'X':
		ok = validHex(s)
	}
	if ok {
		return "1", nil
	}
	return "0", nil
}

// all reports whether s is not empty and every byte satisfies f.
func all(s string, f func(byte) bool) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !f(s[i]) {
			return false
		}
	}
	return true
}

func isLower(b byte) bool { return 'a' <= b && b <= 'z' }
func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }
func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// isSymbolChar reports whether b may appear in a REXX symbol.
func isSymbolChar(b byte) bool {
	return isLower(b) || isUpper(b) || isDigit(b) || strings.IndexByte(".!?_#@$", b) >= 0
}

// isSymbol reports whether s is a valid REXX symbol: symbol characters
// only, or a constant symbol with a signed exponent such as 1E+12.
func isSymbol(s string) bool {
	if all(s, isSymbolChar) {
		return true
	}
	p := strings.IndexAny(s, "+-")
	if p < 2 || (s[p-1] != 'E' && s[p-1] != 'e') || p == len(s)-1 {
		return false
	}
	mant, exp := s[:p-1], s[p+1:]
	if !all(exp, isDigit) || strings.Count(mant, ".") > 1 || strings.Trim(mant, ".") == "" {
		return false
	}
	return all(strings.Replace(mant, ".", "", 1), isDigit)
}

// isWhole reports whether s is a whole number whose integer digits fit in
// NUMERIC DIGITS, as Regina's DATATYPE(s,'W') decides: 1.0 and 1E3 are
// whole, 1234567890 is not at DIGITS 9.
func isWhole(c *num.Context, s string) bool {
	d, ok := parseDescr(s)
	if !ok {
		return false
	}
	if d.isZero() {
		return true
	}
	if d.e < int64(len(d.mant)) && strings.Trim(d.mant[max(d.e, 0):], "0") != "" {
		return false
	}
	return d.e <= int64(c.Digits)
}

// validBinary reports whether s is a binary string as Regina checks one:
// counting characters from the right end, blanks included, each blank
// must come after a multiple of four of them, and no blank may be first
// or last.
func validBinary(s string) bool {
	if s == "" {
		return true
	}
	if isGroupBlank(s[0]) || isGroupBlank(s[len(s)-1]) {
		return false
	}
	count := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch ch := s[i]; {
		case isGroupBlank(ch):
			if count%4 != 0 {
				return false
			}
		case ch != '0' && ch != '1':
			return false
		}
		count++
	}
	return true
}
