package builtin

import (
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
)

// This file holds the functions that look for one string in another or
// compare two strings.

func init() {
	registerInt("POS", 2, 3, pos)
	registerInt("INDEX", 2, 3, index)
	registerInt("LASTPOS", 2, 3, lastpos)
	register("ABBREV", 2, 3, abbrev)
	registerInt("COMPARE", 2, 3, compare)
	registerInt("VERIFY", 2, 4, verify)
}

// pos is POS(needle, haystack [,start]): the 1-based position of the first
// needle at or after start, or 0. An empty needle is never found.
func pos(c *num.Context, args []Arg) (int, error) {
	start, err := optWhole(c, "POS", args, 2, positive, 1)
	if err != nil {
		return 0, err
	}
	needle, hay := args[0].Value, args[1].Value
	if needle == "" || start > len(hay) {
		return 0, nil
	}
	i := strings.Index(hay[start-1:], needle)
	if i < 0 {
		return 0, nil
	}
	return i + start, nil
}

// index is INDEX(haystack, needle [,start]), Regina's extension kept
// from older REXX: POS with the first two arguments the other way round.
// Regina reports a bad start as POS's argument 3, and so does this.
func index(c *num.Context, args []Arg) (int, error) {
	var swapped [3]Arg // not args itself: the caller's list stays as it was
	n := copy(swapped[:], args)
	swapped[0], swapped[1] = args[1], args[0]
	return pos(c, swapped[:n])
}

// lastpos is LASTPOS(needle, haystack [,start]): the position of the last
// needle that ends at or before byte start (default: the end), or 0.
func lastpos(c *num.Context, args []Arg) (int, error) {
	needle, hay := args[0].Value, args[1].Value
	start, err := optWhole(c, "LASTPOS", args, 2, positive, len(hay))
	if err != nil {
		return 0, err
	}
	if needle == "" {
		return 0, nil
	}
	if start > len(hay) {
		start = len(hay)
	}
	return strings.LastIndex(hay[:start], needle) + 1, nil
}

// abbrev is ABBREV(information, info [,length]): "1" when info is a prefix
// of information at least length bytes long (default: all of info).
func abbrev(c *num.Context, args []Arg) (string, error) {
	info, abbr := args[0].Value, args[1].Value
	n, err := optWhole(c, "ABBREV", args, 2, nonNeg, len(abbr))
	if err != nil {
		return "", err
	}
	if len(abbr) >= n && strings.HasPrefix(info, abbr) {
		return "1", nil
	}
	return "0", nil
}

// compare is COMPARE(string1, string2 [,pad]): 0 when the strings are equal
// once the shorter is padded, else the position of the first difference.
func compare(_ *num.Context, args []Arg) (int, error) {
	pad, err := optChar("COMPARE", args, 2, ' ')
	if err != nil {
		return 0, err
	}
	a, b := args[0].Value, args[1].Value
	n := max(len(a), len(b))
	for i := 0; i < n; i++ {
		ca, cb := pad, pad
		if i < len(a) {
			ca = a[i]
		}
		if i < len(b) {
			cb = b[i]
		}
		if ca != cb {
			return i + 1, nil
		}
	}
	return 0, nil
}

// verify is VERIFY(string, reference [,option] [,start]): with Nomatch (the
// default) the position of the first byte from start on that is not in
// reference, with Match the first that is; 0 when there is none.
func verify(c *num.Context, args []Arg) (int, error) {
	opt, err := optOption("VERIFY", args, 2, "MN", 'N')
	if err != nil {
		return 0, err
	}
	start, err := optWhole(c, "VERIFY", args, 3, positive, 1)
	if err != nil {
		return 0, err
	}
	s, ref := args[0].Value, args[1].Value
	var in [256]bool
	for i := 0; i < len(ref); i++ {
		in[ref[i]] = true
	}
	want := opt == 'M'
	for i := start - 1; i < len(s); i++ {
		if in[s[i]] == want {
			return i + 1, nil
		}
	}
	return 0, nil
}
