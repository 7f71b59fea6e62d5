package builtin

import (
	"fmt"
	"strconv"
	"time"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// This file holds TIME and its elapsed-time clock. Like DATE, TIME is
// called by the interpreter with its own clock and is not in Funcs.

// Timer is the elapsed-time clock of TIME('E') and TIME('R'), one per
// program. Its zero value is a clock not yet started: the first 'E' or 'R'
// starts it and returns 0.
type Timer struct {
	start   time.Time
	started bool
}

// elapsed returns the time since the clock started, starting it first if
// needed, and restarts it when reset is set (TIME('R')).
func (t *Timer) elapsed(now time.Time, reset bool) time.Duration {
	if !t.started {
		t.start, t.started = now, true
		return 0
	}
	d := now.Sub(t.start)
	if reset {
		t.start = now
	}
	return d
}

// Time is TIME([option] [,time [,format]]) at time now, in now's location.
// option selects the output: Civil, Elapsed, Hours, Long, Minutes, Normal
// (the default), Offset (of local time from UTC, in microseconds), Reset,
// Seconds, Job (CPU seconds used) or Time (Unix seconds). With time, that
// time of day (written in format, Normal by default: Civil, Hours, Long,
// Minutes, Normal, Seconds or Time) is converted instead of now's.
// Converting to Elapsed or Reset is error 40.29, as ANSI says; Regina
// returns a meaningless number there.
func Time(now time.Time, timer *Timer, args []Arg) (string, error) {
	s, err := timeOf(now, timer, args)
	if err != nil {
		err = cutFoundAtNUL(err)
	}
	return s, err
}

// timeOf does the work of Time.
func timeOf(now time.Time, timer *Timer, args []Arg) (string, error) {
	if len(args) > 3 {
		return "", rexxerr.New(40, 4, "Too many arguments in invocation of \"TIME\"; maximum expected is 3")
	}
	args = append(args[:len(args):len(args)], make([]Arg, 3-len(args))...)
	out, err := optOption("TIME", args, 0, "CEHLMNORSJT", 'N')
	if err != nil {
		return "", err
	}
	inFmt, err := optOption("TIME", args, 2, "CHLMNST", 'N')
	if err != nil {
		return "", err
	}
	// Regina rounds the clock to the nearest second for every format but
	// Long, which shows the microseconds.
	rounded := now.Round(time.Second)
	secs, micros := clockSeconds(rounded), now.Nanosecond()/1000
	longSecs := clockSeconds(now)
	y, mo, d := rounded.Date()
	if args[1].Present {
		in, ok := parseTime(args[1].Value, inFmt)
		if !ok {
			fmtName := optString(args, 2, "N")
			return "", rexxerr.New(40, 19, "TIME argument 2, \"%s\", is not in the format described by argument 3, \"%s\"", cstr(args[1].Value), cstr(fmtName))
		}
		if out == 'E' || out == 'R' {
			return "", rexxerr.New(40, 29, "TIME conversion to format \"%c\" is not allowed", out)
		}
		secs, micros, longSecs = in.secs, in.micros, in.secs
		if in.hasDate {
			y, mo, d = in.date.y, time.Month(in.date.m), in.date.d
		}
	}
	h, m, s := secs/3600, secs/60%60, secs%60
	switch out {
	case 'C':
		h12, half := h%12, "am"
		if h12 == 0 {
			h12 = 12
		}
		if h >= 12 {
			half = "pm"
		}
		return fmt.Sprintf("%d:%02d%s", h12, m, half), nil
	case 'E', 'R':
		return formatElapsed(timer.elapsed(now, out == 'R')), nil
	case 'H':
		return strconv.Itoa(h), nil
	case 'J':
		return formatSeconds(cpuTime(), true), nil
	case 'L':
		return fmt.Sprintf("%02d:%02d:%02d.%06d", longSecs/3600, longSecs/60%60, longSecs%60, micros), nil
	case 'M':
		return strconv.Itoa(secs / 60), nil
	case 'O':
		_, offset := now.Zone()
		return strconv.FormatInt(int64(offset)*1e6, 10), nil
	case 'S':
		return strconv.Itoa(secs), nil
	case 'T':
		if !args[1].Present {
			return strconv.FormatInt(rounded.Unix(), 10), nil
		}
		// A converted time is taken on today's date, or on the date a Unix
		// time gave, in local time.
		return strconv.FormatInt(time.Date(y, mo, d, h, m, s, 0, now.Location()).Unix(), 10), nil
	}
	return fmt.Sprintf("%02d:%02d:%02d", h, m, s), nil
}

// formatElapsed writes an elapsed time as Regina does: seconds with six
// decimals and no zero before the point (".000027").
func formatElapsed(d time.Duration) string {
	return formatSeconds(d, false)
}

// formatSeconds writes d in seconds with six decimals; leadingZero keeps
// the "0" of a value under one second.
func formatSeconds(d time.Duration, leadingZero bool) string {
	us := d.Microseconds()
	sign := ""
	if us < 0 {
		sign, us = "-", -us
	}
	whole := strconv.FormatInt(us/1e6, 10)
	if whole == "0" && !leadingZero {
		whole = ""
	}
	return fmt.Sprintf("%s%s.%06d", sign, whole, us%1e6)
}

// clockSeconds returns the seconds since midnight of t's clock.
func clockSeconds(t time.Time) int {
	return t.Hour()*3600 + t.Minute()*60 + t.Second()
}

// timeOfDay is a time TIME converts: seconds since midnight and
// microseconds, and for a Unix time also the date (in UTC, as Regina
// reads it).
type timeOfDay struct {
	secs, micros int
	hasDate      bool
	date         civil
}

// parseTime reads time of day s in format f.
func parseTime(s string, f byte) (timeOfDay, bool) {
	var none timeOfDay
	switch f {
	case 'C':
		// h:mmam or hh:mmpm, the hour 1-12, am/pm in lower case.
		colon := 1
		if len(s) == 7 {
			colon = 2
		}
		if len(s) != colon+5 || s[colon] != ':' {
			return none, false
		}
		h, okh := digitsValue(s[:colon])
		m, okm := digitsValue(s[colon+1 : colon+3])
		half := s[colon+3:]
		if !okh || !okm || h < 1 || h > 12 || m > 59 || (half != "am" && half != "pm") {
			return none, false
		}
		h %= 12
		if half == "pm" {
			h += 12
		}
		return timeOfDay{secs: h*3600 + m*60}, true
	case 'H', 'M', 'S':
		v, ok := wholeValue(s)
		unit, limit := 3600, 24
		if f == 'M' {
			unit, limit = 60, 1440
		} else if f == 'S' {
			unit, limit = 1, 86400
		}
		if !ok || v < 0 || v >= limit {
			return none, false
		}
		return timeOfDay{secs: v * unit}, true
	case 'T':
		v, ok := wholeValue(s)
		if !ok {
			return none, false
		}
		t := time.Unix(int64(v), 0).UTC()
		return timeOfDay{
			secs:    clockSeconds(t),
			hasDate: true,
			date:    civil{t.Year(), int(t.Month()), t.Day()},
		}, true
	case 'L':
		if len(s) != 15 || s[8] != '.' {
			return none, false
		}
		us, ok := digitsValue(s[9:])
		if !ok {
			return none, false
		}
		t, ok := parseTime(s[:8], 'N')
		t.micros = us
		return t, ok
	}
	// N: hh:mm:ss
	if len(s) != 8 || s[2] != ':' || s[5] != ':' {
		return none, false
	}
	h, okh := digitsValue(s[0:2])
	m, okm := digitsValue(s[3:5])
	sec, oks := digitsValue(s[6:8])
	if !okh || !okm || !oks || h > 23 || m > 59 || sec > 59 {
		return none, false
	}
	return timeOfDay{secs: h*3600 + m*60 + sec}, true
}

// digitsValue returns the value of s, which must be all decimal digits.
func digitsValue(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
