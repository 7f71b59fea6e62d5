package builtin

import (
	"regexp"
	"testing"
	"time"
)

// callDateTime runs a DATE or TIME case at now with a fresh timer.
func callDateTime(fn string, now time.Time, args []Arg) (string, error) {
	if fn == "DATE" {
		return Date(now, args)
	}
	return Time(now, &Timer{}, args)
}

// checkCases runs cases at now and reports every answer that differs from
// Regina's.
func checkCases(t *testing.T, now time.Time, cases []stringCase) {
	t.Helper()
	for _, tc := range cases {
		name := callString(tc.fn, tc.args)
		got, err := callDateTime(tc.fn, now, tc.args)
		switch {
		case tc.err != "" && err == nil:
			t.Errorf("%s = %q, want error %s", name, got, tc.err)
		case tc.err != "" && errString(err) != tc.err:
			t.Errorf("%s: error %s, want %s", name, errString(err), tc.err)
		case tc.err == "" && err != nil:
			t.Errorf("%s: error %s, want %q", name, errString(err), tc.want)
		case tc.err == "" && got != tc.want:
			t.Errorf("%s = %q, want %q", name, got, tc.want)
		}
	}
}

// generatedNow is the clock the generated tables were taken at, in UTC.
func generatedNow(t *testing.T) time.Time {
	t.Helper()
	now, err := time.ParseInLocation("20060102 15:04:05.000000", datetimeNow, time.UTC)
	if err != nil {
		t.Fatalf("bad datetimeNow %q: %v", datetimeNow, err)
	}
	return now
}

func TestDateTimeNow(t *testing.T) {
	checkCases(t, generatedNow(t), nowCases)
}

func TestDateTimeConversions(t *testing.T) {
	checkCases(t, generatedNow(t), convCases)
}

// TestDateTimeZone checks the answers that depend on the local time zone,
// as Regina gave them with TZ=Europe/Berlin and TZ=America/New_York on
// 28 Nov 2026: Unix times of local clock readings, and TIME('O').
func TestDateTimeZone(t *testing.T) {
	day := time.Date(2026, 11, 28, 3, 28, 0, 0, time.UTC)
	for _, tc := range []struct {
		zone                 string
		dateT, timeT, offset string
	}{
		{"Europe/Berlin", "1795820400", "1795869907", "3600000000"},
		{"America/New_York", "1795842000", "1795805107", "-18000000000"},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Skipf("no zone data: %v", err)
		}
		now := day.In(loc) // in New York still the 27th
		got, err := Date(now, []Arg{{"T", true}, {"20261128", true}, {"S", true}})
		if err != nil || got != tc.dateT {
			t.Errorf("%s: DATE('T','20261128','S') = %q, %v; want %s", tc.zone, got, err, tc.dateT)
		}
		got, err = Time(now, &Timer{}, []Arg{{"T", true}, {"13:45:07", true}, {"N", true}})
		if err != nil || got != tc.timeT {
			t.Errorf("%s: TIME('T','13:45:07','N') = %q, %v; want %s", tc.zone, got, err, tc.timeT)
		}
		got, err = Time(now, &Timer{}, []Arg{{"O", true}})
		if err != nil || got != tc.offset {
			t.Errorf("%s: TIME('O') = %q, %v; want %s", tc.zone, got, err, tc.offset)
		}
	}
}

func TestTimeElapsed(t *testing.T) {
	start := time.Date(2026, 11, 28, 3, 28, 22, 427248000, time.UTC)
	var timer Timer
	steps := []struct {
		after  time.Duration
		option string
		want   string
	}{
		{0, "E", ".000000"}, // the first call starts the clock
		{27 * time.Microsecond, "E", ".000027"},
		{1572733 * time.Microsecond, "R", "1.572733"}, // and restarts it
		{1572733 * time.Microsecond, "E", ".000000"},
		{1572733*time.Microsecond + 2*time.Hour, "e", "7200.000000"},
		{1572733*time.Microsecond + 2*time.Hour, "Reset", "7200.000000"},
		{1572733*time.Microsecond + 2*time.Hour + time.Millisecond, "R", ".001000"},
	}
	for _, s := range steps {
		got, err := Time(start.Add(s.after), &timer, []Arg{{s.option, true}})
		if err != nil || got != s.want {
			t.Errorf("TIME('%s') at +%v = %q, %v; want %q", s.option, s.after, got, err, s.want)
		}
	}
	// A clock that went backwards gives a negative time, as Regina's does.
	got, _ := Time(start, &timer, []Arg{{"E", true}})
	if want := "-7201.573733"; got != want {
		t.Errorf("TIME('E') before the start = %q, want %q", got, want)
	}
}

func TestTimeConversionToElapsed(t *testing.T) {
	for _, opt := range []string{"E", "R"} {
		_, err := Time(time.Now(), &Timer{}, []Arg{{opt, true}, {"13:45:07", true}})
		want := `40.29: TIME conversion to format "` + opt + `" is not allowed`
		if err == nil || errString(err) != want {
			t.Errorf("TIME('%s','13:45:07'): error %v, want %s", opt, err, want)
		}
	}
}

func TestTimeJob(t *testing.T) {
	got, err := Time(time.Now(), &Timer{}, []Arg{{"J", true}})
	if err != nil || !regexp.MustCompile(`^\d+\.\d{6}$`).MatchString(got) {
		t.Errorf("TIME('J') = %q, %v; want seconds with six decimals", got, err)
	}
}

func TestDateTimeArgumentPadding(t *testing.T) {
	now := generatedNow(t)
	// The interpreter may pass fewer arguments than three, or none.
	if got, err := Date(now, nil); err != nil || got != "28 Nov 2026" {
		t.Errorf("Date(now, nil) = %q, %v", got, err)
	}
	if got, err := Time(now, &Timer{}, nil); err != nil || got != now.Format("15:04:05") {
		t.Errorf("Time(now, nil) = %q, %v", got, err)
	}
}

// TestTimeRounding checks that TIME rounds the clock to the nearest second
// for every format but Long, and DATE('T') does not, as Regina did when
// sampled across a minute boundary at 03:31:59.499750 and 03:31:59.503607.
func TestTimeRounding(t *testing.T) {
	for _, tc := range []struct {
		micros int
		want   map[string]string
	}{
		{499750, map[string]string{"N": "03:31:59", "M": "211", "S": "12719",
			"C": "3:31am", "H": "3", "T": "1795836719", "L": "03:31:59.499750"}},
		{503607, map[string]string{"N": "03:32:00", "M": "212", "S": "12720",
			"C": "3:32am", "H": "3", "T": "1795836720", "L": "03:31:59.503607"}},
	} {
		now := time.Date(2026, 11, 28, 3, 31, 59, tc.micros*1000, time.UTC)
		for opt, want := range tc.want {
			got, err := Time(now, &Timer{}, []Arg{{opt, true}})
			if err != nil || got != want {
				t.Errorf("TIME('%s') at %s = %q, %v; want %q", opt, now.Format(time.StampMicro), got, err, want)
			}
		}
		if got, _ := Date(now, []Arg{{"T", true}}); got != "1795836719" {
			t.Errorf("DATE('T') at %s = %q, want 1795836719", now.Format(time.StampMicro), got)
		}
	}
}

// TestDateTimeRandom runs the conversions datetime_random_gen.rexx drew at
// random from pools of good and bad dates and times.
func TestDateTimeRandom(t *testing.T) {
	checkCases(t, generatedNow(t), randomDateTimeCases)
}
