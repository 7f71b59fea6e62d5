package parser

import "strings"

// simple parses an instruction that owns no block, or a command.
func (p *parser) simple(kw string) (Stmt, error) {
	t := p.peek()
	at := At{t.Pos}
	if kw != "" {
		if f, ok := simpleParsers[kw]; ok {
			p.next()
			return f(p, at)
		}
	}
	x, err := p.expr()
	if err != nil {
		return nil, err
	}
	if n := p.peek(); n.Kind != EOC && n.Kind != EOF {
		return nil, p.unexpectedInExpr(n)
	}
	return &Command{At: at, X: x}, nil
}

// simpleParsers parse the rest of a clause after its keyword.
var simpleParsers map[string]func(*parser, At) (Stmt, error)

func init() {
	simpleParsers = map[string]func(*parser, At) (Stmt, error){
		"SAY": func(p *parser, at At) (Stmt, error) {
			x, err := p.optExpr()
			return &Say{At: at, X: x}, err
		},
		"NOP":       func(p *parser, at At) (Stmt, error) { return &Nop{At: at}, nil },
		"EXIT":      func(p *parser, at At) (Stmt, error) { x, err := p.optExpr(); return &Exit{At: at, X: x}, err },
		"RETURN":    func(p *parser, at At) (Stmt, error) { x, err := p.optExpr(); return &Return{At: at, X: x}, err },
		"INTERPRET": func(p *parser, at At) (Stmt, error) { x, err := p.expr(); return &Interpret{At: at, X: x}, err },
		"PUSH": func(p *parser, at At) (Stmt, error) {
			x, err := p.optExpr()
			return &Queue{At: at, Lifo: true, X: x}, err
		},
		"QUEUE":   func(p *parser, at At) (Stmt, error) { x, err := p.optExpr(); return &Queue{At: at, X: x}, err },
		"OPTIONS": func(p *parser, at At) (Stmt, error) { x, err := p.optExpr(); return &Options{At: at, X: x}, err },
		"REQUIRE": func(p *parser, at At) (Stmt, error) { x, err := p.expr(); return &Require{At: at, X: x}, err },
		"LET":     (*parser).let,
		"LEAVE": func(p *parser, at At) (Stmt, error) {
			name, err := p.loopName()
			return &Leave{At: at, Name: name}, err
		},
		"ITERATE": func(p *parser, at At) (Stmt, error) {
			name, err := p.loopName()
			return &Iterate{At: at, Name: name}, err
		},
		"ARG": func(p *parser, at At) (Stmt, error) {
			tl, err := p.templates()
			return &ParseInstr{At: at, Upper: true, Source: "ARG", Templates: tl}, err
		},
		"PULL": func(p *parser, at At) (Stmt, error) {
			tl, err := p.templates()
			return &ParseInstr{At: at, Upper: true, Source: "PULL", Templates: tl}, err
		},
		"PARSE":  (*parser).parseInstr,
		"CALL":   (*parser).callStmt,
		"SIGNAL": (*parser).signalStmt,
		"DROP":   (*parser).dropStmt,
		"UPPER": func(p *parser, at At) (Stmt, error) {
			names, err := p.names()
			return &Upper{At: at, Names: names}, err
		},
		"PROCEDURE": (*parser).procedure,
		"NUMERIC":   (*parser).numeric,
		"ADDRESS":   (*parser).address,
		"TRACE":     (*parser).trace,
	}
}

func (p *parser) let(at At) (Stmt, error) {
	t := p.next()
	if !p.peek().is(Eq) {
		return nil, errAt(p.peek().Pos, 35, 1, "Invalid expression detected at \"%s\"", p.peek().Text)
	}
	p.next()
	target, err := p.target(t)
	if err != nil {
		return nil, err
	}
	x, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &Assign{At: at, Target: target, X: x, Let: true}, nil
}

