package num

import "math/big"

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

func parse(s string) (Number, int) { return scan(s, nil) }

// longMant is a mantissa of more than 18 digits that scan did not build:
// its sign, its digits (with any point) and the exponent of its last digit.
type longMant struct {
	neg  bool
	mant string
	exp  int32
}

// scan is parse; when long is not nil, a mantissa of more than 18 digits
// is left as text in *long (and the Number returned is zero) instead of
// being converted to binary.
func scan(s string, long *longMant) (Number, int) {
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
			i = skipDigits(s, i, n, dot, &digits, &frac, &intSig)
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
		// reports the overflow, but clamp to an int32.
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
	if long != nil {
		*long = longMant{neg: neg, mant: s[start:mantEnd], exp: int32(exp)}
		return Number{}, parsed
	}
	d := &bigNum{neg: neg, exp: int32(exp), coef: new(big.Int)}
	setDigits(d.coef, s[start:mantEnd])
	return Number{big: d}, parsed
}

// skipDigits is scan past 18 digits, where only the counts matter: it
// counts the run of digits after s[i] and returns the index of its last.
func skipDigits(s string, i, n int, dot bool, digits, frac, intSig *int) int {
	j := i + 1
	for j < n && s[j]-'0' <= 9 {
		j++
	}
	run := j - i - 1
	*digits += run
	if dot {
		*frac += run
	} else {
		*intSig += run
	}
	return j - 1
}

// setDigits sets z to the number the decimal digits of m spell, any '.'
// skipped. It takes 19 digits at a time, which is several times cheaper
// than big.Int.SetString's reading one byte at a time.
func setDigits(z *big.Int, m string) {
	z.SetInt64(0)
	var t big.Int
	var chunk uint64
	n := int64(0)
	for i := 0; i < len(m); i++ {
		ch := m[i]
		if ch == '.' || (ch == '0' && n == 0 && z.Sign() == 0) {
			continue // the point, or a leading zero
		}
		chunk = chunk*10 + uint64(ch-'0')
		n++
		if n == 19 {
			z.Mul(z, bigPow10(19))
			z.Add(z, t.SetUint64(chunk))
			chunk, n = 0, 0
		}
	}
	if n > 0 {
		z.Mul(z, bigPow10(n))
		z.Add(z, t.SetUint64(chunk))
	}
}

// isBlank reports whether b may surround a number or follow its sign:
// Regina accepts any C white space there, not only the blank.
func isBlank(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\v' || b == '\f' || b == '\r'
}
