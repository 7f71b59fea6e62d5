package builtin

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// This file holds ERRORTEXT.

func init() {
	register("ERRORTEXT", 1, 2, errortext)
}

// errortext is ERRORTEXT(n[.m] [,option]). For 0..99 it gives the main
// message of error n, or with .m the secondary message template; unknown
// numbers give "". As in Regina, 100 names a file-system error and numbers
// above it the text of the system error number n-100. The option, Normal
// or Standard, is checked but changes nothing: Regina's texts are the same
// in both.
func errortext(_ *num.Context, args []Arg) (string, error) {
	if _, err := optOption("ERRORTEXT", args, 1, "NS", 'N'); err != nil {
		return "", err
	}
	s := args[0].Value
	mainPart, subPart, hasSub := strings.Cut(s, ".")
	code, err := errortextPart(mainPart)
	if err != nil {
		return "", err
	}
	sub := 0
	if hasSub {
		if sub, err = errortextPart(subPart); err != nil {
			return "", err
		}
	}
	switch {
	case code >= 100:
		if sub != 0 {
			return "", nil
		}
		return systemErrorText(code - 100), nil
	case sub != 0:
		return subTextOf(code, sub), nil
	}
	return rexxerr.Text(code), nil
}

// subText is one secondary message: error code.sub and its text.
type subText struct {
	code, sub int
	text      string
}

// subTextOf returns the secondary message code.sub, or "" if there is none.
func subTextOf(code, sub int) string {
	i, ok := slices.BinarySearchFunc(subTexts, [2]int{code, sub}, func(t subText, k [2]int) int {
		return cmp.Or(cmp.Compare(t.code, k[0]), cmp.Compare(t.sub, k[1]))
	})
	if !ok {
		return ""
	}
	return subTexts[i].text
}

// errortextPart reads one side of n.m, which must be a whole number of
// zero or more (Regina reports a fraction as "not a number" here).
func errortextPart(s string) (int, error) {
	n, ok := wholeValue(s)
	if !ok {
		return 0, rexxerr.New(40, 11, "ERRORTEXT argument 1 must be a number; found \"%s\"", s)
	}
	if n < 0 {
		return 0, rexxerr.New(40, 13, "ERRORTEXT argument 1 must be zero or positive; found \"%s\"", s)
	}
	return n, nil
}

// systemErrorText returns the C library's text for system error number
// errno, capitalized as strerror gives it; 0 is Regina's unknown
// file-system error.
func systemErrorText(errno int) string {
	if errno == 0 {
		return "[Unknown filesystem error]"
	}
	if errno == 133 { // EHWPOISON, missing from Go's syscall table
		return "Memory page has hardware error"
	}
	t := syscall.Errno(errno).Error()
	if t == "" || strings.HasPrefix(t, "errno ") {
		return "Unknown error " + strconv.Itoa(errno)
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