func (p *parser) parseInstr(at At) (Stmt, error) {
	s := &ParseInstr{At: at}
	for {
		switch {
		case p.atKeyword("UPPER"):
			s.Upper = true
		case p.atKeyword("LOWER"):
			s.Lower = true
		case p.atKeyword("CASELESS"):
			s.Caseless = true
		default:
			goto source
		}
		p.next()
	}
source:
	t := p.next()
	src := strings.ToUpper(t.Text)
	if t.Kind != Symbol {
		src = ""
	}
	switch src {
	case "ARG", "PULL", "SOURCE", "VERSION", "LINEIN", "EXTERNAL":
	case "VAR":
		v := p.next()
		target, err := p.target(v)
		if err != nil {
			return nil, err
		}
		s.Var = target
	case "VALUE":
		if p.atClauseEnd() {
			return nil, errAt(p.peek().Pos, 38, 3, "PARSE VALUE instruction requires WITH keyword")
		}
		if !p.atKeyword("WITH") {
			x, err := p.expr("WITH")
			if err != nil {
				return nil, err
			}
			s.X = x
		}
		if !p.atKeyword("WITH") {
			return nil, errAt(p.peek().Pos, 38, 3, "PARSE VALUE instruction requires WITH keyword")
		}
		p.next()
	default:
		return nil, errAt(t.Pos, 25, 12, "PARSE must be followed by one of the keywords ARG CASELESS EXTERNAL LINEIN LOWER PULL SOURCE UPPER VAR VALUE VERSION; found \"%s\"", t.Text)
	}
	s.Source = src
	tl, err := p.templates()
	s.Templates = tl
	return s, err
}

// templates parses a comma-separated list of parsing templates.
func (p *parser) templates() ([]Template, error) {
	var list []Template
	for {
		tpl, err := p.template()
		if err != nil {
			return nil, err
		}
		list = append(list, tpl)
		if !p.peek().is(Comma) {
			return list, nil
		}
		p.next()
	}
}

func (p *parser) template() (Template, error) {
	var tpl Template
	for !p.atClauseEnd() && !p.peek().is(Comma) {
		t := p.next()
		item := TemplateItem{At: At{t.Pos}}
		switch {
		case t.Kind == String:
			item.Kind, item.Lit = ItemLiteral, t.Text
		case t.Kind == Symbol && t.Text == ".":
			item.Kind = ItemTarget
		case t.Kind == Symbol && (isDigit(t.Text[0]) || t.Text[0] == '.'):
			// A number that is not whole is error 26.4 when the template
			// runs, as in Regina.
			item.Kind, item.Lit = ItemAbsolute, t.Text
		case t.Kind == Symbol && p.peek().is(LParen) && !p.peek().Blank:
			// "name(" would be a function call: not a template item.
			return nil, errAt(t.Pos, 38, 1, "Invalid parsing template detected at \"%s\"", t.Text)
		case t.Kind == Symbol:
			target, err := p.target(t)
			if err != nil {
				return nil, err
			}
			item.Kind, item.Target = ItemTarget, target
		case t.is(LParen):
			v, err := p.patternVar(t)
			if err != nil {
				return nil, err
			}
			item.Kind, item.Var = ItemLiteral, v
		case t.is(Eq) || t.is(Add) || t.is(Sub):
			item.Kind = map[string]ItemKind{"=": ItemAbsolute, "+": ItemPlus, "-": ItemMinus}[t.Text]
			n := p.next()
			switch {
			case n.Kind == Symbol && (isDigit(n.Text[0]) || n.Text[0] == '.'):
				item.Lit = n.Text
			case n.is(LParen):
				v, err := p.patternVar(n)
				if err != nil {
					return nil, err
				}
				item.Var = v
			default:
				return nil, errAt(n.Pos, 38, 1, "Invalid parsing template detected at \"%s\"", n.Text)
			}
		default:
			return nil, errAt(t.Pos, 38, 1, "Invalid parsing template detected at \"%s\"", t.Text)
		}
		tpl = append(tpl, item)
	}
	return tpl, nil
}

