package interp

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rexxlxd/rexxlxd/parser"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// Error is a REXX error raised while a program runs (or found when it was
// parsed), with the place it happened and the source lines of the call
// stack for Regina's traceback.
type Error struct {
	Err   *rexxerr.Error
	File  string
	Line  int
	Trace []TraceLine // innermost first
}

// TraceLine is one line of the traceback printed above an error message.
type TraceLine struct {
	Line   int
	Source string
}

func (e *Error) Error() string {
	return fmt.Sprintf("Error %d running %q, line %d: %s", e.Err.Code, e.File, e.Line, rexxerr.Text(e.Err.Code))
}

func (e *Error) Unwrap() error { return e.Err }

// Message formats the error as Regina prints it on standard error: the
// traceback, the main message, and the secondary message when there is one.
func (e *Error) Message() string {
	var b strings.Builder
	for _, t := range e.Trace {
		fmt.Fprintf(&b, "%6d +++ %s\n", t.Line, strings.TrimRight(t.Source, " \t"))
	}
	b.WriteString(e.Error())
	b.WriteByte('\n')
	if e.Err.Detail != "" {
		fmt.Fprintf(&b, "Error %d.%d: %s\n", e.Err.Code, e.Err.Sub, e.Err.Detail)
	}
	return b.String()
}

// ExitStatus is the process status Regina uses for an error: 256 minus
// the error number.
func (e *Error) ExitStatus() int { return 256 - e.Err.Code }

// AsError converts a parse error into an *Error; other errors pass through.
func AsError(err error) error {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return &Error{Err: pe.Err, File: pe.Pos.Filename, Line: pe.Pos.Line}
	}
	return err
}

// rxErr makes a REXX error without position; the run loop adds it.
func rxErr(code, sub int, format string, args ...any) *rexxerr.Error {
	return rexxerr.New(code, sub, format, args...)
}
