package parser

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// sexpr prints a tree compactly, walking it with Walk: literals quoted,
// variables by name, compound symbols as stem plus tail, calls as (call
// NAME args), operators as (op x y), instructions as (KEYWORD children).
// Blank concatenation is (" " x y) and abuttal ("" x y), so the tree
// shows which one the parser chose.
func sexpr(n Node) string {
	if x, ok := n.(Expr); ok && x == nil {
		return "_"
	}
	p := &treePrinter{}
	Walk(p, n)
	return p.b.String()
}

// treePrinter is the Visitor sexpr walks with: open records, for each
// node being visited, whether it opened a parenthesis to close.
type treePrinter struct {
	b    strings.Builder
	open []bool
}

func (p *treePrinter) Visit(n Node) Visitor {
	if n == nil {
		if p.open[len(p.open)-1] {
			p.b.WriteByte(')')
		}
		p.open = p.open[:len(p.open)-1]
		return nil
	}
	if s := p.b.String(); s != "" && !strings.HasSuffix(s, "(") {
		p.b.WriteByte(' ')
	}
	if c, ok := n.(*Call); ok {
		// Walk skips omitted arguments; the printer shows them as _.
		name := c.Name
		if c.Quoted {
			name = fmt.Sprintf("%q", c.Name)
		}
		p.b.WriteString("(call " + name)
		for _, a := range c.Args {
			if a == nil {
				p.b.WriteString(" _")
			} else {
				Walk(p, a)
			}
		}
		p.b.WriteByte(')')
		return nil
	}
	head, atom := nodeHead(n)
	if atom {
		p.b.WriteString(head)
	} else {
		p.b.WriteString("(" + head)
	}
	p.open = append(p.open, !atom)
	return p
}

// nodeHead is how the printer shows n itself: the whole of a leaf (atom),
// or the head of a parenthesised node whose children follow.
func nodeHead(n Node) (head string, atom bool) {
	switch n := n.(type) {
	case *Literal:
		return fmt.Sprintf("%q", n.Val), true
	case *Var:
		return n.Name, true
	case *Compound:
		var b strings.Builder
		b.WriteString(n.Stem)
		for i, t := range n.Tail {
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(t.Var + t.Const)
		}
		return b.String(), true
	case *Unary:
		return n.Op.String(), false
	case *Binary:
		return fmt.Sprintf("%q", n.Op.String()), false
	case *Label:
		return n.Name + ":", true
	case *Nop:
		return "NOP", true
	case *Leave:
		return strings.TrimSpace("LEAVE " + n.Name), true
	case *Iterate:
		return strings.TrimSpace("ITERATE " + n.Name), true
	case *Program:
		return "program", false
	case *Assign:
		return "=", false
	case *Command:
		return "command", false
	case *CallStmt:
		return "CALL " + n.Name, false
	case *Signal:
		return strings.TrimSpace("SIGNAL " + n.Label), false
	case *ParseInstr:
		return "PARSE " + n.Source, false
	case *TemplateItem:
		return fmt.Sprintf("item%d %q", n.Kind, n.Lit), false
	case *Numeric:
		return "NUMERIC " + n.What, false
	case *Address:
		return strings.TrimSpace("ADDRESS " + n.Env), false
	case *Redirect:
		return "WITH " + n.What + " " + n.To, false
	}
	// The rest are shown by their type's name: SAY, IF, DO, WHEN, ...
	return strings.ToUpper(strings.TrimPrefix(fmt.Sprintf("%T", n), "*parser.")), false
}