// patternVar parses "(symbol)" after its '('. Anything else is error
// 38.1 at the token that does not fit, as Regina reports it.
func (p *parser) patternVar(open Token) (Expr, error) {
	v := p.next()
	if v.Kind != Symbol || isDigit(v.Text[0]) || v.Text[0] == '.' {
		return nil, errAt(v.Pos, 38, 1, "Invalid parsing template detected at \"%s\"", v.Text)
	}
	if c := p.next(); !c.is(RParen) {
		return nil, errAt(c.Pos, 38, 1, "Invalid parsing template detected at \"%s\"", c.Text)
	}
	return symbolExpr(v), nil
}

var conditions = []string{"ERROR", "FAILURE", "HALT", "NOVALUE", "NOTREADY", "SYNTAX", "LOSTDIGITS"}

// trap parses ON|OFF condition [NAME label] after CALL or SIGNAL.
func (p *parser) trap(kw string) (*Trap, error) {
	on := strings.EqualFold(p.next().Text, "ON")
	c := p.next()
	cond := strings.ToUpper(c.Text)
	ok := c.Kind == Symbol && isStop(c, conditions) && !(kw == "CALL" && (cond == "SYNTAX" || cond == "NOVALUE" || cond == "LOSTDIGITS"))
	if !ok {
		// Regina's texts and numbers: 25.1/25.2 for CALL ON/OFF, 25.3/25.4
		// for SIGNAL ON/OFF.
		onOff, sub := "ON", 1
		if !on {
			onOff, sub = "OFF", 2
		}
		if kw == "CALL" {
			return nil, errAt(c.Pos, 25, sub, "CALL %s must be followed by one of the keywords ERROR FAILURE HALT NOTREADY; found \"%s\"", onOff, c.Text)
		}
		return nil, errAt(c.Pos, 25, sub+2, "SIGNAL %s must be followed by one of the keywords ERROR FAILURE HALT NOTREADY NOVALUE SYNTAX LOSTDIGITS; found \"%s\"", onOff, c.Text)
	}
	tr := &Trap{On: on, Condition: cond, Name: cond}
	if on && p.atKeyword("NAME") {
		p.next()
		n := p.next()
		if n.Kind != Symbol && n.Kind != String {
			return nil, errAt(n.Pos, 19, 3, "String or symbol expected after NAME keyword; found \"%s\"", n.Text)
		}
		tr.Name = n.Text
		if n.Kind == Symbol {
			tr.Name = strings.ToUpper(n.Text)
		}
	}
	return tr, nil
}

func (p *parser) callStmt(at At) (Stmt, error) {
	if p.atKeyword("ON", "OFF") {
		tr, err := p.trap("CALL")
		return &CallStmt{At: at, Trap: tr}, err
	}
	t := p.next()
	s := &CallStmt{At: at}
	switch t.Kind {
	case Symbol:
		s.Name = strings.ToUpper(t.Text)
	case String:
		s.Name, s.Quoted = t.Text, true
	default:
		return nil, errAt(t.Pos, 19, 2, "String or symbol expected after CALL keyword; found \"%s\"", t.Text)
	}
	args, err := p.args("")
	s.Args = args
	return s, err
}

func (p *parser) signalStmt(at At) (Stmt, error) {
	if p.atKeyword("ON", "OFF") {
		tr, err := p.trap("SIGNAL")
		return &Signal{At: at, Trap: tr}, err
	}
	if p.atKeyword("VALUE") || p.peek().is(LParen) {
		if p.atKeyword("VALUE") {
			p.next()
		}
		x, err := p.expr()
		return &Signal{At: at, Value: x}, err
	}
	t := p.next()
	switch t.Kind {
	case Symbol:
		return &Signal{At: at, Label: strings.ToUpper(t.Text)}, nil
	case String:
		return &Signal{At: at, Label: t.Text}, nil
	}
	return nil, errAt(t.Pos, 19, 4, "String or symbol expected after SIGNAL keyword; found \"%s\"", t.Text)
}

