package num

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// TestReginaArith replays testdata/regina_arith.txt: Regina 3.6's results
// for the cases of testdata/regina_arith.rexx (see there for the format
// and how to regenerate it).
func TestReginaArith(t *testing.T) {
	f, err := os.Open("testdata/regina_arith.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, bad := 0, 0
	for sc.Scan() {
		n++
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 7 {
			t.Fatalf("line %d malformed: %q", n, sc.Text())
		}
		digits, _ := strconv.Atoi(p[0])
		fuzz, _ := strconv.Atoi(p[1])
		c := Context{Digits: digits, Fuzz: fuzz}
		if p[2] == "E" {
			c.Form = Engineering
		}
		got := reginaEval(&c, p[3], p[4], p[5])
		if got != p[6] {
			bad++
			t.Errorf("line %d: DIGITS %d FUZZ %d %s: %q %s %q = %s; Regina: %s", n, digits, fuzz, p[2], p[4], p[3], p[5], got, p[6])
		}
	}
	if n < 1800 {
		t.Fatalf("only %d cases", n)
	}
	if bad > 0 {
		t.Logf("%d of %d cases differ", bad, n)
	}
}

// reginaEval computes one case and renders it as the generator does.
func reginaEval(c *Context, op, as, bs string) string {
	a, ok := Parse(as)
	if !ok {
		return "!41 " // not produced by the generator
	}
	b, okb := Parse(bs)
	var r Number
	var err error
	switch op {
	case "neg":
		r, err = c.Neg(a)
	case "plus":
		r, err = c.Plus(a)
	case "cmp":
		if !okb {
			return "!41 "
		}
		return "=" + strconv.Itoa(c.Compare(a, b))
	default:
		if !okb {
			return "!41 "
		}
		f := map[string]func(x, y Number) (Number, error){
			"+": c.Add, "-": c.Sub, "*": c.Mul, "/": c.Div,
			"%": c.IntDiv, "//": c.Rem, "**": c.Pow,
		}[op]
		if f == nil {
			return "!unknown op " + op
		}
		r, err = f(a, b)
	}
	if err != nil {
		var re *rexxerr.Error
		if !errors.As(err, &re) {
			return "!" + err.Error()
		}
		if re.Detail == "" {
			return fmt.Sprintf("!%d ", re.Code)
		}
		return fmt.Sprintf("!%d.%d %s", re.Code, re.Sub, re.Detail)
	}
	return "=" + c.String(r)
}
