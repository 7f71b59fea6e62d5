package parser

import (
	"strings"
)

// scanner turns source text into tokens. It handles what REXX treats as
// lexical: nested comments, strings with doubled quotes, hex and binary
// strings, the continuation comma, and clause ends.
//
// By default it stops at the first error. With all set it records each
// error in errs and goes on (an unclosed string still becomes a String
// token, an invalid character is skipped, a bad hex string keeps its
// text), so the parser can report every error of a file.
type scanner struct {
	src  string
	file string
	off  int
	line int
	col  int // byte column, 1-based
	toks []Token
	all  bool
	errs ErrorList
	end  Partial // where the source ends: in a comment, a string or neither
}

// Scan splits src into tokens, ending with EOF.
func Scan(file, src string) ([]Token, error) {
	s := newScanner(file, src)
	if err := s.run(); err != nil {
		return nil, err
	}
	return s.toks, nil
}

func newScanner(file, src string) *scanner {
	s := &scanner{src: src, file: file, line: 1, col: 1}
	if strings.HasPrefix(src, "#!") {
		// A #! line is for the kernel, not for REXX; keep its newline so
		// line numbers stay true.
		i := strings.IndexByte(src, '\n')
		if i < 0 {
			i = len(src)
		}
		s.advance(i)
	}
	return s
}

// Partial says where text typed so far ends, as ScanPartial sees it.
type Partial int

const (
	Complete  Partial = iota // between tokens, or after a finished one
	InComment                // inside a comment not yet closed
	InString                 // inside a string not yet closed on its line
)

// ScanPartial scans text still being typed (the REPL's current entry)
// and never fails: the errors the parser would report are left to it. It
// returns the tokens without the final clause end and EOF, keeping a
// last comma that a line end has not yet made a continuation, and where
// the text ends: inside a comment or an unclosed string the last token
// stops at the end of src.
func ScanPartial(src string) ([]Token, Partial) {
	s := newScanner("", src)
	s.all = true
	s.scan()
	return s.toks, s.end
}

func (s *scanner) pos() Pos {
	return Pos{Filename: s.file, Offset: s.off, Line: s.line, Column: s.col}
}

// advance moves n bytes forward, counting lines.
func (s *scanner) advance(n int) {
	for i := 0; i < n; i++ {
		if s.src[s.off] == '\n' {
			s.line++
			s.col = 1
		} else {
			s.col++
		}
		s.off++
	}
}

func (s *scanner) peek(k int) byte {
	if s.off+k < len(s.src) {
		return s.src[s.off+k]
	}
	return 0
}

func (s *scanner) emit(t Token) { s.toks = append(s.toks, t) }

// lastIs reports whether the last token emitted is the operator op.
func (s *scanner) lastIs(op Operator) bool {
	return len(s.toks) > 0 && s.toks[len(s.toks)-1].is(op)
}

// endClause ends a clause; text is what ended it (";" or the line end,
// which error messages show as Regina does).
func (s *scanner) endClause(p Pos, text string) {
	if n := len(s.toks); n > 0 && s.toks[n-1].Kind == EOC {
		return // null clauses carry no meaning; keep one
	}
	s.emit(Token{Kind: EOC, Text: text, Pos: p})
}

// run scans the whole source, ending with a clause end and EOF. It
// returns the first error (all of them in errs when s.all is set).
func (s *scanner) run() error {
	s.scan()
	if s.lastIs(Comma) {
		s.toks = s.toks[:len(s.toks)-1]
	}
	s.endClause(s.pos(), "\n")
	s.emit(Token{Kind: EOF, Pos: s.pos()})
	if len(s.errs) > 0 {
		return s.errs[0]
	}
	return nil
}

// fail records an error; it reports whether scanning goes on.
func (s *scanner) fail(err *Error) bool {
	s.errs = append(s.errs, err)
	return s.all
}

