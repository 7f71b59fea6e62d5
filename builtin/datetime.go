package builtin

import (
	"fmt"
	"strconv"
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
		n, ok := leadingInt(s)
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
		y, m, d = field(s[0:4]), field(s[4:6]), field(s[6:8])
	case 'I':
		if len(s) != 10 || s[4] != '-' || s[7] != '-' {
			return 0, bad
		}
		y, m, d = field(s[0:4]), field(s[5:7]), field(s[8:10])
	case 'U', 'E', 'O':
		if len(s) != 8 || s[2] != '/' || s[5] != '/' {
			return 0, bad
		}
		a, b, c := field(s[0:2]), field(s[3:5]), field(s[6:8])
		switch f {
		case 'U':
			m, d, y = a, b, c
		case 'E':
			d, m, y = a, b, c
		default:
			y, m, d = a, b, c
		}
		if y >= 0 {
			y = windowYear(y, now.Year())
		}
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

// field returns the value of the digits that start s (as C's atoi reads
// them, which is what Regina does: "1a" is 1), or -1 when s does not start
// with a digit.
func field(s string) int {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return -1
	}
	n := 0
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// leadingInt reads a Base or Days date as Regina does: the string must be
// a REXX number (or empty, which counts as 0), and its value is the
// integer its leading digits spell, so "1.5" and "1E3" are both 1.
func leadingInt(s string) (int64, bool) {
	i := 0
	for i < len(s) && isNumBlank(s[i]) {
		i++
	}
	if i == len(s) {
		return 0, true
	}
	if _, ok := num.Parse(s); !ok {
		return 0, false
	}
	neg := false
	if s[i] == '+' || s[i] == '-' {
		neg = s[i] == '-'
		i++
	}
	var n int64
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if n < 1e12 {
			n = n*10 + int64(s[i]-'0')
		}
	}
	if neg {
		n = -n
	}
	return n, true
}

// parseInt64 reads a whole REXX number that fits in an int64.
func parseInt64(s string) (int64, bool) {
	n, ok := num.Parse(s)
	if !ok {
		return 0, false
	}
	return n.Int64()
}

// parseNormalDate reads "d Mon yyyy": a day of one or two digits, the
// English month abbreviation with its case, a four-digit year, separated
// by blanks. Leading blanks are allowed, trailing ones are not.
func parseNormalDate(s string) (y, m, d int, ok bool) {
	i := 0
	skip := func() int {
		j := i
		for i < len(s) && s[i] == ' ' {
			i++
		}
		return i - j
	}
	digits := func(min, max int) (int, bool) {
		j := i
		v := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-j < max {
			v = v*10 + int(s[i]-'0')
			i++
		}
		return v, i-j >= min && (i == len(s) || s[i] < '0' || s[i] > '9')
	}
	skip()
	if d, ok = digits(1, 2); !ok || skip() == 0 || i+3 > len(s) {
		return 0, 0, 0, false
	}
	mon := s[i : i+3]
	i += 3
	for k, name := range monthNames {
		if name[:3] == mon {
			m = k + 1
		}
	}
	if m == 0 || skip() == 0 {
		return 0, 0, 0, false
	}
	if y, ok = digits(4, 4); !ok || i != len(s) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}