// TestExprTree checks the shape of parsed expressions: precedence and
// associativity, blank concatenation against abuttal, prefix operators,
// comments (which are no blank) and calls.
func TestExprTree(t *testing.T) {
	tests := []struct{ src, want string }{
		// Precedence, loosest to tightest: | && / & / comparison / || and
		// concatenation / + - / * / % // / ** / prefix.
		{`1 + 2 * 3`, `("+" "1" ("*" "2" "3"))`},
		{`1 * 2 + 3`, `("+" ("*" "1" "2") "3")`},
		{`1 - 2 - 3`, `("-" ("-" "1" "2") "3")`},
		{`2 ** 3 ** 2`, `("**" ("**" "2" "3") "2")`},
		{`-2 ** 2`, `("**" (- "2") "2")`},
		{`a | b & c`, `("|" A ("&" B C))`},
		{`a && b | c`, `("|" ("&&" A B) C)`},
		{`a = b & c \= d`, `("&" ("=" A B) ("\\=" C D))`},
		{`a = b || c`, `("=" A ("||" B C))`},
		{`a b = c`, `("=" (" " A B) C)`},
		{`1 + 2 3`, `(" " ("+" "1" "2") "3")`},
		{`a || b c`, `(" " ("||" A B) C)`},
		{`7 % 2 // 3 * 4 / 5`, `("/" ("*" ("//" ("%" "7" "2") "3") "4") "5")`},
		{`(1 + 2) * 3`, `("*" ("+" "1" "2") "3")`},
		{`a >>= b`, `(">>=" A B)`},
		// Abuttal against blank concatenation.
		{`'a'c`, `("" "a" C)`},
		{`'a' b`, `(" " "a" B)`},
		{`'01'b c`, `(" " "\x01" C)`},
		{`a'b'c`, `("" ("" A "b") C)`},
		{`a (b)`, `(" " A B)`},
		{`'x'(1)`, `(call "x" "1")`},
		// A comment is no blank: the terms abut, and a call stays a call.
		{`'a'/**/'b'`, `("" "a" "b")`},
		{`'a' /**/'b'`, `(" " "a" "b")`},
		{`f/* c */(1)`, `(call F "1")`},
		// A continuation is a blank.
		{"'a',\n'b'", `(" " "a" "b")`},
		// Prefix operators, also after a blank, where \ starts a term.
		{`\a`, `(\ A)`},
		{`\\a`, `(\ (\ A))`},
		{`- -a`, `(- (- A))`},
		{`+-1`, `(+ (- "1"))`},
		{`\0 \1`, `(" " (\ "0") (\ "1"))`},
		{`'flag' \found`, `(" " "flag" (\ FOUND))`},
		{`a \= b`, `("\\=" A B)`},
		{`a -b`, `("-" A B)`},
		{`a \ b`, `(" " A (\ B))`},
		{`\a = b`, `("=" (\ A) B)`},
		{`-a ** 2 * 3`, `("*" ("**" (- A) "2") "3")`},
		// Calls, arguments and symbols.
		{`f(1, , g(2)) h`, `(" " (call F "1" _ (call G "2")) H)`},
		{`f()`, `(call F)`},
		{`a.b.1 s.`, `(" " A.B.1 S.)`},
		{`1e+3 - 2`, `("-" "1E+3" "2")`},
		{`.5 x.`, `(" " ".5" X.)`},
	}
	for _, tt := range tests {
		prog, err := Parse("t.rexx", "say "+tt.src)
		if err != nil {
			t.Errorf("Parse(say %s): %v", tt.src, err)
			continue
		}
		say, ok := prog.Body[0].(*Say)
		if !ok || len(prog.Body) != 1 {
			t.Errorf("Parse(say %s) = %d clauses, first %T; want one SAY", tt.src, len(prog.Body), prog.Body[0])
			continue
		}
		if got := sexpr(say.X); got != tt.want {
			t.Errorf("say %s\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// TestAbuttedNotIsError keeps Regina's rule that a \ abutting a term is
// no operator (Regina: error 64.1 on say 1\0).
func TestAbuttedNotIsError(t *testing.T) {
	for _, src := range []string{`say 1\0`, `say 'a'\0`, `say (1)\0`} {
		if _, err := Parse("t.rexx", src); err == nil {
			t.Errorf("Parse(%s) succeeded; want a syntax error", src)
		}
	}
}

// TestPositions checks the Pos of tokens: byte offset, line and column,
// counted across comments, continuations and a #! line.
func TestPositions(t *testing.T) {
	src := "#!/bin/rexxlxd\nsay /* c */ 'x',\n  y;z"
	toks, err := Scan("f.rexx", src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range toks {
		if tk.Kind == Symbol || tk.Kind == String {
			got = append(got, fmt.Sprintf("%s@%d:%s", tk.Text, tk.Pos.Offset, tk.Pos))
		}
	}
	want := []string{"say@15:f.rexx:2:1", "x@27:f.rexx:2:13", "y@34:f.rexx:3:3", "z@36:f.rexx:3:5"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("positions\n got %v\nwant %v", got, want)
	}
	for _, tk := range toks {
		if tk.Kind == Symbol && !strings.HasPrefix(src[tk.Pos.Offset:], tk.Text) {
			t.Errorf("symbol %q: source at offset %d is %q", tk.Text, tk.Pos.Offset, src[tk.Pos.Offset:])
		}
	}
	if s := (Pos{}).String(); s != "-" {
		t.Errorf("zero Pos = %q, want -", s)
	}
	if s := (Pos{Line: 3, Column: 7}).String(); s != "3:7" {
		t.Errorf("Pos without file = %q, want 3:7", s)
	}
}

// TestNestingLimit: expressions and blocks nested beyond maxNest are
// error 11 rather than a Go stack overflow; a little less still parses.
func TestNestingLimit(t *testing.T) {
	ok := []string{
		"say " + strings.Repeat("(", maxNest-10) + "1" + strings.Repeat(")", maxNest-10),
		"say " + strings.Repeat("\\", maxNest-10) + "1",
		strings.Repeat("do;", maxNest-10) + strings.Repeat("end;", maxNest-10),
	}
	for _, src := range ok {
		if _, err := Parse("t.rexx", src); err != nil {
			t.Errorf("Parse(%.20q...): %v", src, err)
		}
	}
	bad := []string{
		"say " + strings.Repeat("(", 100_000) + "1" + strings.Repeat(")", 100_000),
		"say " + strings.Repeat("+", 100_000) + "1",
		"say " + strings.Repeat("f(", maxNest+1) + strings.Repeat(")", maxNest+1),
		strings.Repeat("if 1 then ", maxNest+1) + "nop",
		strings.Repeat("do;", maxNest+1) + strings.Repeat("end;", maxNest+1),
	}
	for _, src := range bad {
		_, err := Parse("t.rexx", src)
		var pe *Error
		if !errors.As(err, &pe) || pe.Err.Code != 11 {
			t.Errorf("Parse(%.20q...) = %v, want error 11", src, err)
		}
	}
}

// TestWalkTree walks a program holding every kind of node and prints it:
// each instruction with its expressions, blocks with their clauses, in
// source order; omitted expressions are not visited.
func TestWalkTree(t *testing.T) {
	src := `l: say a.i 'x'
x = -y; 'ls' z
if a then nop; else do i = 1 to n by 2 while b; leave i; end
select; when c then iterate; otherwise exit 1; end
call f 1, , 2; signal on error; signal value t
return; drop a (s.); procedure expose e.; upper u
numeric digits d+1; parse value v with w1 '-' =(p) +3 .; parse upper var q r
push 1; queue; interpret s; trace value k; options o; require 'lib'
address lxd 'list' with output stem out. error stream f; address; let m = n`
	prog, err := Parse("t.rexx", src)
	if err != nil {
		t.Fatal(err)
	}
	want := `(program L: (SAY (" " A.I "x")) (= X (- Y)) (command (" " "ls" Z))` +
		` (IF A NOP (DO I "1" N "2" B LEAVE I))` +
		` (SELECT (WHEN C ITERATE) (EXIT "1"))` +
		` (CALL F "1" "2") (SIGNAL) (SIGNAL T)` +
		` (RETURN) (DROP A S.) (PROCEDURE E.) (UPPER U)` +
		` (NUMERIC DIGITS ("+" D "1")) (PARSE VALUE V (item0 "" W1) (item1 "-") (item2 "" P) (item3 "3") (item0 ""))` +
		` (PARSE VAR Q (item0 "" R)) (QUEUE "1") (QUEUE) (INTERPRET S) (TRACE K) (OPTIONS O) (REQUIRE "lib")` +
		` (ADDRESS LXD "list" (WITH OUTPUT STEM) (WITH ERROR STREAM F)) (ADDRESS) (= M N))`
	if got := sexpr(prog); got != want {
		t.Errorf("walk printed\n%s\nwant\n%s", got, want)
	}
}

// TestInspect: Inspect calls f(nil) once after the children of every node
// it entered, and a false result skips a node's children.
func TestInspect(t *testing.T) {
	prog, err := Parse("t.rexx", "say f(a + b, c); x = d * (e - 1)")
	if err != nil {
		t.Fatal(err)
	}
	entered, left := 0, 0
	var vars []string
	Inspect(prog, func(n Node) bool {
		if n == nil {
			left++
			return false
		}
		entered++
		if v, ok := n.(*Var); ok {
			vars = append(vars, v.Name)
		}
		return true
	})
	if entered != left || entered != 14 {
		t.Errorf("entered %d nodes, left %d; want 14 and 14", entered, left)
	}
	if got := strings.Join(vars, " "); got != "A B C X D E" {
		t.Errorf("variables in order: %s, want A B C X D E", got)
	}
	// Not descending into calls hides their arguments.
	vars = nil
	Inspect(prog, func(n Node) bool {
		if v, ok := n.(*Var); ok {
			vars = append(vars, v.Name)
		}
		_, call := n.(*Call)
		return !call
	})
	if got := strings.Join(vars, " "); got != "X D E" {
		t.Errorf("variables outside calls: %s, want X D E", got)
	}
}
