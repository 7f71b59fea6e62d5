package builtin

import "time"

// This file holds the calendar arithmetic DATE and TIME share: the
// proleptic Gregorian calendar counted in base days, REXX's day number
// where 1 January 0001 is day 0.

// maxBaseDay is the base day of 31 December 9999, the last date REXX knows.
const maxBaseDay = 3652058

// unixDay0 is the Unix time of 1 January 0001, 00:00 UTC.
const unixDay0 = -62135596800

var monthNames = [...]string{"January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December"}

var dayNames = [...]string{"Monday", "Tuesday", "Wednesday", "Thursday",
	"Friday", "Saturday", "Sunday"}

// isLeap reports whether y is a leap year.
func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// monthDays returns the number of days of month m (1-12) of year y.
func monthDays(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// validDate reports whether y-m-d is a date REXX can handle.
func validDate(y, m, d int) bool {
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= monthDays(y, m)
}

// yearDay returns the day of the year (1-366) of y-m-d.
func yearDay(y, m, d int) int {
	n := d
	for i := 1; i < m; i++ {
		n += monthDays(y, i)
	}
	return n
}

// baseDay returns the base day of y-m-d. Go's division truncates toward
// zero as C's does, so for year 0 (the start of the first century, which
// DATE('C') needs) this gives -365, the value Regina uses.
func baseDay(y, m, d int) int64 {
	y1 := int64(y - 1)
	return y1*365 + y1/4 - y1/100 + y1/400 + int64(yearDay(y, m, d)) - 1
}

// civil is a calendar date.
type civil struct{ y, m, d int }

// fromBaseDay returns the date of base day n, which must be within
// 0..maxBaseDay.
func fromBaseDay(n int64) civil {
	t := time.Unix(unixDay0+n*86400, 0).UTC()
	return civil{t.Year(), int(t.Month()), t.Day()}
}

// windowYear turns a two-digit year into the year of the hundred-year
// window around thisYear that Regina uses: from 49 years before it to 50
// years after.
func windowYear(yy, thisYear int) int {
	y := thisYear/100*100 + yy
	switch {
	case y > thisYear+50:
		y -= 100
	case y < thisYear-49:
		y += 100
	}
	return y
}
