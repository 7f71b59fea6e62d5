package builtin

import (
	"testing"

	"github.com/rexxlxd/rexxlxd/num"
)

// The expected texts below were produced by Regina 3.6 (for instance
// `say substr('abc',0)`).
func TestWholeArg(t *testing.T) {
	c := num.DefaultContext()
	tests := []struct {
		val  string
		min  int
		want int
		err  string
	}{
		{" 2 ", 1, 2, ""},
		{"2.00000000000000", 1, 2, ""},
		{"1.5E1", 1, 15, ""},
		{" + 2 ", 1, 2, ""},
		{"2147483647", 1, 2147483647, ""},
		{"-0", 0, 0, ""},
		{"-5", AnyWhole, -5, ""},
		{"x", 1, 0, `Error 40: Incorrect call to routine (40.12: SUBSTR argument 2 must be a whole number; found "x")`},
		{"", 1, 0, `Error 40: Incorrect call to routine (40.12: SUBSTR argument 2 must be a whole number; found "")`},
		{"1.5", 1, 0, `Error 40: Incorrect call to routine (40.12: SUBSTR argument 2 must be a whole number; found "1.5")`},
		{"1.00000000001", 1, 0, `Error 40: Incorrect call to routine (40.12: SUBSTR argument 2 must be a whole number; found "1.00000000001")`},
		{"2147483648", 1, 0, `Error 40: Incorrect call to routine (40.12: SUBSTR argument 2 must be a whole number; found "2147483648")`},
		{"-2147483648", AnyWhole, 0, `Error 40: Incorrect call to routine (40.12: SUBSTR argument 2 must be a whole number; found "-2147483648")`},
		{"1E10", 1, 0, `Error 40: Incorrect call to routine (40.12: SUBSTR argument 2 must be a whole number; found "1E10")`},
		{"0", 1, 0, `Error 40: Incorrect call to routine (40.14: SUBSTR argument 2 must be positive; found "0")`},
		{"-1", 0, 0, `Error 40: Incorrect call to routine (40.13: SUBSTR argument 2 must be zero or positive; found "-1")`},
	}
	for _, tt := range tests {
		args := []Arg{{"abc", true}, {tt.val, true}}
		got, err := wholeArg(&c, "SUBSTR", args, 1, tt.min)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("wholeArg(%q): err %v, want %s", tt.val, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("wholeArg(%q) = %d, %v; want %d", tt.val, got, err, tt.want)
		}
	}
}

func TestOptWholeDefault(t *testing.T) {
	c := num.DefaultContext()
	got, err := optWhole(&c, "SUBSTR", []Arg{{"abc", true}, {"", false}}, 1, 1, 7)
	if err != nil || got != 7 {
		t.Errorf("optWhole absent = %d, %v; want 7", got, err)
	}
	got, err = optWhole(&c, "SUBSTR", []Arg{{"abc", true}}, 2, 0, 9)
	if err != nil || got != 9 {
		t.Errorf("optWhole past end = %d, %v; want 9", got, err)
	}
}

func TestMissingArg(t *testing.T) {
	Funcs["ZZTEST"] = Spec{Min: 2, Max: 3}
	defer delete(Funcs, "ZZTEST")
	c := num.DefaultContext()
	_, err := wholeArg(&c, "ZZTEST", []Arg{{"a", true}, {"", false}}, 1, 1)
	want := `Error 40: Incorrect call to routine (40.3: Not enough arguments in invocation of "ZZTEST"; minimum expected is 2)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestOptChar(t *testing.T) {
	for _, tt := range []struct {
		arg  Arg
		want byte
		err  string
	}{
		{Arg{"", false}, ' ', ""},
		{Arg{"*", true}, '*', ""},
		{Arg{"xy", true}, 0, `Error 40: Incorrect call to routine (40.23: LEFT argument 3 must be a single character; found "xy")`},
		{Arg{"", true}, 0, `Error 40: Incorrect call to routine (40.23: LEFT argument 3 must be a single character; found "")`},
	} {
		got, err := optChar("LEFT", []Arg{{"abc", true}, {"2", true}, tt.arg}, 2, ' ')
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("optChar(%q): err %v, want %s", tt.arg.Value, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("optChar(%q) = %q, %v", tt.arg.Value, got, err)
		}
	}
}

func TestOptOption(t *testing.T) {
	for _, tt := range []struct {
		arg  Arg
		want byte
		err  string
	}{
		{Arg{"", false}, 'B', ""},
		{Arg{"trailing", true}, 'T', ""},
		{Arg{"l", true}, 'L', ""},
		{Arg{"Q", true}, 0, `Error 40: Incorrect call to routine (40.28: STRIP argument 2, option must start with one of "LTB"; found "Q")`},
		{Arg{" b", true}, 0, `Error 40: Incorrect call to routine (40.28: STRIP argument 2, option must start with one of "LTB"; found " b")`},
		{Arg{"", true}, 0, `Error 40: Incorrect call to routine (40.21: STRIP argument 2 must not be null)`},
	} {
		got, err := optOption("STRIP", []Arg{{"abc", true}, tt.arg}, 1, "LTB", 'B')
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("optOption(%q): err %v, want %s", tt.arg.Value, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("optOption(%q) = %q, %v", tt.arg.Value, got, err)
		}
	}
}
