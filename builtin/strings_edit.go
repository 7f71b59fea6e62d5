package builtin

import (
	"strconv"
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
)

// This file holds the functions that put one string into another or take
// part of a string out.

func init() {
	register("INSERT", 2, 5, insert)
	register("OVERLAY", 2, 5, overlay)
	register("DELSTR", 2, 3, delstr)
	register("CHANGESTR", 3, 3, changestr)
	register("COUNTSTR", 2, 2, countstr)
}

// insert is INSERT(new, target [,n] [,length] [,pad]): new, padded or cut
// to length, placed after the first n bytes of target (padded to n).
func insert(c *num.Context, args []Arg) (string, error) {
	n, err := optWhole(c, "INSERT", args, 2, nonNeg, 0)
	if err != nil {
		return "", err
	}
	nw, target := args[0].Value, args[1].Value
	size, err := optWhole(c, "INSERT", args, 3, nonNeg, len(nw))
	if err != nil {
		return "", err
	}
	pad, err := optChar("INSERT", args, 4, ' ')
	if err != nil {
		return "", err
	}
	if err := checkLen(int64(n) + int64(size) + int64(len(target))); err != nil {
		return "", err
	}
	rest := ""
	if n < len(target) {
		rest = target[n:]
	}
	return padded(target, n, pad) + padded(nw, size, pad) + rest, nil
}

// overlay is OVERLAY(new, target [,n] [,length] [,pad]): new, padded or cut
// to length, written over target from byte n (default 1) on.
func overlay(c *num.Context, args []Arg) (string, error) {
	n, err := optWhole(c, "OVERLAY", args, 2, positive, 1)
	if err != nil {
		return "", err
	}
	nw, target := args[0].Value, args[1].Value
	size, err := optWhole(c, "OVERLAY", args, 3, nonNeg, len(nw))
	if err != nil {
		return "", err
	}
	pad, err := optChar("OVERLAY", args, 4, ' ')
	if err != nil {
		return "", err
	}
	if err := checkLen(int64(n) + int64(size) + int64(len(target))); err != nil {
		return "", err
	}
	rest := ""
	if end := n - 1 + size; end < len(target) {
		rest = target[end:]
	}
	return padded(target, n-1, pad) + padded(nw, size, pad) + rest, nil
}

// delstr is DELSTR(string, n [,length]): string without length bytes
// (default: all) from byte n on.
func delstr(c *num.Context, args []Arg) (string, error) {
	n, err := wholeArg(c, "DELSTR", args, 1, positive)
	if err != nil {
		return "", err
	}
	s := args[0].Value
	size, err := optWhole(c, "DELSTR", args, 2, nonNeg, len(s))
	if err != nil {
		return "", err
	}
	if n > len(s) {
		return s, nil
	}
	rest := ""
	if end := int64(n-1) + int64(size); end < int64(len(s)) {
		rest = s[end:]
	}
	return s[:n-1] + rest, nil
}

// changestr is CHANGESTR(needle, haystack, new): every non-overlapping
// needle, left to right, replaced by new. An empty needle changes nothing.
func changestr(_ *num.Context, args []Arg) (string, error) {
	needle, hay, nw := args[0].Value, args[1].Value, args[2].Value
	if needle == "" {
		return hay, nil
	}
	count := strings.Count(hay, needle)
	if err := checkLen(int64(len(hay)) + int64(count)*(int64(len(nw))-int64(len(needle)))); err != nil {
		return "", err
	}
	return strings.ReplaceAll(hay, needle, nw), nil
}

// countstr is COUNTSTR(needle, haystack): how many non-overlapping needles
// haystack holds; 0 for an empty needle.
func countstr(_ *num.Context, args []Arg) (string, error) {
	needle, hay := args[0].Value, args[1].Value
	if needle == "" {
		return "0", nil
	}
	return strconv.Itoa(strings.Count(hay, needle)), nil
}
