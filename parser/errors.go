package parser

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// Error is a syntax error at a position in the source.
type Error struct {
	Pos Pos
	Err *rexxerr.Error
}

// Error returns "file:line:col: Error N.M: text", the secondary message
// as Regina prints it (the main one for an error that has none), in the
// shape of go/scanner's errors.
func (e *Error) Error() string {
	if e.Err.Detail == "" {
		return fmt.Sprintf("%s: Error %d: %s", e.Pos, e.Err.Code, rexxerr.Text(e.Err.Code))
	}
	return fmt.Sprintf("%s: Error %d.%d: %s", e.Pos, e.Err.Code, e.Err.Sub, e.Err.Detail)
}

func (e *Error) Unwrap() error { return e.Err }

func errAt(pos Pos, code, sub int, format string, args ...any) *Error {
	return &Error{Pos: pos, Err: rexxerr.New(code, sub, format, args...)}
}

// Incomplete reports whether err says the source ended before a construct
// was finished (an open DO, SELECT or IF, or an unclosed comment): the REPL
// then asks for more lines. An unclosed string is not incomplete, since a
// REXX string never spans lines.
func Incomplete(err error) bool {
	var pe *Error
	if !errors.As(err, &pe) {
		return false
	}
	return pe.Err.Code == 14 || (pe.Err.Code == 6 && pe.Err.Sub == 1)
}

// ErrorList is the syntax errors of a source, as go/scanner.ErrorList is:
// ParseMode with AllErrors returns one, sorted by position with at most
// one error a line.
type ErrorList []*Error

// Error lists the errors one a line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap lets errors.As find an *Error in the list (the first).
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// sortOneALine sorts l by position and keeps the first error of each
// line: an error later on the line is most often a consequence of it.
// keep, when in l, is the error kept on its line whatever its column
// (the one Parse reports, with Regina's number and text).
func (l ErrorList) sortOneALine(keep *Error) ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	var out ErrorList
	for _, e := range l {
		if n := len(out); n > 0 && out[n-1].Pos.Line == e.Pos.Line && out[n-1].Pos.Filename == e.Pos.Filename {
			if e == keep {
				out[n-1] = e
			}
			continue
		}
		out = append(out, e)
	}
	return out
}
