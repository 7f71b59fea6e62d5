package parser

import "strings"

// expr parses an expression. It stops before the end of the clause, a ')'
// or ',' it does not own, or a symbol in stop (the keywords that end the
// expression in this clause, such as THEN or TO).
func (p *parser) expr(stop ...string) (Expr, error) {
	return p.binary(precOr, stop)
}

// optExpr parses an expression if the clause has more tokens.
func (p *parser) optExpr(stop ...string) (Expr, error) {
	if p.atClauseEnd() || p.atKeyword(stop...) {
		return nil, nil
	}
	return p.expr(stop...)
}

func (p *parser) binary(min int, stop []string) (Expr, error) {
	x, err := p.unary(stop)
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		op := p.infix(t, stop)
		prec := op.Precedence()
		if op == NoOp || prec < min {
			return x, nil
		}
		if op != Blank && op != Abut {
			p.next() // an explicit operator; concatenation has no token
		}
		y, err := p.binary(prec+1, stop)
		if err != nil {
			return nil, err
		}
		x = &Binary{At: At{t.Pos}, Op: op, X: x, Y: y}
	}
}

// infix says which binary operator t stands for after a term: an explicit
// operator, or concatenation by Blank or Abut when t starts another term;
// NoOp when t ends the expression.
func (p *parser) infix(t Token, stop []string) Operator {
	switch t.Kind {
	case Op:
		if t.Op.Precedence() > LowestPrec {
			return t.Op
		}
		if t.Op == LParen {
			return concatOp(t)
		}
		if t.Op == Not && t.Blank {
			// "\" is no infix operator, so after a blank it starts the
			// next term: say \0 \1 is "1 0", as in Regina. Abutted
			// ("1\0") it stays an error, as Regina has it.
			return Blank
		}
	case String:
		return concatOp(t)
	case Symbol:
		if isStop(t, stop) {
			return NoOp
		}
		return concatOp(t)
	}
	return NoOp
}

func concatOp(t Token) Operator {
	if t.Blank {
		return Blank
	}
	return Abut
}

func isStop(t Token, stop []string) bool {
	if t.Kind != Symbol {
		return false
	}
	for _, s := range stop {
		if strings.EqualFold(t.Text, s) {
			return true
		}
	}
	return false
}

func (p *parser) unary(stop []string) (Expr, error) {
	t := p.peek()
	if err := p.enter(t); err != nil {
		return nil, err
	}
	defer p.leave()
	if t.is(Not) || t.is(Sub) || t.is(Add) {
		p.next()
		x, err := p.unary(stop)
		if err != nil {
			return nil, err
		}
		return &Unary{At: At{t.Pos}, Op: t.Op, X: x}, nil
	}
	return p.term()
}

func (p *parser) term() (Expr, error) {
	t := p.next()
	switch t.Kind {
	case String:
		if p.callFollows() {
			return p.call(t, t.Text, true)
		}
		return &Literal{At: At{t.Pos}, Val: t.Text}, nil
	case Symbol:
		if p.callFollows() {
			return p.call(t, strings.ToUpper(t.Text), false)
		}
		return symbolExpr(t), nil
	case Op:
		if t.Op == LParen {
			x, err := p.expr()
			if err != nil {
				return nil, err
			}
			if c := p.next(); !c.is(RParen) {
				if c.is(Comma) {
					return nil, errAt(c.Pos, 37, 1, "Unexpected \",\"")
				}
				return nil, errAt(t.Pos, 36, 0, "")
			}
			return x, nil
		}
		if t.Op == RParen {
			return nil, errAt(t.Pos, 37, 2, "Unmatched \")\" in expression")
		}
	}
	return nil, p.invalidExpr(t)
}

func (p *parser) invalidExpr(t Token) error {
	if t.Kind == EOC || t.Kind == EOF {
		return errAt(t.Pos, 35, 1, "Invalid expression detected at \"%s\"", "")
	}
	return errAt(t.Pos, 35, 1, "Invalid expression detected at \"%s\"", t.Text)
}

// callFollows reports whether a '(' abuts the token just read.
func (p *parser) callFollows() bool {
	n := p.peek()
	return n.is(LParen) && !n.Blank
}

// call parses the argument list of name(...); the '(' is next.
func (p *parser) call(t Token, name string, quoted bool) (Expr, error) {
	p.next() // (
	args, err := p.args(")")
	if err != nil {
		return nil, err
	}
	if c := p.next(); !c.is(RParen) {
		return nil, errAt(t.Pos, 36, 0, "")
	}
	return &Call{At: At{t.Pos}, Name: name, Quoted: quoted, Args: args}, nil
}

// args parses comma-separated, possibly omitted (nil), expressions up to
// the closing token: ")" in a function call, the clause end in CALL.
func (p *parser) args(close string) ([]Expr, error) {
	if p.atArgsEnd(close) {
		return nil, nil
	}
	var args []Expr
	for {
		var x Expr
		if !p.peek().is(Comma) && !p.atArgsEnd(close) {
			var err error
			if x, err = p.expr(); err != nil {
				return nil, err
			}
		}
		args = append(args, x)
		if !p.peek().is(Comma) {
			return args, nil
		}
		p.next()
	}
}

func (p *parser) atArgsEnd(close string) bool {
	t := p.peek()
	return t.Kind == EOC || t.Kind == EOF || (close == ")" && t.is(RParen))
}

// symbolExpr classifies a symbol token: constant, simple, stem or compound.
func symbolExpr(t Token) Expr {
	up := strings.ToUpper(t.Text)
	if isDigit(up[0]) || up[0] == '.' {
		return &Literal{At: At{t.Pos}, Val: up}
	}
	dot := strings.IndexByte(up, '.')
	if dot < 0 || dot == len(up)-1 {
		return &Var{At: At{t.Pos}, Name: up}
	}
	c := &Compound{At: At{t.Pos}, Stem: up[:dot+1]}
	for _, part := range strings.Split(up[dot+1:], ".") {
		if part == "" || isDigit(part[0]) {
			c.Tail = append(c.Tail, TailPart{Const: part})
		} else {
			c.Tail = append(c.Tail, TailPart{Var: part})
		}
	}
	return c
}
