package parser

import (
	"strings"
)

type parser struct {
	toks []Token
	i    int
	// lastLine is the number of the source's last line, where Regina
	// reports constructs left open at the end of the file.
	lastLine int
	// nest counts the expressions and blocks being parsed inside one
	// another, which maxNest bounds.
	nest int
	// all is set by AllErrors: errors go to errs and parsing goes on
	// at the next clause.
	all  bool
	errs ErrorList
}

// Mode selects optional parser behaviour, as go/parser.Mode does.
type Mode uint

const (
	// AllErrors reports every syntax error found rather than the first:
	// after an error the scanner goes on with the next character and the
	// parser with the next clause, and the error is an ErrorList.
	AllErrors Mode = 1 << iota
)

// maxNest bounds how deeply expressions, and blocks (DO, SELECT, IF),
// may nest: the parser and the interpreter recurse once per level on the
// Go stack, so a hostile program (say an INTERPRET of a million "(")
// must stop with an error rather than crash the process. Regina's parser
// gives up before 5,000 nested parentheses.
const maxNest = 1000

// enter counts one more level of nesting at t; leave when done.
func (p *parser) enter(t Token) error {
	p.nest++
	if p.nest > maxNest {
		return errAt(t.Pos, 11, 1, "Control stack full: more than %d nested expressions or blocks", maxNest)
	}
	return nil
}

func (p *parser) leave() { p.nest-- }

// Parse parses a whole REXX program. The file name is used in positions.
// The error, if any, is the first syntax error, an *Error with Regina's
// number and text.
func Parse(file, src string) (*Program, error) { return ParseMode(file, src, 0) }