// scan reads tokens up to the end of the source or the first error that
// stops it.
func (s *scanner) scan() {
	blank := false
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			s.advance(1)
			blank = true
		case c == '/' && s.peek(1) == '*':
			// A comment is not a blank: 'a'/**/'b' abuts ("ab") and
			// f/**/(x) is a call, as in Regina.
			if err := s.comment(); err != nil && !s.fail(err) {
				return
			}
		case c == '-' && s.peek(1) == '-':
			// A line comment, as Regina (and ooRexx) read "--": the rest
			// of the line is skipped; its line end still ends the clause.
			for s.off < len(s.src) && s.src[s.off] != '\n' {
				s.advance(1)
			}
			blank = true
		case c == '\n':
			if s.lastIs(Comma) {
				// Continuation: the comma and the line end become one blank.
				s.toks = s.toks[:len(s.toks)-1]
				s.advance(1)
				blank = true
				continue
			}
			s.endClause(s.pos(), "\n")
			s.advance(1)
			blank = false
		case c == ';':
			s.endClause(s.pos(), ";")
			s.advance(1)
			blank = false
		case c == '\'' || c == '"':
			if err := s.str(blank); err != nil && !s.fail(err) {
				return
			}
			blank = false
		case isSymbolChar(c):
			s.symbol(blank)
			blank = false
		default:
			if err := s.op(blank); err != nil && !s.fail(err) {
				return
			}
			blank = false
		}
	}
}

func (s *scanner) comment() *Error {
	start := s.pos()
	depth := 0
	for s.off < len(s.src) {
		if s.src[s.off] == '/' && s.peek(1) == '*' {
			depth++
			s.advance(2)
			continue
		}
		if s.src[s.off] == '*' && s.peek(1) == '/' {
			depth--
			s.advance(2)
			if depth == 0 {
				return nil
			}
			continue
		}
		s.advance(1)
	}
	s.end = InComment
	// Regina reports the line where the unclosed comment starts.
	return errAt(start, 6, 1, `Unmatched comment delimiter ("/*")`)
}

// isSymbolChar reports whether c may appear in a REXX symbol.
func isSymbolChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '!' || c == '?' || c == '_' || c == '@' || c == '#' || c == '$'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (s *scanner) symbol(blank bool) {
	p := s.pos()
	i := s.off
	for i < len(s.src) && isSymbolChar(s.src[i]) {
		i++
	}
	// A constant symbol like 1E+3 continues over the exponent's sign.
	if i+1 < len(s.src) && (s.src[i] == '+' || s.src[i] == '-') && isDigit(s.src[i+1]) && isExponentStem(s.src[s.off:i]) {
		i++
		for i < len(s.src) && isSymbolChar(s.src[i]) {
			i++
		}
	}
	text := s.src[s.off:i]
	s.advance(i - s.off)
	s.emit(Token{Kind: Symbol, Text: text, Pos: p, Blank: blank})
}

