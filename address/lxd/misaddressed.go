package lxd

import (
	"strings"

	"github.com/rexxlxd/rexxlxd/termtext"
)

// NotFoundHint is the SYSTEM environment's hint for a command the host
// shell did not find (system.Env.NotFound): when its first word is an
// ADDRESS LXD command, the program most likely forgot ADDRESS LXD, and
// "/bin/sh: 1: create: not found" alone does not say so. It returns ""
// for any other command.
func NotFoundHint(cmd string) string {
	word, _, _ := strings.Cut(strings.TrimSpace(cmd), " ")
	c, ok := lookupCommand(word)
	if !ok {
		return ""
	}
	return "rexxlxd: " + c.name + " is an ADDRESS LXD command, but this one went to SYSTEM (the host shell): " +
		"send it with ADDRESS LXD " + rexxString(termtext.Line(strings.TrimSpace(cmd))) + ", or switch first with ADDRESS LXD"
}

// rexxString writes s as a REXX string literal: in double quotes, or in
// single ones when s holds a double quote, the quote inside doubled.
func rexxString(s string) string {
	q := `"`
	if strings.Contains(s, `"`) {
		q = "'"
	}
	return q + strings.ReplaceAll(s, q, q+q) + q
}
