package interp

import (
	"github.com/rexxlxd/rexxlxd/parser"
)

// code is a program (or an INTERPRET string) compiled for the run loop:
// its clauses in one flat list, with blocks turned into jumps, so that
// SIGNAL can reach a label anywhere, as REXX allows.
type code struct {
	prog    *parser.Program
	clauses []instr
	labels  map[string]int
	// grouped marks labels inside a DO, SELECT or IF, which SIGNAL and
	// CALL may not reach (errors 16.2 and 16.3).
	grouped map[string]bool
	// isInterpret marks code from an INTERPRET string: its SIGNALs may
	// leave it for a label of the program.
	isInterpret bool
}

// instr is one compiled clause; col() is the column where its text
// starts, for tracebacks and TRACE.
type instr interface {
	line() int
	col() int
}

type at struct{ ln, cl int }

func (a at) line() int { return a.ln }
func (a at) col() int  { return a.cl }

// setPos moves a clause to another place; INTERPRET code reports the
// place of its INTERPRET instruction.
func (a *at) setPos(line, col int) { a.ln, a.cl = line, col }

func setPos(c instr, line, col int) {
	if s, ok := c.(interface{ setPos(int, int) }); ok {
		s.setPos(line, col)
	}
}

type (
	iSay struct {
		at
		x expr
	}
	iAssign struct {
		at
		t ref
		x expr
	}
	iCommand struct {
		at
		x expr
	}
	iNop   struct{ at }
	iLabel struct {
		at
		name string
	}
	// iJumpFalse jumps when cond is false (IF and WHEN).
	iJumpFalse struct {
		at
		cond expr
		to   int
		when bool // WHEN, not IF: interactive trace does not stop after a true one
	}
	iJump struct {
		at
		to int
	}
	// iDo starts a DO block; end is the index of its iEnd.
	iDo struct {
		at
		ctrl *doCtrl
		end  int
	}
	// iEnd closes a DO block; do is the index of its iDo.
	iEnd struct {
		at
		do int
	}
	iSelectFail struct{ at }
	// iSelect is the SELECT or OTHERWISE clause itself: it does nothing
	// but be traced.
	iSelect struct{ at }
	iExit   struct {
		at
		x expr
	}
	iReturn struct {
		at
		x expr
	}
	iCall struct {
		at
		call *callExpr
		trap *parser.Trap
	}
	iSignal struct {
		at
		label string
		value expr
		trap  *parser.Trap
	}
	iProcedure struct {
		at
		expose []nameRef
	}
	iUpper struct {
		at
		names []nameRef
	}
	iDrop struct {
		at
		names []nameRef
	}
	iLeave struct {
		at
		name    string
		iterate bool
	}
	iNumeric struct {
		at
		what, form string
		x          expr
	}
	iParse struct {
		at
		upper, lower bool
		caseless     bool
		source       string
		v            ref
		x            expr
		templates    [][]tItem
	}
	iQueue struct {
		at
		lifo bool
		x    expr
	}
	iInterpret struct {
		at
		x expr
	}
	iTrace struct {
		at
		setting string
		x       expr
	}
	iAddress struct {
		at
		env   string
		value expr
		cmd   expr
		with  []redirect
	}
	iRequire struct {
		at
		x expr
	}
	iOptions struct {
		at
		x expr
	}
)

// doCtrl is a compiled DO repetitor.
type doCtrl struct {
	v                  ref
	name               string
	init, to, by, for_ expr
	order              string
	count              expr
	forever            bool
	while, until       expr
}

// nameRef is a compiled DROP or EXPOSE operand.
type nameRef struct {
	name     string
	r        ref
	indirect bool
}

// tItem is a compiled template item.
type tItem struct {
	kind   parser.ItemKind
	target ref // nil for "."
	lit    string
	v      expr
}

type compiler struct {
	c     *code
	depth int // how many DO, SELECT and IF groups enclose the clause
	// read holds the simple variables the program reads as values of
	// expressions; cats, the concatenations that may make a kindCat
	// value for the variable they are assigned to (see lazyCats).
	read map[string]bool
	cats []catSite
}