// isExponentStem reports whether t is digits, optionally with one '.', then
// E: the part of a number before an exponent's sign.
func isExponentStem(t string) bool {
	if len(t) < 2 || (t[len(t)-1] != 'e' && t[len(t)-1] != 'E') {
		return false
	}
	digits, dots := 0, 0
	for i := 0; i < len(t)-1; i++ {
		switch {
		case isDigit(t[i]):
			digits++
		case t[i] == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

func (s *scanner) str(blank bool) *Error {
	p := s.pos()
	q := s.src[s.off]
	var b strings.Builder
	i := s.off + 1
	for {
		if i >= len(s.src) || s.src[i] == '\n' {
			s.advance(i - s.off)
			if i >= len(s.src) {
				s.end = InString
			}
			// The string so far stays a token, for a scan that goes on.
			s.emit(Token{Kind: String, Text: b.String(), Pos: p, Blank: blank})
			if q == '\'' {
				return errAt(p, 6, 2, "Unmatched single quote (')")
			}
			return errAt(p, 6, 3, `Unmatched double quote (")`)
		}
		if s.src[i] == q {
			if i+1 < len(s.src) && s.src[i+1] == q {
				b.WriteByte(q)
				i += 2
				continue
			}
			i++
			break
		}
		b.WriteByte(s.src[i])
		i++
	}
	val := b.String()
	// A string followed by X or B that is not the start of a longer symbol
	// is a hexadecimal or binary string.
	if i < len(s.src) && (i+1 >= len(s.src) || !isSymbolChar(s.src[i+1])) {
		switch s.src[i] {
		case 'x', 'X', 'b', 'B':
			decode := decodeHex
			if s.src[i] == 'b' || s.src[i] == 'B' {
				decode = decodeBinary
			}
			v, err := decode(val)
			s.advance(i + 1 - s.off)
			if err != nil {
				// The undecoded text stays a token, for a scan that goes on.
				s.emit(Token{Kind: String, Text: val, Pos: p, Blank: blank})
				return errAt(p, 15, err.sub, "%s", err.msg)
			}
			s.emit(Token{Kind: String, Text: v, Pos: p, Blank: blank})
			return nil
		}
	}
	s.advance(i - s.off)
	s.emit(Token{Kind: String, Text: val, Pos: p, Blank: blank})
	return nil
}

func (s *scanner) op(blank bool) *Error {
	p := s.pos()
	rest := s.src[s.off:]
	for _, o := range scanOps {
		if strings.HasPrefix(rest, o.text) {
			s.advance(len(o.text))
			s.emit(Token{Kind: Op, Text: o.op.String(), Op: o.op, Pos: p, Blank: blank})
			return nil
		}
	}
	// Regina's text: the byte in lower-case hex, without leading zero.
	s.advance(1)
	return errAt(p, 13, 1, "Invalid character in program \"('%x'X)\"", rest[0])
}

type hexError struct {
	sub int
	msg string
}

// decodeHex converts the inside of a hex string. Blanks may separate
// groups of digits, but not at the start or end.
func decodeHex(s string) (string, *hexError) {
	digits, err := packedDigits(s, "0123456789abcdefABCDEF", "hexadecimal", "0-9, a-f, A-F")
	if err != nil {
		return "", err
	}
	if len(digits)%2 == 1 {
		digits = "0" + digits
	}
	out := make([]byte, len(digits)/2)
	for i := range out {
		out[i] = hexVal(digits[2*i])<<4 | hexVal(digits[2*i+1])
	}
	return string(out), nil
}

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// decodeBinary converts the inside of a binary string.
func decodeBinary(s string) (string, *hexError) {
	digits, err := packedDigits(s, "01", "binary", "0, 1")
	if err != nil {
		return "", err
	}
	if pad := len(digits) % 8; pad != 0 {
		digits = strings.Repeat("0", 8-pad) + digits
	}
	out := make([]byte, len(digits)/8)
	for i := range out {
		var v byte
		for _, c := range digits[8*i : 8*i+8] {
			v = v<<1 | byte(c-'0')
		}
		out[i] = v
	}
	return string(out), nil
}

// packedDigits strips the blanks from a hex or binary string, checking
// that they stand only between groups and that every other character is a
// digit of the base.
func packedDigits(s, valid, kind, list string) (string, *hexError) {
	if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.HasPrefix(s, "\t") || strings.HasSuffix(s, "\t") {
		return "", &hexError{1, "Invalid location of blank in position " + itoa(blankPos(s)) + " in " + kind + " string"}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' {
			continue
		}
		if !strings.ContainsRune(valid, rune(c)) {
			sub := 3
			if kind == "binary" {
				sub = 4
			}
			return "", &hexError{sub, "Only " + list + ", and blank are valid in a " + kind + " string; found \"" + string(c) + "\""}
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}

func blankPos(s string) int {
	if s[0] == ' ' || s[0] == '\t' {
		return 1
	}
	return len(s)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}
