package parser

import (
	"errors"
	"fmt"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// Error is a syntax error at a position in the source.
type Error struct {
	Pos Pos
	Err *rexxerr.Error
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d: %v", e.Pos.Filename, e.Pos.Line, e.Err)
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