// catSite is an assignment of a literal concatenated with an expression
// to the simple variable name.
type catSite struct {
	name string
	b    *binaryExpr
}

// compile turns a parsed program into code.
func compile(prog *parser.Program) *code {
	k := &compiler{c: &code{prog: prog, labels: map[string]int{}}, read: readVars(prog)}
	k.stmts(prog.Body)
	k.lazyCats()
	return k.c
}

// lazyCats lets the concatenations of catSites keep their value
// unspelled when the variable they are assigned to is not read as the
// value of an expression anywhere in the program, as k in "k = 'KEY'i;
// a.k = i": a tail is found from the prefix and the number, and a
// string is made only where one is asked for (PARSE VAR, VALUE, code
// run by INTERPRET). A variable read in expressions is spelled once, at
// the assignment, as any concatenation is, rather than at every read.
func (k *compiler) lazyCats() {
	for _, c := range k.cats {
		if !k.read[c.name] {
			if l, ok := c.b.x.(*lit); ok && l.v.tag == nil {
				c.b.cat = catTag(l.v.s)
			}
		}
	}
}

// readVars returns the simple variables prog reads as values of
// expressions: every variable Inspect finds, less the ones an
// instruction assigns, drops, exposes or upper-cases (a target is
// visited after the instruction that holds it, so it is known by then).
func readVars(prog *parser.Program) map[string]bool {
	read := map[string]bool{}
	targets := map[parser.Expr]bool{}
	target := func(x parser.Expr) {
		if x != nil {
			targets[x] = true
		}
	}
	names := func(list []parser.NameRef) {
		for _, n := range list {
			target(n.Target)
		}
	}
	parser.Inspect(prog, func(n parser.Node) bool {
		switch n := n.(type) {
		case *parser.Assign:
			target(n.Target)
		case *parser.Do:
			if n.Ctrl != nil {
				target(n.Ctrl.Var)
			}
		case *parser.Drop:
			names(n.Names)
		case *parser.Upper:
			names(n.Names)
		case *parser.Procedure:
			names(n.Expose)
		case *parser.ParseInstr:
			target(n.Var)
		case *parser.TemplateItem:
			target(n.Target)
		case *parser.Var:
			if !targets[n] && n.Name[len(n.Name)-1] != '.' {
				read[n.Name] = true
			}
		}
		return true
	})
	return read
}

func (k *compiler) emit(i instr) int {
	k.c.clauses = append(k.c.clauses, i)
	return len(k.c.clauses) - 1
}

func (k *compiler) stmts(list []parser.Stmt) {
	for _, s := range list {
		k.stmt(s)
	}
}

func ln(n parser.Node) at { p := n.Position(); return at{p.Line, p.Column} }

