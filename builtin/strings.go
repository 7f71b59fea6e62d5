package builtin

import (
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
)

// This file holds the functions that cut, pad and repeat one string.

func init() {
	registerInt("LENGTH", 1, 1, length)
	register("LEFT", 2, 3, left)
	register("RIGHT", 2, 3, right)
	register("CENTER", 2, 3, center)
	register("CENTRE", 2, 3, center)
	register("COPIES", 2, 2, copies)
	register("REVERSE", 1, 1, reverse)
	register("SUBSTR", 2, 4, substr)
	register("STRIP", 1, 3, strip)
	register("UPPER", 1, 4, upper)
	register("LOWER", 1, 4, lower)
}

// length is LENGTH(string): the number of bytes.
func length(_ *num.Context, args []Arg) (int, error) {
	return len(args[0].Value), nil
}

// padded returns s cut or padded on the right with pad to exactly n bytes.
func padded(s string, n int, pad byte) string {
	if n <= len(s) {
		return s[:n]
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(s)
	writePad(&b, pad, n-len(s))
	return b.String()
}

// writePad writes n copies of pad to b, in blocks rather than byte by
// byte, so padding to a large length stays fast.
func writePad(b *strings.Builder, pad byte, n int) {
	if n <= 0 {
		return
	}
	block := strings.Repeat(string(pad), min(n, 4096))
	for ; n >= len(block); n -= len(block) {
		b.WriteString(block)
	}
	b.WriteString(block[:n])
}

// repeat returns n copies of the byte c.
func repeat(c byte, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(string(c), n)
}

// left is LEFT(string, length [,pad]).
func left(c *num.Context, args []Arg) (string, error) {
	n, err := wholeArg(c, "LEFT", args, 1, nonNeg)
	if err != nil {
		return "", err
	}
	pad, err := optChar("LEFT", args, 2, ' ')
	if err != nil {
		return "", err
	}
	if err := checkLen(int64(n)); err != nil {
		return "", err
	}
	return padded(args[0].Value, n, pad), nil
}

// right is RIGHT(string, length [,pad]): the last length bytes, padded on
// the left.
func right(c *num.Context, args []Arg) (string, error) {
	n, err := wholeArg(c, "RIGHT", args, 1, nonNeg)
	if err != nil {
		return "", err
	}
	pad, err := optChar("RIGHT", args, 2, ' ')
	if err != nil {
		return "", err
	}
	if err := checkLen(int64(n)); err != nil {
		return "", err
	}
	s := args[0].Value
	if n <= len(s) {
		return s[len(s)-n:], nil
	}
	var b strings.Builder
	b.Grow(n)
	writePad(&b, pad, n-len(s))
	b.WriteString(s)
	return b.String(), nil
}

// center is CENTER(string, length [,pad]) and its alias CENTRE. Regina
// names CENTER in errors either way. An odd surplus goes to the right,
// both when padding and when trimming.
func center(c *num.Context, args []Arg) (string, error) {
	n, err := wholeArg(c, "CENTER", args, 1, nonNeg)
	if err != nil {
		return "", err
	}
	pad, err := optChar("CENTER", args, 2, ' ')
	if err != nil {
		return "", err
	}
	if err := checkLen(int64(n)); err != nil {
		return "", err
	}
	s := args[0].Value
	if n <= len(s) {
		cut := (len(s) - n) / 2
		return s[cut : cut+n], nil
	}
	extra := n - len(s)
	var b strings.Builder
	b.Grow(n)
	writePad(&b, pad, extra/2)
	b.WriteString(s)
	writePad(&b, pad, extra-extra/2)
	return b.String(), nil
}

// copies is COPIES(string, n).
func copies(c *num.Context, args []Arg) (string, error) {
	n, err := wholeArg(c, "COPIES", args, 1, nonNeg)
	if err != nil {
		return "", err
	}
	s := args[0].Value
	if err := checkLen(int64(n) * int64(len(s))); err != nil {
		return "", err
	}
	return strings.Repeat(s, n), nil
}

// reverse is REVERSE(string), byte by byte.
func reverse(_ *num.Context, args []Arg) (string, error) {
	s := args[0].Value
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		b[len(s)-1-i] = s[i]
	}
	return string(b), nil
}

// substr is SUBSTR(string, start [,length] [,pad]). Without length it runs
// to the end of string; with it the result is padded to length.
func substr(c *num.Context, args []Arg) (string, error) {
	start, err := wholeArg(c, "SUBSTR", args, 1, positive)
	if err != nil {
		return "", err
	}
	s := args[0].Value
	rest := ""
	if start <= len(s) {
		rest = s[start-1:]
	}
	n, err := optWhole(c, "SUBSTR", args, 2, nonNeg, len(rest))
	if err != nil {
		return "", err
	}
	pad, err := optChar("SUBSTR", args, 3, ' ')
	if err != nil {
		return "", err
	}
	if err := checkLen(int64(n)); err != nil {
		return "", err
	}
	return padded(rest, n, pad), nil
}

// strip is STRIP(string [,option] [,char]): option Leading, Trailing or
// Both (the default); char defaults to the blank alone, not tabs.
func strip(_ *num.Context, args []Arg) (string, error) {
	opt, err := optOption("STRIP", args, 1, "LTB", 'B')
	if err != nil {
		return "", err
	}
	ch, err := optChar("STRIP", args, 2, ' ')
	if err != nil {
		return "", err
	}
	s := args[0].Value
	i, j := 0, len(s)
	if opt != 'T' {
		for i < j && s[i] == ch {
			i++
		}
	}
	if opt != 'L' {
		for j > i && s[j-1] == ch {
			j--
		}
	}
	return s[i:j], nil
}

// upper is Regina's UPPER(string [,start] [,length]).
func upper(c *num.Context, args []Arg) (string, error) {
	return changeCase(c, "UPPER", args, upperByte)
}

// lower is Regina's LOWER(string [,start] [,length]).
func lower(c *num.Context, args []Arg) (string, error) {
	return changeCase(c, "LOWER", args, lowerByte)
}

// changeCase maps the bytes start..start+length-1 of string through conv.
// A length beyond the end of string first pads string with blanks to
// length bytes, which is what Regina prints (its code reads and writes past
// the string there, so this is the one visible behaviour to match); a
// fourth argument is accepted and ignored, as Regina does.
func changeCase(c *num.Context, fn string, args []Arg, conv func(byte) byte) (string, error) {
	start, err := optWhole(c, fn, args, 1, positive, 1)
	if err != nil {
		return "", err
	}
	s := args[0].Value
	n, err := optWhole(c, fn, args, 2, nonNeg, -1)
	if err != nil {
		return "", err
	}
	if err := checkLen(int64(n)); err != nil {
		return "", err
	}
	size := max(len(s), n)
	b := make([]byte, size)
	copy(b, s)
	for i := len(s); i < size; i++ {
		b[i] = ' '
	}
	end := size
	if n >= 0 && start-1+n < end {
		end = start - 1 + n
	}
	// The blanks of the padding have no case, so stop at the end of s.
	for i := start - 1; i < min(end, len(s)); i++ {
		b[i] = conv(b[i])
	}
	return string(b), nil
}
