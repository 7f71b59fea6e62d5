// Package rexxerr defines the REXX error condition shared by the parser,
// arithmetic, the built-in functions and the interpreter: a standard error
// number, an optional secondary number and the secondary message text.
// The interpreter adds the position when it reports one.
package rexxerr

import "fmt"

// Error is a REXX error such as 40.13. Detail is the secondary message
// exactly as Regina prints it after "Error 40.13 ...: ", or "" when the
// error has none.
type Error struct {
	Code, Sub int
	Detail    string
	// ReportOnly says that Regina raises this error with no secondary
	// message: Detail is ours, printed in the report of an uncaught
	// error for the reader, while what a program can read of it
	// (CONDITION('D')) is the main message, as in Regina.
	ReportOnly bool
}

// New returns an error with a formatted secondary message.
func New(code, sub int, format string, args ...any) *Error {
	return &Error{Code: code, Sub: sub, Detail: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string {
	s := fmt.Sprintf("Error %d: %s", e.Code, Text(e.Code))
	if e.Detail != "" {
		s += fmt.Sprintf(" (%d.%d: %s)", e.Code, e.Sub, e.Detail)
	}
	return s
}

// Text returns the main message of a standard REXX error number, as
// ERRORTEXT returns it, or "" for an unknown number.
func Text(code int) string {
	if code < 0 || code >= len(texts) {
		return ""
	}
	return texts[code]
}

var texts = [...]string{
	2:  "Failure during finalization",
	3:  "Failure during initialization",
	4:  "Program interrupted",
	5:  "System resources exhausted",
	6:  `Unmatched "/*" or quote`,
	7:  "WHEN or OTHERWISE expected",
	8:  "Unexpected THEN or ELSE",
	9:  "Unexpected WHEN or OTHERWISE",
	10: "Unexpected or unmatched END",
	11: "[Control stack full]",
	12: "[Clause > 1024 characters]",
	13: "Invalid character in program",
	14: "Incomplete DO/SELECT/IF",
	15: "Invalid hexadecimal or binary string",
	16: "Label not found",
	17: "Unexpected PROCEDURE",
	18: "THEN expected",
	19: "String or symbol expected",
	20: "Name expected",
	21: "Invalid data on end of clause",
	22: "Invalid character string",
	23: "Invalid data string",
	24: "Invalid TRACE request",
	25: "Invalid sub-keyword found",
	26: "Invalid whole number",
	27: "Invalid DO syntax",
	28: "Invalid LEAVE or ITERATE",
	29: "Environment name too long",
	30: "Name or string too long",
	31: `Name starts with number or "."`,
	32: "[Invalid use of stem]",
	33: "Invalid expression result",
	34: `Logical value not "0" or "1"`,
	35: "Invalid expression",
	36: `Unmatched "(" in expression`,
	37: `Unexpected "," or ")"`,
	38: "Invalid template or pattern",
	39: "[Evaluation stack overflow]",
	40: "Incorrect call to routine",
	41: "Bad arithmetic conversion",
	42: "Arithmetic overflow/underflow",
	43: "Routine not found",
	44: "Function did not return data",
	45: "No data specified on function RETURN",
	46: "Invalid variable reference",
	47: "Unexpected label",
	48: "Failure in system service",
	49: "Interpretation Error",
	50: "Unrecognized reserved symbol",
	51: "Invalid function name",
	52: `Result returned by "<name>" is longer than #Limit_String characters`,
	53: "Invalid option",
	54: "Invalid STEM value",
	60: "[Can't rewind transient file]",
	61: "[Improper seek operation on file]",
	64: "[Syntax error while parsing]",
	90: `[Non-ANSI feature used with "OPTIONS STRICT_ANSI"]`,
	93: "[Incorrect call to routine]",
	94: "[External queue interface error]",
	95: `[Restricted feature used in "safe" mode]`,
}
