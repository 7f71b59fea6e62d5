package builtin

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// This file holds DATE. It is not in Funcs: the interpreter calls it with
// its own clock, which is also how tests fix the time.

// Date is DATE([option] [,date [,format]]) at time now, in now's location.
// option selects the output: Base, Century, Days, European, ISO, Month,
// Normal (the default), Ordered, Standard, Time (Unix seconds), USA or
// Weekday. With date, that date (written in format, Normal by default:
// Base, Days, European, ISO, Normal, Ordered, Standard, Time or USA) is
// converted instead of today's. Errors are Regina's 40.x.
func Date(now time.Time, args []Arg) (string, error) {
	s, err := date(now, args)
	if err != nil {
		err = cutFoundAtNUL(err)
	}
	return s, err
}

// date does the work of Date.
func date(now time.Time, args []Arg) (string, error) {
	if len(args) > 3 {
		return "", rexxerr.New(40, 4, "Too many arguments in invocation of \"DATE\"; maximum expected is 3")
	}
	args = append(args[:len(args):len(args)], make([]Arg, 3-len(args))...)
	out, err := optOption("DATE", args, 0, "BDEMNOSUWCIT", 'N')
	if err != nil {
		return "", err
	}
	inFmt, err := optOption("DATE", args, 2, "BDENOSUIT", 'N')
	if err != nil {
		return "", err
	}
	var day int64
	if args[1].Present {
		fmtName := optString(args, 2, "N")
		if day, err = parseDate(args[1].Value, inFmt, fmtName, now); err != nil {
			return "", err
		}
	} else {
		y, m, d := now.Date()
		day = baseDay(y, int(m), d)
	}
	c := fromBaseDay(day)
	switch out {
	case 'B':
		return strconv.FormatInt(day, 10), nil
	case 'C':
		return strconv.FormatInt(day-baseDay(c.y/100*100, 1, 1)+1, 10), nil
	case 'D':
		return strconv.Itoa(yearDay(c.y, c.m, c.d)), nil
	case 'E':
		return fmt.Sprintf("%02d/%02d/%02d", c.d, c.m, c.y%100), nil
	case 'I':
		return fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, c.d), nil
	case 'M':
		return monthNames[c.m-1], nil
	case 'O':
		return fmt.Sprintf("%02d/%02d/%02d", c.y%100, c.m, c.d), nil
	case 'S':
		return fmt.Sprintf("%04d%02d%02d", c.y, c.m, c.d), nil
	case 'T':
		if !args[1].Present {
			return strconv.FormatInt(now.Unix(), 10), nil
		}
		midnight := time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, now.Location())
		return strconv.FormatInt(midnight.Unix(), 10), nil
	case 'U':
		return fmt.Sprintf("%02d/%02d/%02d", c.m, c.d, c.y%100), nil
	case 'W':
		return dayNames[day%7], nil
	}
	// Normal: the year is right-aligned in four places, as Regina does.
	return fmt.Sprintf("%d %s %4d", c.d, monthNames[c.m-1][:3], c.y), nil
}

// parseDate reads date s written in format f (fmtName is argument 3 as the
// user wrote it, for the error text) and returns its base day.
func parseDate(s string, f byte, fmtName string, now time.Time) (int64, error) {
	bad := rexxerr.New(40, 19, "DATE argument 2, \"%s\", is not in the format described by argument 3, \"%s\"", cstr(s), cstr(fmtName))
	outOfRange := rexxerr.New(40, 18, "DATE conversion must have a year in the range 0001 to 9999")
	var y, m, d int
	switch f {
	case 'B', 'D':
		n, ok := dayNumber(s)
		if !ok || (f == 'B' && n < 0) {
			return 0, bad
		}
		if f == 'D' {
			n += baseDay(now.Year(), 1, 1) - 1
		}
		if n < 0 || n > maxBaseDay {
			return 0, outOfRange
		}
		return n, nil
	case 'T':
		v, ok := parseInt64(s)
		if !ok {
			return 0, bad
		}
		// Regina keeps the seconds in a C int, so they wrap past 2038.
		t := time.Unix(int64(int32(v)), 0).UTC()
		return baseDay(t.Year(), int(t.Month()), t.Day()), nil
	case 'S':
		if len(s) != 8 {
			return 0, bad
		}
		y, m, d = atoi(s[0:4]), atoi(s[4:6]), atoi(s[6:8])
	case 'I':
		if len(s) != 10 || s[4] != '-' || s[7] != '-' {
			return 0, bad
		}
		y, m, d = atoi(s[0:4]), atoi(s[5:7]), atoi(s[8:10])
	case 'U', 'E', 'O':
		if len(s) != 8 || s[2] != '/' || s[5] != '/' {
			return 0, bad
		}
		a, oka := digitsValue(s[0:2])
		b, okb := digitsValue(s[3:5])
		c, okc := digitsValue(s[6:8])
		if !oka || !okb || !okc {
			return 0, bad
		}
		switch f {
		case 'U':
			m, d, y = a, b, c
		case 'E':
			d, m, y = a, b, c
		default:
			y, m, d = a, b, c
		}
		y = windowYear(y, now.Year())
	default: // 'N'
		var ok bool
		if y, m, d, ok = parseNormalDate(s); !ok {
			return 0, bad
		}
	}
	if !validDate(y, m, d) {
		return 0, bad
	}
	return baseDay(y, m, d), nil
}

// atoi reads the integer at the start of s as C's atoi does, which is
// how Regina reads most date fields: it skips leading white space, takes a
// sign, stops at the first non-digit, and gives 0 for no digits.
func atoi(s string) int {
	i := 0
	for i < len(s) && isNumBlank(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	n := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if n < 1e12 {
			n = n*10 + int(s[i]-'0')
		}
	}
	if neg {
		n = -n
	}
	return n
}

// dayNumber reads a Base or Days date as Regina does: with atoi, so
// "1.5", "1E3" and "12/31/99" count by their leading digits, and "" is 0;
// but a value of 0 is taken only from a string of zeros ("+0", " " and "x"
// are rejected).
func dayNumber(s string) (int64, bool) {
	n := atoi(s)
	if n == 0 && strings.Trim(s, "0") != "" {
		return 0, false
	}
	return int64(n), true
}

// parseInt64 reads a whole REXX number that fits in an int64.
func parseInt64(s string) (int64, bool) {
	n, ok := num.Parse(s)
	if !ok {
		return 0, false
	}
	return n.Int64()
}

// parseNormalDate reads "d Mon yyyy" as Regina does: by position, for a
// string of 10 or 11 bytes (a day of one or two characters). The day and
// year are read with atoi, the month must be the English abbreviation with
// its case, and the separators are not looked at.
func parseNormalDate(s string) (y, m, d int, ok bool) {
	if len(s) != 10 && len(s) != 11 {
		return 0, 0, 0, false
	}
	w := len(s) - 9 // width of the day
	d, y = atoi(s[:w]), atoi(s[w+5:])
	for k, name := range monthNames {
		if name[:3] == s[w+1:w+4] {
			m = k + 1
		}
	}
	return y, m, d, m != 0
}