// names parses the variable list of DROP and PROCEDURE EXPOSE.
func (p *parser) names() ([]NameRef, error) {
	var list []NameRef
	for !p.atClauseEnd() {
		t := p.next()
		indirect := false
		if t.is(LParen) {
			indirect = true
			t = p.next()
			if c := p.next(); !c.is(RParen) {
				return nil, errAt(c.Pos, 46, 1, "Extra token \"%s\" found in variable reference; \")\" expected", c.Text)
			}
		}
		target, err := p.target(t)
		if err != nil {
			return nil, err
		}
		list = append(list, NameRef{Name: strings.ToUpper(t.Text), Target: target, Indirect: indirect})
	}
	return list, nil
}

func (p *parser) dropStmt(at At) (Stmt, error) {
	names, err := p.names()
	return &Drop{At: at, Names: names}, err
}

func (p *parser) procedure(at At) (Stmt, error) {
	s := &Procedure{At: at}
	if p.atKeyword("EXPOSE") {
		p.next()
		if t := p.peek(); t.Kind == EOC || t.Kind == EOF {
			return nil, errAt(t.Pos, 20, 1, "Name required; found \"%s\"", t.Text)
		}
		names, err := p.names()
		if err != nil {
			return nil, err
		}
		s.Expose = names
	}
	return s, nil
}

func (p *parser) numeric(at At) (Stmt, error) {
	t := p.next()
	what := strings.ToUpper(t.Text)
	s := &Numeric{At: at, What: what}
	var err error
	switch what {
	case "DIGITS", "FUZZ":
		s.X, err = p.optExpr()
	case "FORM":
		switch {
		case p.atKeyword("SCIENTIFIC", "ENGINEERING"):
			s.Form = strings.ToUpper(p.next().Text)
		case p.atKeyword("VALUE"):
			p.next()
			s.X, err = p.expr()
		case p.atClauseEnd():
			s.Form = "SCIENTIFIC"
		case p.peek().Kind == Symbol || p.peek().Kind == String:
			// Regina wants VALUE (or a parenthesis) before an expression.
			t := p.peek()
			found := t.Text
			if t.Kind == Symbol {
				found = strings.ToUpper(found)
			}
			return nil, errAt(t.Pos, 25, 11, "NUMERIC FORM must be followed by one of the keywords ENGINEERING SCIENTIFIC; found \"%s\"", found)
		default:
			s.X, err = p.expr()
		}
	default:
		return nil, errAt(t.Pos, 25, 15, "NUMERIC must be followed by one of the keywords DIGITS FORM FUZZ; found \"%s\"", t.Text)
	}
	return s, err
}

func (p *parser) address(at At) (Stmt, error) {
	s := &Address{At: at}
	if p.atClauseEnd() {
		return s, nil
	}
	if p.atKeyword("VALUE") || p.peek().is(LParen) {
		if p.atKeyword("VALUE") {
			p.next()
		}
		x, err := p.expr()
		s.Value = x
		return s, err
	}
	t := p.next()
	switch t.Kind {
	case Symbol:
		s.Env = strings.ToUpper(t.Text)
	case String:
		s.Env = t.Text
	default:
		return nil, errAt(t.Pos, 19, 1, "String or symbol expected after ADDRESS keyword; found \"%s\"", t.Text)
	}
	if !p.atClauseEnd() && !p.atKeyword("WITH") {
		x, err := p.expr("WITH")
		if err != nil {
			return nil, err
		}
		s.Cmd = x
	}
	if p.atKeyword("WITH") {
		p.next()
		with, err := p.redirects()
		if err != nil {
			return nil, err
		}
		s.With = with
	}
	return s, nil
}

