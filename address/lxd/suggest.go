package lxd

import (
	"fmt"
	"strings"
)

// A mistyped command gets the nearest names in the message, as git and
// go do ("did you mean list?"), before the list of every command: the
// suggestion is what a person reads, the list is there for the rest.

// unknownCommandText is the message for a command word that names no
// command: the word, the nearest names (if any are near) and all names,
// aliases included.
func unknownCommandText(word string) string {
	names := commandNames()
	msg := fmt.Sprintf("unknown ADDRESS LXD command %q", word)
	if near := nearest(strings.ToLower(word), names); len(near) > 0 {
		msg += " (did you mean " + strings.Join(near, " or ") + "?)"
	}
	return msg + "; commands are " + strings.Join(names, ", ")
}

// nearest returns the names closest to word by edit distance (adjacent
// swaps count one, so "lsit" is one from "list"), when they are close
// enough to be a slip: at most one edit for a word of up to four
// letters, two for a longer one, and a word that is the start of a name
// ("exe" of exec and execute) counts as one edit. At most three names,
// in the order given.
func nearest(word string, names []string) []string {
	limit := 1
	if len(word) > 4 {
		limit = 2
	}
	best, near := limit+1, []string(nil)
	for _, n := range names {
		d := editDistance(word, n)
		if len(word) >= 2 && strings.HasPrefix(n, word) {
			d = min(d, 1)
		}
		switch {
		case d < best:
			best, near = d, []string{n}
		case d == best:
			near = append(near, n)
		}
	}
	if len(near) > 3 {
		near = near[:3]
	}
	return near
}

// editDistance is the optimal string alignment distance of a and b: the
// insertions, deletions, substitutions and swaps of two adjacent bytes
// that turn a into b, each used once.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// keyHint is "did you mean name=? " and a semicolon for a mistyped key
// near one of the command's keys, "" for any other.
func keyHint(key string, keys []keySpec) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.name
	}
	near := nearest(strings.ToLower(key), names)
	if len(near) == 0 {
		return ""
	}
	return "did you mean " + strings.Join(near, "= or ") + "=?; "
}
