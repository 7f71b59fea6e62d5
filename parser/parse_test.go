package parser

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePrograms(t *testing.T) {
	good := []string{
		"say 1+2",
		"#!/usr/bin/env rexxlxd\nsay 'hi'",
		"a = 1; b = a + 2 ; say a b",
		"if a then say 1; else say 2",
		"if a\nthen\nsay 1\nelse\nsay 2",
		"do i = 1 to 10 by 2 for 3 while i < 5; say i; end i",
		"do forever; leave; end",
		"do 3; nop; end",
		"select; when a = 1 then say 1; when a = 2 then nop; otherwise say 3; end",
		"call foo 1, 2; exit\nfoo: procedure expose a b.; return arg(1)",
		"parse value '5:hello world' with n ':' text +(n)",
		"parse upper arg a b, c . d",
		"signal on error name handler; signal off error",
		"x = 'abc'x || '0101'b",
		"say a.i.j; a.b = 3; drop a. b (c)",
		"address lxd 'list'",
		"address; address value 'SYSTEM'",
		"numeric digits 20; numeric form engineering; numeric fuzz 1",
		"/* a /* nested */ comment */ say 1",
		"say 'a',\n 'b'",
		"say -2**2 2**3**2",
		"LET result = RESULT",
		"REQUIRE \"cwd:lxd-address.js\"",
		"say = 5; if = 2; say say if",
		"interpret 'say 1'",
		"push 1; queue 2; pull x",
		"trace ?r; trace off",
		"label: say 1",
		"x = f(,2,)",
	}
	for _, src := range good {
		if _, err := Parse("t.rexx", src); err != nil {
			t.Errorf("Parse(%q): %v", src, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	bad := []struct {
		src  string
		code int
		line int
	}{
		{"say 1\n/* open", 6, 2},
		{"say 'abc", 6, 1},
		{"say '4G'x", 15, 1},
		{"if 1 say 2", 18, 2}, // Regina: the line after the last
		{"say 1\nend", 10, 2},
		{"say 1\ndo i=1\nsay 2\n", 14, 3},
		{"select\nsay 1\nend", 7, 2},
		{"say (1", 36, 1},
		{"say 1)", 37, 1},
		{"say 1 +", 35, 1},
		{"x = 3 ~ 4", 13, 1},
		{"1abc = 3", 31, 1},
		{"do i=1 to 3 to 4; end", 27, 1},
		{"when 1 then nop", 9, 1},
		{"else nop", 8, 1},
	}
	for _, c := range bad {
		_, err := Parse("t.rexx", c.src)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want error %d", c.src, err, c.code)
			continue
		}
		if pe.Err.Code != c.code || pe.Pos.Line != c.line {
			t.Errorf("Parse(%q) = error %d line %d (%v), want %d line %d", c.src, pe.Err.Code, pe.Pos.Line, pe, c.code, c.line)
		}
	}
}

func TestIncomplete(t *testing.T) {
	for _, src := range []string{"do i = 1 to 3", "if a then", "select", "/* open", "if a then do; say 1"} {
		_, err := Parse("t", src)
		if !Incomplete(err) {
			t.Errorf("Incomplete(Parse(%q)) = false (%v)", src, err)
		}
	}
	for _, src := range []string{"say 'abc", "end", "say (1"} {
		_, err := Parse("t", src)
		if Incomplete(err) {
			t.Errorf("Incomplete(Parse(%q)) = true", src)
		}
	}
}

func TestExpressionShape(t *testing.T) {
	prog, err := Parse("t", "say -2**2 'x'y")
	if err != nil {
		t.Fatal(err)
	}
	top := prog.Body[0].(*Say).X.(*Binary)
	if top.Op != Abut {
		t.Fatalf("top operator %q, want abuttal (concatenation is left-associative)", top.Op)
	}
	x := top.X.(*Binary)
	if x.Op != Blank {
		t.Fatalf("operator %q, want blank concatenation", x.Op)
	}
	pow := x.X.(*Binary)
	if pow.Op != Pow {
		t.Fatalf("left operand %q, want **", pow.Op)
	}
	if _, ok := pow.X.(*Unary); !ok {
		t.Fatalf("prefix minus should bind tighter than **")
	}
	if !strings.EqualFold(prog.Lines[0], "say -2**2 'x'y") {
		t.Fatal("source lines not kept")
	}
}

func TestParenthesesAbut(t *testing.T) {
	prog, err := Parse("t", "say (1) (2)(3)")
	if err != nil {
		t.Fatal(err)
	}
	b := prog.Body[0].(*Say).X.(*Binary)
	if b.Op != Abut || b.X.(*Binary).Op != Blank {
		t.Fatalf("got %q(%q), want abuttal of a blank concatenation", b.Op, b.X.(*Binary).Op)
	}
}

// TestLetMarksAssign: LET is an assignment marked as RexxJS's, which the
// interpreter needs to copy a stem; a plain one is not marked.
func TestLetMarksAssign(t *testing.T) {
	for src, want := range map[string]bool{"LET r = RESULT": true, "let r.1 = x": true, "r = RESULT": false} {
		prog, err := Parse("t.rexx", src)
		if err != nil {
			t.Fatalf("Parse(%q): %v", src, err)
		}
		a, ok := prog.Body[0].(*Assign)
		if !ok || a.Let != want {
			t.Errorf("Parse(%q) = %#v, want an Assign with Let %v", src, prog.Body[0], want)
		}
	}
}
