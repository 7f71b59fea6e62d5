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
	// fromInterpret marks an error whose last traceback line an
	// INTERPRET string's code added: it already shows the INTERPRET
	// clause, which the code around it must not add again.
	fromInterpret bool
}

// TraceLine is one line of the traceback printed above an error message.
// Nest is how deep the clause was (calls and active loops), which sets
// the indentation.
type TraceLine struct {
	Line   int
	Source string
	Nest   int
}

func (e *Error) Error() string {
	return fmt.Sprintf("Error %d running %q, line %d: %s", e.Err.Code, e.File, e.Line, rexxerr.Text(e.Err.Code))
}

func (e *Error) Unwrap() error { return e.Err }

// Message formats the error as Regina prints it on standard error: the
// traceback, the main message, and the secondary message when there is one.
// Regina indents the traceback from the innermost clause's depth, three
// blanks a level, one level less for each caller.
func (e *Error) Message() string {
	var b strings.Builder
	top := 0
	if len(e.Trace) > 0 {
		top = e.Trace[0].Nest
	}
	for k, t := range e.Trace {
		// A runaway recursion would print thousands of lines: keep the
		// innermost and the outermost ones.
		if n := len(e.Trace); n > maxTrace && k == maxTrace-3 {
			fmt.Fprintf(&b, "       +++ (%d more levels)\n", n-maxTrace)
		}
		if n := len(e.Trace); n > maxTrace && k >= maxTrace-3 && k < n-3 {
			continue
		}
		fmt.Fprintf(&b, "%6d +++ %s%s\n", t.Line, strings.Repeat("   ", max(0, min(top-k, 20))), t.Source)
	}
	b.WriteString(e.Error())
	b.WriteByte('\n')
	if e.Err.Detail != "" {
		fmt.Fprintf(&b, "Error %d.%d: %s\n", e.Err.Code, e.Err.Sub, e.Err.Detail)
	}
	return b.String()
}

// maxTrace bounds the traceback lines Message prints.
const maxTrace = 20

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
