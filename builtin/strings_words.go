package builtin

import (
	"strings"
	"unsafe"

	"github.com/rexxlxd/rexxlxd/num"
)

// This file holds the functions that see a string as blank-delimited
// words. Like Regina, they take any white space (tab, newline, ...) as a
// word separator; SPACE alone splits on the blank only.

func init() {
	registerInt("WORDS", 1, 1, words)
	registerMemo("WORD", 2, 2, word)
	registerMemoInt("WORDINDEX", 2, 2, wordindex)
	registerMemoInt("WORDLENGTH", 2, 2, wordlength)
	registerMemo("SUBWORD", 2, 3, subword)
	registerMemo("DELWORD", 2, 3, delword)
	registerMemoInt("WORDPOS", 2, 3, wordpos)
	register("SPACE", 1, 3, space)
}

// isWordSpace reports whether c separates words.
func isWordSpace(c byte) bool { return wordSpace[c] }

// wordSpace is the set of bytes that separate words, as a table: a
// lookup costs less than six comparisons in the loops that scan words.
var wordSpace = [256]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// wordSpaceBit is wordSpace as 1 and 0, for countWords.
var wordSpaceBit = [256]uint8{' ': 1, '\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1}

// nextWord returns the bounds [start, end) of the first word of s at or
// after byte i, or start == len(s) when there is none.
func nextWord(s string, i int) (start, end int) {
	for i < len(s) && isWordSpace(s[i]) {
		i++
	}
	start = i
	for i < len(s) && !isWordSpace(s[i]) {
		i++
	}
	return start, i
}

// findWord returns the bounds of word n (1-based) of s; ok is false when s
// has fewer words. A loop such as "do k = 1 to words(line); ... word(line,
// k)" asks for the words of one string in turn, so findWord remembers in m
// the last word it found in a long string and goes on from there when
// asked for that word or a later one of the same string, rather than
// scanning from the start each time. m belongs to one call site (see
// Spec.Site), so nothing is shared between call sites or interpreters.
func findWord(m *Memo, s string, n int) (start, end int, ok bool) {
	i, k := 0, n
	memo := len(s) >= memoMin
	if memo && m.n > 0 && m.n <= n && len(m.s) == len(s) && unsafe.StringData(m.s) == unsafe.StringData(s) {
		if m.n == n {
			// The same word again (WORDLENGTH, then WORD).
			return m.start, m.end, true
		}
		i, k = m.end, n-m.n
	}
	for ; ; i = end {
		start, end = nextWord(s, i)
		if start == len(s) {
			return 0, 0, false
		}
		if k--; k == 0 {
			break
		}
	}
	if memo {
		m.s, m.n, m.start, m.end = s, n, start, end
	}
	return start, end, true
}

// memoMin is the length from which findWord remembers where it was.
const memoMin = 32

// Memo is what a built-in remembers between calls at one call site:
// where findWord last found a word (word n of s is s[start:end]). The
// same data pointer and length mean the same bytes, since Go strings do
// not change and the memo keeps s alive.
type Memo struct {
	s             string
	n, start, end int
}

// words is WORDS(string).
func words(_ *num.Context, args []Arg) (int, error) {
	return countWords(args[0].Value), nil
}

// countWords returns the number of words of s: the bytes that are not
// blanks and follow a blank or the start.
func countWords(s string) int {
	// Without branches: a word starts where prev (the byte before is
	// a blank, or the start) is 1 and b (this byte is a blank) is 0.
	n, prev := 0, 1
	for i := 0; i < len(s); i++ {
		b := int(wordSpaceBit[s[i]])
		n += prev &^ b
		prev = b
	}
	return n
}

// word is WORD(string, n): word n, or "" when there are fewer.
func word(m *Memo, c *num.Context, args []Arg) (string, error) {
	n, err := wholeArg(c, "WORD", args, 1, positive)
	if err != nil {
		return "", err
	}
	s := args[0].Value
	start, end, ok := findWord(m, s, n)
	if !ok {
		return "", nil
	}
	return s[start:end], nil
}

// wordindex is WORDINDEX(string, n): the position of word n, or 0.
func wordindex(m *Memo, c *num.Context, args []Arg) (int, error) {
	n, err := wholeArg(c, "WORDINDEX", args, 1, positive)
	if err != nil {
		return 0, err
	}
	start, _, ok := findWord(m, args[0].Value, n)
	if !ok {
		return 0, nil
	}
	return start + 1, nil
}

// wordlength is WORDLENGTH(string, n): the length of word n, or 0.
func wordlength(m *Memo, c *num.Context, args []Arg) (int, error) {
	n, err := wholeArg(c, "WORDLENGTH", args, 1, positive)
	if err != nil {
		return 0, err
	}
	start, end, ok := findWord(m, args[0].Value, n)
	if !ok {
		return 0, nil
	}
	return end - start, nil
}

// wordRange returns the bounds of words n .. n+count-1 of s: from the start
// of word n to the end of the last of them that exists. count < 0 means
// all the rest. ok is false when word n does not exist or count is 0.
func wordRange(m *Memo, s string, n, count int) (start, end int, ok bool) {
	start, end, ok = findWord(m, s, n)
	if !ok || count == 0 {
		return 0, 0, false
	}
	for k := 1; count < 0 || k < count; k++ {
		ws, we := nextWord(s, end)
		if ws == len(s) {
			break
		}
		end = we
	}
	return start, end, true
}

// subword is SUBWORD(string, n [,length]): words n to n+length-1 with the
// blanks between them, but none before or after.
func subword(m *Memo, c *num.Context, args []Arg) (string, error) {
	n, err := wholeArg(c, "SUBWORD", args, 1, positive)
	if err != nil {
		return "", err
	}
	count, err := optWhole(c, "SUBWORD", args, 2, nonNeg, -1)
	if err != nil {
		return "", err
	}
	s := args[0].Value
	start, end, ok := wordRange(m, s, n, count)
	if !ok {
		return "", nil
	}
	return s[start:end], nil
}

// delword is DELWORD(string, n [,length]): string without words n to
// n+length-1 and the blanks that follow them; the blanks before word n stay.
func delword(m *Memo, c *num.Context, args []Arg) (string, error) {
	n, err := wholeArg(c, "DELWORD", args, 1, positive)
	if err != nil {
		return "", err
	}
	count, err := optWhole(c, "DELWORD", args, 2, nonNeg, -1)
	if err != nil {
		return "", err
	}
	s := args[0].Value
	start, end, ok := wordRange(m, s, n, count)
	if !ok {
		return s, nil
	}
	if count < 0 {
		return s[:start], nil
	}
	for end < len(s) && isWordSpace(s[end]) {
		end++
	}
	return s[:start] + s[end:], nil
}

// wordpos is WORDPOS(phrase, string [,start]): the number of the first
// word of string, from word start on, where the words of phrase appear in
// sequence (blanks between them do not matter); 0 when nowhere or when
// phrase has no words.
func wordpos(m *Memo, c *num.Context, args []Arg) (int, error) {
	start, err := optWhole(c, "WORDPOS", args, 2, positive, 1)
	if err != nil {
		return 0, err
	}
	phrase := splitWords(args[0].Value)
	if len(phrase) == 0 {
		return 0, nil
	}
	s := args[1].Value
	ws, we, ok := findWord(m, s, start)
	for n := start; ok; n++ {
		if matchWords(s, ws, we, phrase) {
			return n, nil
		}
		ws, we = nextWord(s, we)
		ok = ws < len(s)
	}
	return 0, nil
}

// splitWords returns the words of s.
func splitWords(s string) []string {
	var out []string
	for i := 0; ; {
		start, end := nextWord(s, i)
		if start == len(s) {
			return out
		}
		out = append(out, s[start:end])
		i = end
	}
}

// matchWords reports whether the words of s starting with the one at
// [ws, we) are the words of phrase.
func matchWords(s string, ws, we int, phrase []string) bool {
	for k, p := range phrase {
		if k > 0 {
			ws, we = nextWord(s, we)
			if ws == len(s) {
				return false
			}
		}
		if s[ws:we] != p {
			return false
		}
	}
	return true
}

// space is SPACE(string [,n] [,pad]): the blank-delimited words of string
// joined by n pads (default one blank), without leading or trailing
// blanks. Only the blank separates words here, as in Regina.
func space(c *num.Context, args []Arg) (string, error) {
	n, err := optWhole(c, "SPACE", args, 1, nonNeg, 1)
	if err != nil {
		return "", err
	}
	pad, err := optChar("SPACE", args, 2, ' ')
	if err != nil {
		return "", err
	}
	s := args[0].Value
	var parts []string
	size := int64(0)
	for i := 0; i < len(s); {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' {
			j++
		}
		if j > i {
			parts = append(parts, s[i:j])
			size += int64(j - i)
		}
		i = j
	}
	if len(parts) > 1 {
		size += int64(len(parts)-1) * int64(n)
	}
	if err := checkLen(size); err != nil {
		return "", err
	}
	sep := repeat(pad, n)
	var b strings.Builder
	b.Grow(int(size))
	for k, w := range parts {
		if k > 0 {
			b.WriteString(sep)
		}
		b.WriteString(w)
	}
	return b.String(), nil
}