// ParseMode is Parse with options. With AllErrors the error is an
// ErrorList of every error found, sorted by position, one a line; the
// error Parse reports is among them (and first unless the scanner found
// it after an earlier error of the parser's). The program is nil
// whenever there is an error.
func ParseMode(file, src string, mode Mode) (*Program, error) {
	s := newScanner(file, src)
	s.all = mode&AllErrors != 0
	if err := s.run(); err != nil && !s.all {
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	p := &parser{toks: s.toks, lastLine: len(lines), all: s.all, errs: s.errs}
	var body []Stmt
	for {
		list, err := p.stmts()
		if err != nil {
			return nil, err
		}
		body = append(body, list...)
		t := p.peek()
		if t.Kind == EOF {
			break
		}
		// A clause starting with END, WHEN, ... out of place.
		if !p.recover(p.unexpected(t), p.i) {
			return nil, p.unexpected(t)
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs.sortOneALine(p.errs[0])
	}
	return &Program{File: file, Lines: lines, Body: body}, nil
}

// recover, under AllErrors, records err and skips the rest of the clause
// that started at token start, so parsing goes on at the next; it reports
// whether it did (without AllErrors the caller returns err instead).
func (p *parser) recover(err error, start int) bool {
	if !p.all {
		return false
	}
	if e, ok := err.(*Error); ok {
		p.errs = append(p.errs, e)
	}
	if p.i > start && p.toks[p.i-1].Kind == EOC {
		return true // the failing clause's end is read already
	}
	if k := p.peek().Kind; p.i == start && k != EOC && k != EOF {
		p.next() // at least the token that failed
	}
	for k := p.peek().Kind; k != EOC && k != EOF; k = p.peek().Kind {
		p.next()
	}
	return true
}

func (p *parser) peek() Token { return p.toks[p.i] }

// peekAt looks k tokens ahead.
func (p *parser) peekAt(k int) Token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() Token {
	t := p.toks[p.i]
	if t.Kind != EOF {
		p.i++
	}
	return t
}

func (p *parser) atClauseEnd() bool {
	k := p.peek().Kind
	return k == EOC || k == EOF
}

// atKeyword reports whether the next token is one of the keywords.
func (p *parser) atKeyword(kw ...string) bool { return isStop(p.peek(), kw) }

func (p *parser) skipEOC() {
	for p.peek().Kind == EOC {
		p.next()
	}
}

// eofPos is where errors about constructs left open at the end are reported.
// pastEndPos is where Regina reports an IF cut short by the end of the
// source: the line after the last one.
func (p *parser) pastEndPos() Pos {
	pos := p.peek().Pos
	pos.Line = p.lastLine + 1
	return pos
}

func (p *parser) eofPos() Pos {
	pos := p.peek().Pos
	pos.Line = p.lastLine
	return pos
}

// clauseKeyword returns the upper-case keyword starting the clause, or ""
// when the clause is an assignment, a label or an expression.
func (p *parser) clauseKeyword() string {
	t := p.peek()
	if t.Kind != Symbol {
		return ""
	}
	n := p.peekAt(1)
	if n.is(Eq) || n.is(Colon) {
		return ""
	}
	return strings.ToUpper(t.Text)
}

// stmts parses clauses until the end of input or a clause starting with
// END, WHEN, OTHERWISE, ELSE or THEN, which the caller handles.
func (p *parser) stmts() ([]Stmt, error) {
	var list []Stmt
	for {
		p.skipEOC()
		if p.peek().Kind == EOF {
			return list, nil
		}
		switch p.clauseKeyword() {
		case "END", "WHEN", "OTHERWISE", "ELSE", "THEN":
			return list, nil
		}
		start := p.i
		s, err := p.stmt()
		if err != nil {
			if p.recover(err, start) {
				continue
			}
			return nil, err
		}
		list = append(list, s)
	}
}

// unexpected reports a clause that starts with a keyword out of place.
func (p *parser) unexpected(t Token) error {
	switch strings.ToUpper(t.Text) {
	case "END":
		return errAt(t.Pos, 10, 1, "END has no corresponding DO or SELECT")
	case "WHEN":
		return errAt(t.Pos, 9, 1, "WHEN has no corresponding SELECT")
	case "OTHERWISE":
		return errAt(t.Pos, 9, 2, "OTHERWISE has no corresponding SELECT")
	case "THEN":
		return errAt(t.Pos, 8, 1, "THEN has no corresponding IF or WHEN clause")
	case "ELSE":
		return errAt(t.Pos, 8, 2, "ELSE has no corresponding THEN clause")
	}
	return p.invalidExpr(t)
}

// stmt parses one instruction, with any blocks it owns.
func (p *parser) stmt() (Stmt, error) {
	t := p.peek()
	if err := p.enter(t); err != nil {
		return nil, err
	}
	defer p.leave()
	if t.Kind == Symbol && p.peekAt(1).is(Colon) {
		p.next()
		p.next()
		return &Label{At: At{t.Pos}, Name: strings.ToUpper(t.Text)}, nil
	}
	if t.Kind == String && p.peekAt(1).is(Colon) && !p.peekAt(1).Blank {
		p.next()
		p.next()
		return &Label{At: At{t.Pos}, Name: t.Text}, nil
	}
	if t.Kind == Symbol && p.peekAt(1).is(Eq) {
		return p.assignment()
	}
	kw := p.clauseKeyword()
	switch kw {
	case "IF":
		return p.ifStmt()
	case "DO":
		return p.doStmt()
	case "SELECT":
		return p.selectStmt()
	case "END", "WHEN", "OTHERWISE", "ELSE", "THEN":
		return nil, p.unexpected(t)
	}
	s, err := p.simple(kw)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.Kind != EOC && t.Kind != EOF {
		if t.is(RParen) || t.is(Comma) {
			return nil, p.unexpectedInExpr(t)
		}
		return nil, errAt(t.Pos, 21, 1, "The clause ended at an unexpected token; found \"%s\"", t.Text)
	}
	return s, nil
}

func (p *parser) assignment() (Stmt, error) {
	t := p.next()
	p.next() // =
	target, err := p.target(t)
	if err != nil {
		return nil, err
	}
	var x Expr
	if !p.atClauseEnd() {
		if x, err = p.expr(); err != nil {
			return nil, err
		}
	} else {
		x = &Literal{At: At{t.Pos}, Val: ""}
	}
	if n := p.peek(); n.Kind != EOC && n.Kind != EOF {
		return nil, p.unexpectedInExpr(n)
	}
	return &Assign{At: At{t.Pos}, Target: target, X: x}, nil
}

// unexpectedInExpr reports a token left over after an expression.
func (p *parser) unexpectedInExpr(t Token) error {
	if t.is(RParen) {
		return errAt(t.Pos, 37, 2, "Unmatched \")\" in expression")
	}
	if t.is(Comma) {
		return errAt(t.Pos, 37, 1, "Unexpected \",\"")
	}
	return p.invalidExpr(t)
}

// target checks that a token names a variable that can be assigned.
func (p *parser) target(t Token) (Expr, error) {
	if t.Kind != Symbol {
		return nil, errAt(t.Pos, 20, 1, "Name required; found \"%s\"", t.Text)
	}
	if isDigit(t.Text[0]) || t.Text[0] == '.' {
		return nil, errAt(t.Pos, 31, 2, "Variable symbol must not start with a number; found \"%s\"", t.Text)
	}
	return symbolExpr(t), nil
}

func (p *parser) ifStmt() (Stmt, error) {
	t := p.next()
	cond, err := p.expr("THEN")
	if err != nil {
		return nil, err
	}
	then, err := p.thenClause(t, "IF")
	if err != nil {
		return nil, err
	}
	s := &If{At: At{t.Pos}, Cond: cond, Then: then}
	save := p.i
	p.skipEOC()
	if p.atKeyword("ELSE") {
		e := p.next()
		p.skipEOC()
		if p.peek().Kind == EOF {
			return nil, errAt(p.pastEndPos(), 14, 4, "ELSE requires a following instruction")
		}
		if s.Else, err = p.branch(e); err != nil {
			return nil, err
		}
	} else {
		p.i = save
	}
	return s, nil
}

// thenClause expects THEN (possibly on the next line) and the instruction
// after it.
func (p *parser) thenClause(start Token, owner string) (Stmt, error) {
	p.skipEOC()
	t := p.peek()
	if !p.atKeyword("THEN") {
		found := t.Text
		if t.Kind == EOC || t.Kind == EOF {
			found = ""
		}
		if t.Kind == EOF {
			t.Pos = p.pastEndPos()
		}
		if owner == "WHEN" {
			return nil, errAt(t.Pos, 18, 2, "WHEN keyword on line %d requires matching THEN clause; found \"%s\"", start.Pos.Line, found)
		}
		return nil, errAt(t.Pos, 18, 1, "IF keyword on line %d requires matching THEN clause; found \"%s\"", start.Pos.Line, found)
	}
	p.next()
	p.skipEOC()
	if p.peek().Kind == EOF {
		return nil, errAt(p.pastEndPos(), 14, 3, "THEN requires a following instruction")
	}
	return p.branch(t)
}

// branch parses the single instruction after THEN, ELSE or OTHERWISE-less
// contexts; labels and stray keywords are not allowed there.
func (p *parser) branch(after Token) (Stmt, error) {
	switch p.clauseKeyword() {
	case "END", "WHEN", "OTHERWISE", "ELSE", "THEN":
		return nil, p.unexpected(p.peek())
	}
	if p.peek().Kind == Symbol && p.peekAt(1).is(Colon) {
		return nil, errAt(p.peek().Pos, 47, 1, "Label \"%s\" is not allowed after %s", strings.ToUpper(p.peek().Text), strings.ToUpper(after.Text))
	}
	return p.stmt()
}

func (p *parser) doStmt() (Stmt, error) {
	start := p.i
	t := p.next()
	d := &Do{At: At{t.Pos}}
	var err error
	if !p.atClauseEnd() {
		if d.Ctrl, err = p.doCtrl(); err != nil && !p.recover(err, start) {
			return nil, err
		}
	}
	if n := p.peek(); err == nil && n.Kind != EOC && n.Kind != EOF {
		// Under AllErrors the block is still read, to find its END.
		if err := errAt(n.Pos, 27, 1, "Invalid DO syntax; found \"%s\"", n.Text); !p.recover(err, start) {
			return nil, err
		}
	}
	body, err := p.stmts()
	if err != nil {
		return nil, err
	}
	d.Body = body
	endAt := p.i
	end, err := p.end(t, "DO")
	if err != nil {
		return nil, err
	}
	d.EndPos = end.Pos
	// END name must match the loop's control variable.
	if name := p.endName(); name != "" {
		if d.Ctrl == nil || d.Ctrl.VarName != name {
			err := errAt(end.Pos, 10, 3, "END corresponding to DO on line %d must not have a symbol following it; found \"%s\"", t.Pos.Line, name)
			if !p.recover(err, endAt) {
				return nil, err
			}
		}
	}
	return d, p.clauseEnd("END")
}

// end expects the END that closes a DO or SELECT started by t.
func (p *parser) end(t Token, what string) (Token, error) {
	if p.peek().Kind == EOF {
		return Token{}, errAt(p.eofPos(), 14, map[string]int{"DO": 1, "SELECT": 2}[what], "%s instruction requires a matching END", what)
	}
	e := p.next()
	if !strings.EqualFold(e.Text, "END") {
		return Token{}, p.unexpected(e)
	}
	return e, nil
}

// endName consumes the optional symbol after END.
func (p *parser) endName() string {
	if t := p.peek(); t.Kind == Symbol {
		p.next()
		return strings.ToUpper(t.Text)
	}
	return ""
}

func (p *parser) clauseEnd(kw string) error {
	if t := p.peek(); t.Kind != EOC && t.Kind != EOF {
		return errAt(t.Pos, 21, 1, "The clause ended at an unexpected token; found \"%s\"", t.Text)
	}
	return nil
}

var doKeywords = []string{"TO", "BY", "FOR", "WHILE", "UNTIL"}

func (p *parser) doCtrl() (*DoCtrl, error) {
	c := &DoCtrl{}
	var err error
	t := p.peek()
	switch {
	case t.Kind == Symbol && p.peekAt(1).is(Eq):
		p.next()
		p.next()
		if c.Var, err = p.target(t); err != nil {
			return nil, err
		}
		c.VarName = strings.ToUpper(t.Text)
		if c.Init, err = p.expr(doKeywords...); err != nil {
			return nil, err
		}
		for p.atKeyword("TO", "BY", "FOR") {
			k := p.next()
			kw := strings.ToUpper(k.Text)
			if strings.Contains(c.Order, kw[:1]) {
				return nil, badDoKeyword(k)
			}
			c.Order += kw[:1]
			x, err := p.expr(doKeywords...)
			if err != nil {
				return nil, err
			}
			switch kw {
			case "TO":
				c.To = x
			case "BY":
				c.By = x
			case "FOR":
				c.For = x
			}
		}
	case p.atKeyword("FOREVER") && (p.peekAt(1).Kind == EOC || p.peekAt(1).Kind == EOF || isStop(p.peekAt(1), []string{"WHILE", "UNTIL"})):
		p.next()
		c.Forever = true
	case p.atKeyword("FOREVER") && (p.peekAt(1).Kind == Symbol || p.peekAt(1).Kind == String):
		n := p.peekAt(1)
		return nil, errAt(n.Pos, 25, 16, "FOREVER must be followed by one of the keywords WHILE UNTIL; found \"%s\"", n.Text)
	case p.atKeyword("WHILE", "UNTIL"):
	default:
		if c.Count, err = p.expr(doKeywords...); err != nil {
			return nil, err
		}
		c.HasCount = true
		if p.atKeyword("TO", "BY", "FOR") {
			return nil, badDoKeyword(p.peek())
		}
	}
	switch {
	case p.atKeyword("WHILE"):
		p.next()
		c.While, err = p.expr("UNTIL")
	case p.atKeyword("UNTIL"):
		p.next()
		c.Until, err = p.expr("WHILE")
	}
	if err == nil && p.atKeyword("WHILE", "UNTIL") {
		return nil, badDoKeyword(p.peek())
	}
	return c, err
}

// badDoKeyword is error 27.1 for a DO keyword used twice or out of place.
func badDoKeyword(k Token) error {
	return errAt(k.Pos, 27, 1, "Invalid use of keyword \"%s\" in DO clause", strings.ToUpper(k.Text))
}

func (p *parser) selectStmt() (Stmt, error) {
	t := p.next()
	if err := p.clauseEnd("SELECT"); err != nil {
		return nil, err
	}
	s := &Select{At: At{t.Pos}}
	for {
		p.skipEOC()
		if p.peek().Kind == EOF {
			return nil, errAt(p.eofPos(), 14, 2, "SELECT instruction requires a matching END")
		}
		switch p.clauseKeyword() {
		case "WHEN":
			start := p.i
			w := p.next()
			cond, err := p.expr("THEN")
			if err != nil {
				if p.recover(err, start) {
					// The rest of the SELECT is still read; the WHEN
					// counts, so its END is no error of its own.
					s.Whens = append(s.Whens, When{At: At{w.Pos}})
					continue
				}
				return nil, err
			}
			then, err := p.thenClause(w, "WHEN")
			if err != nil {
				if p.recover(err, start) {
					s.Whens = append(s.Whens, When{At: At{w.Pos}})
					continue
				}
				return nil, err
			}
			s.Whens = append(s.Whens, When{At: At{w.Pos}, Cond: cond, Then: then})
			continue
		case "OTHERWISE":
			if len(s.Whens) == 0 {
				return nil, errAt(p.peek().Pos, 7, 1, "SELECT on line %d requires WHEN; found \"%s\"", t.Pos.Line, p.peek().Text)
			}
			s.OtherPos = p.next().Pos
			body, err := p.stmts()
			if err != nil {
				return nil, err
			}
			s.Otherwise, s.HasOther = body, true
			if p.clauseKeyword() != "END" && p.peek().Kind != EOF {
				return nil, p.unexpected(p.peek())
			}
			fallthrough
		case "END":
			if len(s.Whens) == 0 {
				return nil, errAt(p.peek().Pos, 7, 1, "SELECT on line %d requires WHEN; found \"%s\"", t.Pos.Line, p.peek().Text)
			}
			e, err := p.end(t, "SELECT")
			if err != nil {
				return nil, err
			}
			s.EndPos = e.Pos
			if name := p.endName(); name != "" {
				return nil, errAt(e.Pos, 10, 4, "END corresponding to SELECT on line %d must not have a symbol following it because it has no LOOP over it; found \"%s\"", t.Pos.Line, name)
			}
			return s, p.clauseEnd("END")
		default:
			n := p.peek()
			err := errAt(n.Pos, 7, 2, "SELECT on line %d requires WHEN, OTHERWISE, or END; found \"%s\"", t.Pos.Line, n.Text)
			if len(s.Whens) == 0 {
				err = errAt(n.Pos, 7, 1, "SELECT on line %d requires WHEN; found \"%s\"", t.Pos.Line, n.Text)
			}
			if p.recover(err, p.i) {
				continue // the clause is skipped; the SELECT goes on
			}
			return nil, err
		}
	}
}
