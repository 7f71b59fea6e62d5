package parser

import "fmt"

// A Visitor's Visit method is called for each node Walk meets. If the
// visitor w it returns is not nil, Walk visits each child of the node
// with w, then calls w.Visit(nil), as go/ast.Walk does.
type Visitor interface {
	Visit(n Node) (w Visitor)
}

// Walk traverses the tree under n in depth-first order, source order
// among siblings: it calls v.Visit(n) and, unless that returns nil, walks
// each child of n with the visitor returned, then calls Visit(nil).
//
// The children of a node are the nodes it holds: a Program's clauses, a
// block's clauses, the expressions of an instruction (the variables it
// assigns or drops among them), a Call's arguments, a SELECT's *When
// clauses, a PARSE's *TemplateItem entries and an ADDRESS's *Redirect
// entries. Omitted (nil) expressions, such as the missing argument of
// f(1,,2), are not visited. A compound symbol's tail is names, not nodes.
func Walk(v Visitor, n Node) {
	if v = v.Visit(n); v == nil {
		return
	}
	switch n := n.(type) {
	case *Program:
		walkStmts(v, n.Body)
	case *Literal, *Var, *Compound, *Label, *Nop, *Leave, *Iterate:
		// no children
	case *Call:
		walkExprs(v, n.Args...)
	case *Unary:
		Walk(v, n.X)
	case *Binary:
		Walk(v, n.X)
		Walk(v, n.Y)
	case *Assign:
		walkExprs(v, n.Target, n.X)
	case *Command:
		Walk(v, n.X)
	case *Say:
		walkExprs(v, n.X)
	case *If:
		Walk(v, n.Cond)
		Walk(v, n.Then)
		if n.Else != nil {
			Walk(v, n.Else)
		}
	case *Do:
		if c := n.Ctrl; c != nil {
			walkExprs(v, c.Var, c.Init, c.To, c.By, c.For, c.Count, c.While, c.Until)
		}
		walkStmts(v, n.Body)
	case *Select:
		for i := range n.Whens {
			Walk(v, &n.Whens[i])
		}
		walkStmts(v, n.Otherwise)
	case *When:
		Walk(v, n.Cond)
		Walk(v, n.Then)
	case *Exit:
		walkExprs(v, n.X)
	case *Return:
		walkExprs(v, n.X)
	case *CallStmt:
		walkExprs(v, n.Args...)
	case *Signal:
		walkExprs(v, n.Value)
	case *Procedure:
		walkNames(v, n.Expose)
	case *Upper:
		walkNames(v, n.Names)
	case *Drop:
		walkNames(v, n.Names)
	case *Numeric:
		walkExprs(v, n.X)
	case *ParseInstr:
		walkExprs(v, n.Var, n.X)
		for _, t := range n.Templates {
			for i := range t {
				Walk(v, &t[i])
			}
		}
	case *TemplateItem:
		walkExprs(v, n.Target, n.Var)
	case *Queue:
		walkExprs(v, n.X)
	case *Interpret:
		walkExprs(v, n.X)
	case *Trace:
		walkExprs(v, n.X)
	case *Address:
		walkExprs(v, n.Value, n.Cmd)
		for i := range n.With {
			Walk(v, &n.With[i])
		}
	case *Redirect:
		walkExprs(v, n.Name)
	case *Require:
		walkExprs(v, n.X)
	case *Options:
		walkExprs(v, n.X)
	default:
		panic(fmt.Sprintf("parser.Walk: unexpected node type %T", n))
	}
	v.Visit(nil)
}

func walkStmts(v Visitor, list []Stmt) {
	for _, s := range list {
		Walk(v, s)
	}
}

// walkExprs walks the expressions that are present, skipping nil ones.
func walkExprs(v Visitor, list ...Expr) {
	for _, x := range list {
		if x != nil {
			Walk(v, x)
		}
	}
}

func walkNames(v Visitor, list []NameRef) {
	for _, n := range list {
		walkExprs(v, n.Target)
	}
}

type inspector func(Node) bool

func (f inspector) Visit(n Node) Visitor {
	if f(n) {
		return f
	}
	return nil
}

// Inspect traverses the tree under n in depth-first order, as Walk does:
// it calls f(n) and, when f returns true, inspects each child of n, then
// calls f(nil).
func Inspect(n Node, f func(Node) bool) {
	Walk(inspector(f), n)
}
