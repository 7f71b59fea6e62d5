package builtin

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/num"
)

var numericNames = []string{"ABS", "SIGN", "MAX", "MIN", "TRUNC", "FORMAT", "D2X", "D2C", "X2D", "C2D", "DATATYPE"}

// numericPieces are fragments random arguments are built from: number
// parts, blanks, hex digits, huge and negative values.
var numericPieces = []string{"0", "1", "9", "5", ".", "-", "+", "E", "e", " ", "\t", "12", "999999999",
	"2147483647", "2147483648", "-1", "1E9", "E-7", "E+999999999", "FF", "ab", "x", "", "\x00", "0.0005", "99.995"}

// lengthPieces build the later arguments (lengths, decimals, options),
// kept small so that the test does not build results of gigabytes.
var lengthPieces = []string{"0", "1", "5", "-", "+", ".", "E", " ", "x", "", "12", "-1", "FF", "1.5", "w", "N"}

func randomArg(r *rand.Rand, first bool) Arg {
	if r.Intn(6) == 0 {
		return Arg{}
	}
	pieces, n := numericPieces, r.Intn(4)
	if !first {
		pieces, n = lengthPieces, r.Intn(2)
	}
	var b strings.Builder
	for ; n >= 0; n-- {
		b.WriteString(pieces[r.Intn(len(pieces))])
	}
	return Arg{Value: b.String(), Present: true}
}

// TestNumericNoPanic calls every numeric built-in with many random
// arguments under random settings: each call must return a result or an
// error, never panic.
func TestNumericNoPanic(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		name := numericNames[r.Intn(len(numericNames))]
		c := num.Context{Digits: []int{1, 3, 9, 20}[r.Intn(4)], Form: num.Form(r.Intn(2))}
		args := make([]Arg, 1+r.Intn(5))
		for j := range args {
			args[j] = randomArg(r, j == 0 || name == "MAX" || name == "MIN")
		}
		args[0].Present = true
		callNoPanic(t, &c, name, args)
	}
}

// FuzzNumeric feeds arbitrary strings to the numeric built-ins.
func FuzzNumeric(f *testing.F) {
	f.Add(uint8(5), "3.14159", "", "2", "")
	f.Add(uint8(6), "-129", "4", "", "")
	f.Add(uint8(8), "FFFF", "4", "", "")
	f.Fuzz(func(t *testing.T, which uint8, a, b, c, d string) {
		name := numericNames[int(which)%len(numericNames)]
		ctx := num.DefaultContext()
		args := []Arg{{a, true}, {b, b != ""}, {c, c != ""}, {d, d != ""}}
		callNoPanic(t, &ctx, name, args)
	})
}

func callNoPanic(t *testing.T, c *num.Context, name string, args []Arg) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("%s(%s) digits %d panicked: %v", name, numShowArgs(args), c.Digits, p)
		}
	}()
	spec := Funcs[name]
	if spec.Max >= 0 && len(args) > spec.Max {
		args = args[:spec.Max]
	}
	for spec.Max >= 0 && len(args) < spec.Max {
		args = append(args, Arg{})
	}
	spec.Fn(c, args)
}

// TestNumericHugeLengths checks that lengths and widths past what a string
// may hold end in error 5 instead of an attempt to build the result.
func TestNumericHugeLengths(t *testing.T) {
	c := num.DefaultContext()
	for _, tc := range []struct {
		name string
		args []Arg
	}{
		{"D2X", []Arg{{"1", true}, {"999999999", true}}},
		{"D2C", []Arg{{"1", true}, {"2147483647", true}}},
		{"TRUNC", []Arg{{"1", true}, {"999999999", true}}},
		{"FORMAT", []Arg{{"1", true}, {"999999999", true}}},
		{"FORMAT", []Arg{{"1", true}, {"", false}, {"2147483647", true}}},
		{"D2X", []Arg{{"1E999999", true}}},
	} {
		_, err := numCall(&c, tc.name, tc.args)
		if err == nil || numErrText(err) != "5 " {
			t.Errorf("%s(%s): got %v, want error 5", tc.name, numShowArgs(tc.args), err)
		}
	}
}
