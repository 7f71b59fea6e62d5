package parser

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// sexpr prints an expression tree compactly: literals quoted, variables
// by name, compound symbols as stem plus tail, calls as (call NAME args),
// operators as (op x y). Blank concatenation is (" " x y) and abuttal
// ("" x y), so the tree shows which one the parser chose.
func sexpr(x Expr) string {
	switch x := x.(type) {
	case nil:
		return "_"
	case *Literal:
		return fmt.Sprintf("%q", x.Val)
	case *Var:
		return x.Name
	case *Compound:
		var b strings.Builder
		b.WriteString(x.Stem)
		for i, p := range x.Tail {
			if i > 0 {
				b.WriteByte('.')
			}
			if p.Var != "" {
				b.WriteString(p.Var)
			} else {
				b.WriteString(p.Const)
			}
		}
		return b.String()
	case *Call:
		parts := []string{"call", x.Name}
		if x.Quoted {
			parts[1] = fmt.Sprintf("%q", x.Name)
		}
		for _, a := range x.Args {
			parts = append(parts, sexpr(a))
		}
		return "(" + strings.Join(parts, " ") + ")"
	case *Unary:
		return "(" + x.Op.String() + " " + sexpr(x.X) + ")"
	case *Binary:
		return fmt.Sprintf("(%q %s %s)", x.Op.String(), sexpr(x.X), sexpr(x.Y))
	}
	return fmt.Sprintf("?%T", x)
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
