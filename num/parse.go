package num

import "github.com/cockroachdb/apd/v3"

// Parse reads a REXX number: optional blanks, an optional sign followed by
// optional blanks, digits with an optional decimal point (at least one
// digit), an optional exponent E[+|-]digits, and optional trailing blanks.
// It reports false for anything else, and, as Regina does, for an
// exponent of more than nine digits or one that puts the number's first
// digit beyond 10**±999999999. Parse keeps every digit; rounding to
// NUMERIC DIGITS happens in arithmetic.
func Parse(s string) (Number, bool) {
	v, why := parse(s)
	return v, why == parsed
}

// ExponentTooLarge reports whether s is a number in form whose exponent
// passes Regina's limits; Regina reports such arguments with their own
// message (error 40.9) rather than as not a number.
func ExponentTooLarge(s string) bool {
	_, why := parse(s)
	return why == badExponent
}

// Outcomes of parse.
const (
	parsed = iota
	notNumber
	badExponent
)

func parse(s string) (Number, int) {
	i, n := 0, len(s)
	for i < n && isBlank(s[i]) {
		i++
	}
	for n > i && isBlank(s[n-1]) {
		n--
	}
	neg := false
	if i < n && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
		for i < n && isBlank(s[i]) {
			i++
		}
	}
	// Mantissa: accumulate inline while it fits, note where it begins.
	start := i
	var coef int64
	digits, frac := 0, 0      // significant digits seen, digits after the point
	intSig, fracZeros := 0, 0 // significant digits before the point, zeros after it before any
	small := true
	dot := false
	sawDigit := false
	for ; i < n; i++ {
		ch := s[i]
		if ch == '.' {
			if dot {
				return Number{}, notNumber
			}
			dot = true
			continue
		}
		if ch < '0' || ch > '9' {
			break
		}
		sawDigit = true
		if dot {
			frac++
		}
		if digits == 0 && ch == '0' {
			if dot {
				fracZeros++
			}
			continue
		}
		digits++
		if !dot {
			intSig++
		}
		if digits > 18 {
			small = false
		} else {
			coef = coef*10 + int64(ch-'0')
		}
	}
	if !sawDigit {
		return Number{}, notNumber
	}
	mantEnd := i
	var exp int64
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < n && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		if i == n {
			return Number{}, notNumber
		}
		for ; i < n; i++ {
			ch := s[i]
			if ch < '0' || ch > '9' {
				return Number{}, notNumber
			}
			if exp > maxExp/10 {
				return Number{}, badExponent // a tenth significant digit
			}
			exp = exp*10 + int64(ch-'0')
		}
		// Regina's position of the first digit: digits before the point,
		// or minus the zeros after it.
		pos := int64(intSig)
		if intSig == 0 {
			pos = -int64(fracZeros)
		}
		if eneg {
			if exp-pos-1 > maxExp {
				return Number{}, badExponent
			}
			exp = -exp
		} else if pos+exp-1 > maxExp {
			return Number{}, badExponent
		}
	}
	if i != n {
		return Number{}, notNumber
	}
	exp -= int64(frac)
	if exp > 1<<31-1 || exp < -(1<<31) {
		if digits == 0 {
			return Number{}, parsed
		}
		// Out of every range REXX can express; keep it so that arithmetic
		// reports the overflow, but clamp to what apd can hold.
		if exp > 0 {
			exp = 1<<31 - 1
		} else {
			exp = -(1 << 31)
		}
	}
	if small {
		if coef == 0 {
			return Number{}, parsed // REXX keeps no digits of a zero: 0.000E5 is 0
		}
		if neg {
			coef = -coef
		}
		return Number{coef: coef, exp: int32(exp)}, parsed
	}
	// Long mantissa: let apd read the digits without the point.
	buf := make([]byte, 0, mantEnd-start+1)
	if neg {
		buf = append(buf, '-')
	}
	for j := start; j < mantEnd; j++ {
		if s[j] != '.' {
			buf = append(buf, s[j])
		}
	}
	d, _, err := apd.NewFromString(string(buf))
	if err != nil {
		return Number{}, notNumber
	}
	d.Exponent = int32(exp)
	return Number{big: d}, parsed
}

// isBlank reports whether b may surround a number or follow its sign:
// Regina accepts any C white space there, not only the blank.
func isBlank(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\v' || b == '\f' || b == '\r'
}