func (k *compiler) stmt(s parser.Stmt) {
	a := ln(s)
	switch s.(type) {
	case *parser.If, *parser.Do, *parser.Select:
		k.depth++
		defer func() { k.depth-- }()
	}
	switch s := s.(type) {
	case *parser.Label:
		if _, ok := k.c.labels[s.Name]; !ok {
			if k.depth > 0 {
				if k.c.grouped == nil {
					k.c.grouped = map[string]bool{}
				}
				k.c.grouped[s.Name] = true
			}
			k.c.labels[s.Name] = len(k.c.clauses)
		}
		k.emit(&iLabel{a, s.Name})
	case *parser.Assign:
		if let := k.let(a, s); let != nil {
			k.emit(let)
			break
		}
		t, x := k.ref(s.Target), k.expr(s.X)
		if b, ok := x.(*binaryExpr); ok && b.op == opConcat {
			if r, ok := t.(*simpleRef); ok {
				k.cats = append(k.cats, catSite{r.name, b})
			}
		}
		k.emit(&iAssign{a, t, x})
	case *parser.Command:
		k.emit(&iCommand{a, k.expr(s.X)})
	case *parser.Say:
		k.emit(&iSay{a, k.optExpr(s.X)})
	case *parser.Nop:
		k.emit(&iNop{a})
	case *parser.If:
		jf := &iJumpFalse{at: a, cond: k.expr(s.Cond)}
		k.emit(jf)
		k.stmt(s.Then)
		if s.Else == nil {
			jf.to = len(k.c.clauses)
			return
		}
		j := &iJump{at: ln(s.Else)}
		k.emit(j)
		jf.to = len(k.c.clauses)
		k.stmt(s.Else)
		j.to = len(k.c.clauses)
	case *parser.Do:
		d := &iDo{at: a}
		if s.Ctrl != nil {
			d.ctrl = k.doCtrl(s.Ctrl)
		}
		start := k.emit(d)
		k.stmts(s.Body)
		d.end = k.emit(&iEnd{at{s.EndPos.Line, s.EndPos.Column}, start})
	case *parser.Select:
		k.emit(&iSelect{a})
		var toEnd []*iJump
		for _, w := range s.Whens {
			jf := &iJumpFalse{at: ln(w), cond: k.expr(w.Cond), when: true}
			k.emit(jf)
			k.stmt(w.Then)
			j := &iJump{at: ln(w)}
			k.emit(j)
			toEnd = append(toEnd, j)
			jf.to = len(k.c.clauses)
		}
		if s.HasOther {
			// OTHERWISE is traced as a clause of its own, as SELECT is.
			k.emit(&iSelect{at{s.OtherPos.Line, s.OtherPos.Column}})
			k.stmts(s.Otherwise)
		} else {
			k.emit(&iSelectFail{at{s.EndPos.Line, s.EndPos.Column}})
		}
		for _, j := range toEnd {
			j.to = len(k.c.clauses)
		}
	case *parser.Exit:
		k.emit(&iExit{a, k.optExpr(s.X)})
	case *parser.Return:
		k.emit(&iReturn{a, k.optExpr(s.X)})
	case *parser.CallStmt:
		if s.Trap != nil {
			k.emit(&iCall{at: a, trap: s.Trap})
			return
		}
		k.emit(&iCall{at: a, call: &callExpr{name: s.Name, quoted: s.Quoted, args: k.exprs(s.Args), ln: a.ln}})
	case *parser.Signal:
		k.emit(&iSignal{a, s.Label, k.optExpr(s.Value), s.Trap})
	case *parser.Procedure:
		k.emit(&iProcedure{a, k.names(s.Expose)})
	case *parser.Drop:
		k.emit(&iDrop{a, k.names(s.Names)})
	case *parser.Upper:
		k.emit(&iUpper{a, k.names(s.Names)})
	case *parser.Leave:
		k.emit(&iLeave{a, s.Name, false})
	case *parser.Iterate:
		k.emit(&iLeave{a, s.Name, true})
	case *parser.Numeric:
		k.emit(&iNumeric{a, s.What, s.Form, k.optExpr(s.X)})
	case *parser.ParseInstr:
		p := &iParse{at: a, upper: s.Upper, lower: s.Lower, caseless: s.Caseless, source: s.Source, x: k.optExpr(s.X)}
		if s.Var != nil {
			p.v = k.ref(s.Var)
		}
		for _, t := range s.Templates {
			var items []tItem
			for _, it := range t {
				ti := tItem{kind: it.Kind, lit: it.Lit}
				if it.Target != nil {
					ti.target = k.ref(it.Target)
				}
				if it.Var != nil {
					ti.v = k.expr(it.Var)
				}
				items = append(items, ti)
			}
			p.templates = append(p.templates, items)
		}
		k.emit(p)
	case *parser.Queue:
		k.emit(&iQueue{a, s.Lifo, k.optExpr(s.X)})
	case *parser.Interpret:
		k.emit(&iInterpret{a, k.expr(s.X)})
	case *parser.Trace:
		k.emit(&iTrace{a, s.Setting, k.optExpr(s.X)})
	case *parser.Address:
		k.emit(&iAddress{a, s.Env, k.optExpr(s.Value), k.optExpr(s.Cmd), k.redirects(s.With)})
	case *parser.Require:
		k.emit(&iRequire{a, k.expr(s.X)})
	case *parser.Options:
		k.emit(&iOptions{a, k.optExpr(s.X)})
	}
}

