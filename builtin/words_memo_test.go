package builtin

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/num"
)

// plainFindWord is findWord without the memo: scan from the start.
func plainFindWord(s string, n int) (start, end int, ok bool) {
	for i := 0; ; i = end {
		start, end = nextWord(s, i)
		if start == len(s) {
			return 0, 0, false
		}
		if n--; n == 0 {
			return start, end, true
		}
	}
}

// TestFindWordMemo asks for words of several long strings, substrings
// of one another among them, in random order and checks each answer
// against a scan from the start, so that the memo of the last word found
// never answers for another string.
func TestFindWordMemo(t *testing.T) {
	var m Memo
	r := rand.New(rand.NewSource(1))
	var b strings.Builder
	for i := 0; i < 200; i++ {
		b.WriteString(strings.Repeat(" ", r.Intn(3)))
		b.WriteString(strings.Repeat("w", 1+r.Intn(5)))
		if r.Intn(10) == 0 {
			b.WriteByte('\t')
		}
	}
	base := b.String()
	strs := []string{base, base[:len(base)/2], base[1:], base[3 : len(base)-3], strings.Clone(base)}
	for i := 0; i < 20000; i++ {
		s := strs[r.Intn(len(strs))]
		n := 1 + r.Intn(210)
		if r.Intn(2) == 0 { // runs of ascending indexes, as loops ask
			n = 1 + i%210
		}
		ws, we, wok := plainFindWord(s, n)
		// The same word again, as WORD after WORDLENGTH asks, half
		// of the time.
		for k := 0; k < 1+r.Intn(2); k++ {
			gs, ge, gok := findWord(&m, s, n)
			if gs != ws || ge != we || gok != wok {
				t.Fatalf("findWord(len %d, %d) = %d, %d, %v; want %d, %d, %v", len(s), n, gs, ge, gok, ws, we, wok)
			}
		}
	}
}

// TestWordSitesShareNothing: two call sites of WORD (Spec.Site) each
// remember their own last word, so one site going through one string
// never answers for the other site's string, and the Spec in Funcs
// keeps nothing between calls.
func TestWordSitesShareNothing(t *testing.T) {
	line := func(tag string) string {
		var b strings.Builder
		for i := 0; i < 40; i++ {
			b.WriteString(tag + strings.Repeat("x", i%7) + " ")
		}
		return b.String()
	}
	a, b := line("a"), line("b")
	siteA, siteB := Funcs["WORD"].Site(), Funcs["WORD"].Site()
	plain := Funcs["WORD"]
	c := num.DefaultContext()
	call := func(s Spec, str string, n int) string {
		t.Helper()
		got, err := s.Fn(&c, []Arg{{Value: str, Present: true}, {Value: strconv.Itoa(n), Present: true}})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	for n := 1; n <= 40; n++ {
		ws, we, _ := plainFindWord(a, n)
		if got := call(siteA, a, n); got != a[ws:we] {
			t.Fatalf("site A word %d = %q, want %q", n, got, a[ws:we])
		}
		ws, we, _ = plainFindWord(b, 41-n)
		if got := call(siteB, b, 41-n); got != b[ws:we] {
			t.Fatalf("site B word %d = %q, want %q", 41-n, got, b[ws:we])
		}
		if got := call(plain, b, n); !strings.HasPrefix(got, "b") {
			t.Fatalf("Funcs' WORD word %d of b = %q", n, got)
		}
	}
	if siteA.site != nil || siteB.site != nil {
		t.Error("a site's Spec makes further sites")
	}
}
