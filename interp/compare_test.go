package interp

import (
	"bufio"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/num"
)

// TestReginaNormalCompare replays testdata/regina_compare.txt: Regina
// 3.6's normal comparison (=, <, >) of every pair of short strings of
// blanks, other white space, a control character and letters (see
// testdata/regina_compare.rexx). Regina ignores all leading and
// trailing white space, not only blanks, and after the common part the
// longer string is the greater whatever its next character is.
func TestReginaNormalCompare(t *testing.T) {
	f, err := os.Open("testdata/regina_compare.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var left []string
	var rows []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		h, row, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			t.Fatalf("malformed line %q", sc.Text())
		}
		s := ""
		if h != "-" {
			b, err := hex.DecodeString(h)
			if err != nil {
				t.Fatal(err)
			}
			s = string(b)
		}
		left = append(left, s)
		rows = append(rows, row)
	}
	if len(left) < 50 {
		t.Fatalf("only %d strings", len(left))
	}
	c := &num.Context{Digits: 9}
	for i, a := range left {
		if len(rows[i]) != len(left) {
			t.Fatalf("row %d has %d results for %d strings", i, len(rows[i]), len(left))
		}
		for j, b := range left {
			want := map[byte]int{'<': -1, '=': 0, '>': 1}[rows[i][j]]
			if got := normalCompare(c, Str(a), Str(b)); got != want {
				t.Errorf("normalCompare(%q, %q) = %d, Regina: %c", a, b, got, rows[i][j])
			}
		}
	}
}