func (k *compiler) doCtrl(c *parser.DoCtrl) *doCtrl {
	d := &doCtrl{
		name: c.VarName, order: c.Order, forever: c.Forever,
		init: k.optExpr(c.Init), to: k.optExpr(c.To), by: k.optExpr(c.By), for_: k.optExpr(c.For),
		count: k.optExpr(c.Count), while: k.optExpr(c.While), until: k.optExpr(c.Until),
	}
	if c.Var != nil {
		d.v = k.ref(c.Var)
	}
	return d
}

func (k *compiler) names(list []parser.NameRef) []nameRef {
	var out []nameRef
	for _, n := range list {
		out = append(out, nameRef{name: n.Name, r: k.ref(n.Target), indirect: n.Indirect})
	}
	return out
}

func (k *compiler) optExpr(x parser.Expr) expr {
	if x == nil {
		return nil
	}
	return k.expr(x)
}

func (k *compiler) exprs(list []parser.Expr) []expr {
	out := make([]expr, len(list))
	for i, x := range list {
		out[i] = k.optExpr(x)
	}
	return out
}

func (k *compiler) expr(x parser.Expr) expr {
	switch x := x.(type) {
	case *parser.Literal:
		return &lit{constant(x.Val)}
	case *parser.Var, *parser.Compound:
		return k.ref(x)
	case *parser.Call:
		return &callExpr{name: x.Name, quoted: x.Quoted, args: k.exprs(x.Args), ln: x.Pos.Line}
	case *parser.Unary:
		return &unaryExpr{op: x.Op.String(), x: k.expr(x.X)}
	case *parser.Binary:
		return &binaryExpr{op: binaryOp(x.Op), text: x.Op.String(), x: k.expr(x.X), y: k.expr(x.Y)}
	}
	panic("interp: unknown expression node")
}

// binaryOp resolves the parser's operator to the run loop's, which
// folds spellings that do the same ("<>" and "\=" are both opNe; "\<"
// is opGe) and orders them so eval tests a range, not a list.
func binaryOp(o parser.Operator) op {
	switch o {
	case parser.Add:
		return opAdd
	case parser.Sub:
		return opSub
	case parser.Mul:
		return opMul
	case parser.Div:
		return opDiv
	case parser.IntDiv:
		return opIntDiv
	case parser.Rem:
		return opRem
	case parser.Pow:
		return opPow
	case parser.Concat, parser.Abut:
		return opConcat
	case parser.Blank:
		return opBlank
	case parser.Eq:
		return opEq
	case parser.Ne, parser.LtGt, parser.GtLt:
		return opNe
	case parser.Gt:
		return opGt
	case parser.Lt:
		return opLt
	case parser.Ge, parser.NotLt:
		return opGe
	case parser.Le, parser.NotGt:
		return opLe
	case parser.StrictEq:
		return opSEq
	case parser.StrictNe:
		return opSNe
	case parser.StrictGt:
		return opSGt
	case parser.StrictLt:
		return opSLt
	case parser.StrictGe, parser.StrictNotLt:
		return opSGe
	case parser.StrictLe, parser.StrictNotGt:
		return opSLe
	case parser.And:
		return opAnd
	case parser.Or:
		return opOr
	case parser.Xor:
		return opXor
	}
	panic("interp: not a binary operator: " + o.String())
}

// ref compiles a variable reference.
func (k *compiler) ref(x parser.Expr) ref {
	switch x := x.(type) {
	case *parser.Var:
		if x.Name[len(x.Name)-1] == '.' {
			return &stemRef{name: x.Name}
		}
		return &simpleRef{name: x.Name}
	case *parser.Compound:
		c := &compoundRef{stem: x.Stem}
		for _, t := range x.Tail {
			if t.Var != "" {
				c.tail = append(c.tail, tailElem{ref: &simpleRef{name: t.Var}})
				c.vtail = true
			} else {
				c.tail = append(c.tail, tailElem{constant: t.Const})
			}
		}
		return c
	}
	panic("interp: not a variable reference")
}
