package builtin

import (
	"math/rand"
	"strings"
	"testing"
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
			gs, ge, gok := findWord(s, n)
			if gs != ws || ge != we || gok != wok {
				t.Fatalf("findWord(len %d, %d) = %d, %d, %v; want %d, %d, %v", len(s), n, gs, ge, gok, ws, we, wok)
			}
		}
	}
}
