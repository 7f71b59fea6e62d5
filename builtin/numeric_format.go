package builtin

import (
	"strconv"
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// norm writes d in REXX's normal form after rounding it to ccns digits:
// plain notation unless the exponent of its first digit is below -6 or at
// least ccns, as Regina decides, then scientific or engineering notation.
// An exponent beyond ±999999999 is error 42, as in Regina.
func norm(d descr, ccns int, form num.Form) (string, error) {
	if d.isZero() {
		return "0", nil
	}
	mant, e := roundMant(d.mant, d.e, ccns)
	exp := e - 1
	if exp < -6 || exp >= int64(ccns) {
		if form == num.Engineering {
			exp -= mod3(exp)
		}
		if exp > 999999999 || exp < -999999999 {
			return "", &rexxerr.Error{Code: 42}
		}
	} else {
		exp = 0
	}
	point := e - exp
	return num.Spell(d.neg, mant, point, exp), nil
}

// mod3 returns exp modulo 3 in 0..2.
func mod3(exp int64) int64 {
	h := exp % 3
	if h < 0 {
		h += 3
	}
	return h
}

// roundMant rounds a mantissa to ccns digits, half up on the first lost
// digit; a carry out of the first digit raises the exponent e.
func roundMant(mant string, e int64, ccns int) (string, int64) {
	if len(mant) <= ccns {
		return mant, e
	}
	up := mant[ccns] >= '5'
	m := []byte(mant[:ccns])
	if up {
		i := ccns - 1
		for ; i >= 0; i-- {
			if m[i] != '9' {
				m[i]++
				break
			}
			m[i] = '0'
		}
		if i < 0 {
			m = append([]byte{'1'}, m[:ccns-1]...)
			e++
		}
	}
	return string(m), e
}

// format is FORMAT(number[,before][,after][,expp][,expt]), following the
// ANSI algorithm as Regina implements it: the number keeps all its digits
// (it is not first rounded to DIGITS) unless only the number is given,
// when it is simply shown in normal form.
func format(c *num.Context, args []Arg) (string, error) {
	var opt [4]int
	for i := range opt {
		v, err := optWhole(c, "FORMAT", args, i+1, nonNeg, -1)
		if err != nil {
			return "", err
		}
		opt[i] = v
	}
	before, after, expp, expt := opt[0], opt[1], opt[2], opt[3]
	d, err := numArg("FORMAT", args, 0)
	if err != nil {
		return "", err
	}
	if before == -1 && after == -1 && expp == -1 && expt == -1 {
		return norm(d, c.Digits, c.Form)
	}
	for _, v := range opt {
		if err := checkLen(int64(v)); err != nil {
			return "", err
		}
	}
	if expt == -1 {
		expt = c.Digits
	}
	input := args[0].Value
	mant := []byte(strings.TrimRight(d.mant, "0"))
	if len(mant) == 0 {
		mant = []byte{'0'}
	}
	neg := d.neg
	e := d.e

	showExp := false
	var exponent int64
	if (expp != 0 && (e < -5 || e > int64(expt))) || expt == 0 {
		showExp = true
		exponent = e - 1
		if c.Form == num.Engineering {
			exponent -= mod3(exponent)
		}
	}

	afters := int64(len(mant)) - (e - exponent)
	if after == -1 {
		after = int(max(afters, 0))
	}
	if afters > int64(after) {
		h := e - exponent + int64(after) // digits of mant that remain
		switch {
		case h < 0 || (h == 0 && mant[0] < '5'):
			mant = []byte{'0'}
			neg = false
		case mant[h] >= '5':
			mant = mant[:h]
			i := int(h) - 1
			for ; i >= 0; i-- {
				if mant[i] != '9' {
					mant[i]++
					break
				}
				mant[i] = '0'
			}
			if i < 0 {
				mant = append([]byte{'1'}, mant...)
				e++
				if e-exponent > int64(expt) && expp != 0 {
					showExp = true
				}
				if showExp {
					exponent = e - 1
					if c.Form == num.Engineering {
						exponent -= mod3(exponent)
					}
				}
			}
		default:
			mant = mant[:h]
			if strings.Trim(string(mant), "0") == "" {
				neg = false
			}
		}
	}

	point := e - exponent
	sgn := int64(0)
	if neg {
		sgn = 1
	}
	h := max(point, 1)
	if before == -1 {
		before = int(h + sgn)
	}
	if h > int64(before)-sgn {
		return "", rexxerr.New(40, 38, "FORMAT argument 2 is not large enough to format \"%s\"", input)
	}
	origExpp := expp
	expart := ""
	if showExp {
		expart = strconv.FormatInt(exponent, 10)
		if exponent >= 0 {
			expart = "+" + expart
		}
		expLen := len(expart) - 1
		if expp == -1 {
			expp = expLen
		}
		if expLen > expp {
			return "", rexxerr.New(40, 38, "FORMAT argument 4 is not large enough to format \"%s\"", input)
		}
	} else {
		expp = 0
	}

	var b strings.Builder
	size := int64(len(mant))
	if point <= 0 {
		pad := before - 1 - int(sgn)
		b.WriteString(strings.Repeat(" ", pad))
		if neg {
			b.WriteByte('-')
		}
		b.WriteByte('0')
	} else {
		b.WriteString(strings.Repeat(" ", before-int(point)-int(sgn)))
		if neg {
			b.WriteByte('-')
		}
		k := min(point, size)
		b.Write(mant[:k])
		b.WriteString(strings.Repeat("0", int(point-k)))
	}
	if after > 0 {
		b.WriteByte('.')
		for j := int64(0); j < int64(after); j++ {
			b.WriteByte(digitAt(string(mant), int(point+j)))
		}
	}
	if showExp {
		if exponent == 0 {
			if origExpp != -1 {
				b.WriteString(strings.Repeat(" ", expp+2))
			}
		} else {
			b.WriteByte('E')
			b.WriteByte(expart[0])
			b.WriteString(strings.Repeat("0", expp-(len(expart)-1)))
			b.WriteString(expart[1:])
		}
	}
	return b.String(), nil
}
