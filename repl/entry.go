package repl

import (
	"strings"

	"github.com/rexxlxd/rexxlxd/parser"
)

// File is the name entries are parsed under; error messages say
// `Error 42 running "<stdin>", line 1: ...`, as Regina does for a program
// read from standard input.
const File = "<stdin>"

// Assemble decides what to do with the lines typed so far for one entry,
// joined with newlines. more reports that the entry is unfinished and the
// next line belongs to it: an open DO or SELECT without its END, an IF or
// WHEN whose THEN (or an ELSE) still lacks its instruction, an unclosed
// comment, or a last line ending in a continuation comma. Otherwise either
// prog is the parsed entry, ready to run, or err is its syntax error (an
// unclosed string among them: a REXX string never spans lines, so no later
// line could finish it).
func Assemble(src string) (prog *parser.Program, more bool, err error) {
	if continued(src) {
		return nil, true, nil
	}
	prog, err = parser.Parse(File, src)
	if err != nil {
		if parser.Incomplete(err) {
			return nil, true, nil
		}
		return nil, false, err
	}
	return prog, false, nil
}

// continued reports whether src ends inside a comment or with a
// continuation comma: a comma that only blanks and comments follow on the
// last line.
func continued(src string) bool {
	toks, end := parser.ScanPartial(src)
	if end == parser.InComment {
		return true
	}
	if strings.HasSuffix(src, "\n") || len(toks) == 0 {
		return false
	}
	return toks[len(toks)-1].Kind == parser.Op && toks[len(toks)-1].Op == parser.Comma
}

// blank reports whether line holds nothing to run: only blanks.
func blank(line string) bool { return strings.TrimSpace(line) == "" }