// redirects parses the redirections after ADDRESS ... WITH.
func (p *parser) redirects() ([]Redirect, error) {
	var list []Redirect
	for !p.atClauseEnd() {
		t := p.next()
		r := Redirect{At: At{t.Pos}, What: strings.ToUpper(t.Text)}
		if t.Kind != Symbol || (r.What != "INPUT" && r.What != "OUTPUT" && r.What != "ERROR") {
			return nil, errAt(t.Pos, 25, 5, "ADDRESS WITH must be followed by one of the keywords INPUT, OUTPUT or ERROR; found \"%s\"", t.Text)
		}
		t = p.next()
		kw := strings.ToUpper(t.Text)
		if r.What != "INPUT" && t.Kind == Symbol && (kw == "APPEND" || kw == "REPLACE") {
			r.Append = kw == "APPEND"
			t = p.next()
			if k := strings.ToUpper(t.Text); t.Kind != Symbol || (k != "STREAM" && k != "STEM" && k != "FIFO" && k != "LIFO") {
				sub := 8
				if kw == "REPLACE" {
					sub = 9
				}
				return nil, errAt(t.Pos, 25, sub, "%s must be followed by one of the keywords STREAM, STEM, LIFO or FIFO; found \"%s\"", kw, t.Text)
			}
			kw = strings.ToUpper(t.Text)
		}
		if t.Kind != Symbol || (kw != "NORMAL" && kw != "STREAM" && kw != "STEM" && kw != "FIFO" && kw != "LIFO") {
			if r.What == "INPUT" {
				return nil, errAt(t.Pos, 25, 6, "INPUT must be followed by one of the keywords STREAM, STEM, LIFO, FIFO or NORMAL; found \"%s\"", t.Text)
			}
			return nil, errAt(t.Pos, 25, 7, "OUTPUT must be followed by one of the keywords STREAM, STEM, LIFO, FIFO, APPEND, REPLACE or NORMAL; found \"%s\"", t.Text)
		}
		r.To = kw
		if kw != "NORMAL" {
			n := p.next()
			switch {
			case kw == "STEM" && n.Kind == Symbol && strings.HasSuffix(n.Text, ".") && strings.Count(n.Text, ".") == 1:
				r.Stem = strings.ToUpper(n.Text)
			case kw == "STEM":
				return nil, errAt(n.Pos, 53, 2, "Variable reference expected after STEM keyword; found \"%s\"", n.Text)
			case n.Kind == String:
				r.Name = &Literal{At: At{n.Pos}, Val: n.Text}
			case n.Kind == Symbol:
				x, err := p.target(n)
				if err != nil {
					return nil, err
				}
				r.Name = x
			default:
				return nil, errAt(n.Pos, 19, 1, "String or symbol expected after %s keyword; found \"%s\"", kw, n.Text)
			}
		}
		list = append(list, r)
	}
	return list, nil
}

func (p *parser) trace(at At) (Stmt, error) {
	s := &Trace{At: at}
	if p.atKeyword("VALUE") {
		p.next()
		x, err := p.expr()
		s.X = x
		return s, err
	}
	t := p.peek()
	switch t.Kind {
	case Symbol:
		p.next()
		s.Setting = strings.ToUpper(t.Text)
		for p.peek().Kind == Symbol && !p.peek().Blank {
			s.Setting += strings.ToUpper(p.next().Text)
		}
	case String:
		p.next()
		s.Setting = t.Text
	case Op:
		if t.Text == "?" || t.Text == "!" || t.Text == "-" || t.Text == "+" {
			x, err := p.expr()
			s.X = x
			return s, err
		}
		x, err := p.expr()
		s.X = x
		return s, err
	}
	return s, nil
}

// loopName parses the optional control variable after LEAVE or ITERATE:
// a variable symbol (error 20.1 for anything else, as Regina reports).
func (p *parser) loopName() (string, error) {
	t := p.peek()
	if t.Kind == EOC || t.Kind == EOF {
		return "", nil
	}
	if t.Kind != Symbol || isDigit(t.Text[0]) || t.Text[0] == '.' {
		return "", errAt(t.Pos, 20, 1, "Name required; found \"%s\"", t.Text)
	}
	p.next()
	return strings.ToUpper(t.Text), nil
}
