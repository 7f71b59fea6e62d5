package parser

import (
	"fmt"
	"strconv"
)

// Pos is a position in the source, as go/token.Position is in Go's: the
// parser's own type, so the public API names no third-party package.
type Pos struct {
	Filename string // as given to Parse; may be empty
	Offset   int    // byte offset, from 0
	Line     int    // from 1
	Column   int    // byte column, from 1
}

// IsValid reports whether p is a real position (line numbers start at 1).
func (p Pos) IsValid() bool { return p.Line > 0 }

// String returns "file:line:column", "line:column" without a file name,
// or "-" for an invalid position, as go/token does.
func (p Pos) String() string {
	if !p.IsValid() {
		if p.Filename != "" {
			return p.Filename
		}
		return "-"
	}
	s := strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
	if p.Filename != "" {
		s = p.Filename + ":" + s
	}
	return s
}

// Kind classifies a token.
type Kind int

const (
	EOF    Kind = iota
	EOC         // end of clause: a newline or ';'
	Symbol      // a symbol: variable name, keyword or constant symbol
	String      // a literal string; Text holds its value (hex and binary decoded)
	Op          // an operator or one of ( ) , : ;
)

func (k Kind) String() string {
	switch k {
	case EOF:
		return "end of file"
	case EOC:
		return "end of clause"
	case Symbol:
		return "symbol"
	case String:
		return "string"
	}
	return "operator"
}

// Token is one lexical unit of a clause.
type Token struct {
	Kind  Kind
	Text  string   // symbol as written, string value, or operator text ("¬" read as "\")
	Op    Operator // for an Op token: which operator
	Pos   Pos
	Blank bool // whitespace (not a comment) or a continuation separated it from the previous token
}

func (t Token) String() string {
	switch t.Kind {
	case EOF, EOC:
		return t.Kind.String()
	}
	return fmt.Sprintf("%q", t.Text)
}

// is reports whether t is the operator op.
func (t Token) is(op Operator) bool { return t.Kind == Op && t.Op == op }

// Keywords lists the instruction keywords and sub-keywords of the
// language rexxlxd reads (for REPL completion and help).
var Keywords = []string{
	"ADDRESS", "ARG", "BY", "CALL", "DIGITS", "DO", "DROP", "ELSE", "END", "ENGINEERING", "EXIT", "EXPOSE",
	"FOR", "FOREVER", "FORM", "FUZZ", "IF", "INTERPRET", "ITERATE", "LEAVE", "LET", "LINEIN", "LOWER", "NAME",
	"NOP", "NUMERIC", "OFF", "ON", "OPTIONS", "OTHERWISE", "PARSE", "PROCEDURE", "PULL", "PUSH", "QUEUE",
	"REQUIRE", "RETURN", "SAY", "SCIENTIFIC", "SELECT", "SIGNAL", "SOURCE", "THEN", "TO", "TRACE", "UNTIL",
	"UPPER", "VALUE", "VAR", "VERSION", "WHEN", "WHILE", "WITH",
}
