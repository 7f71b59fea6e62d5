package repl

import (
	"errors"
	"testing"

	"github.com/rexxlxd/rexxlxd/parser"
)

func TestAssemble(t *testing.T) {
	const (
		ready = iota
		more
		bad
	)
	cases := []struct {
		src  string
		want int
	}{
		{"say 1", ready},
		{"x = 2; say x", ready},
		{"", ready},
		{"do i = 1 to 3", more},
		{"do i = 1 to 3\nsay i", more},
		{"do i = 1 to 3\nsay i\nend", ready},
		{"do forever; leave", more},
		{"select", more},
		{"select\nwhen 1 then say 'a'", more},
		{"select\nwhen 1 then say 'a'\notherwise nop\nend", ready},
		{"if 1 then", more},
		{"if 1 then\nsay 'yes'", ready},
		{"if 1 then do", more},
		{"if 1 then do\nsay 1\nend", ready},
		{"if 1 then say 1; else", more},
		// Continuation commas, with blanks and comments after them.
		{"say 1,", more},
		{"say 1,  ", more},
		{"say 1, /* more */", more},
		{"say 1,\n2", ready},
		{"say 1,\n", ready},
		{"x = substr('abc',", more},
		{"say 'a,'", ready},
		{"say 'a', 'b'", bad}, // Regina: Error 37.1
		// Comments.
		{"/* open", more},
		{"/* open\nstill", more},
		{"/* open\nclosed */ say 1", ready},
		{"/* a /* nested */ still open", more},
		{"/* a /* nested */ closed */", ready},
		{"say 1 /* , */", ready},
		// A line comment after the comma, as the parser (and Regina) read it.
		{"say 1, -- more", more},
		{"say 1 -- , no", ready},
		// A string cannot be finished by a later line: an error now.
		{"say 'abc", bad},
		{`say "it''s`, bad},
		{"say 'abc,", bad},
		{"end", bad},
		{"say (1", bad},
		{"otherwise", bad},
	}
	for _, c := range cases {
		prog, m, err := Assemble(c.src)
		got := ready
		switch {
		case m:
			got = more
		case err != nil:
			got = bad
		}
		if got != c.want {
			t.Errorf("Assemble(%q) = (more %v, err %v), want %s", c.src, m, err, [...]string{"ready", "more", "error"}[c.want])
			continue
		}
		if got == ready && prog == nil {
			t.Errorf("Assemble(%q): no program and no error", c.src)
		}
		if got == bad {
			var pe *parser.Error
			if !errors.As(err, &pe) {
				t.Errorf("Assemble(%q): error %T %v is not a *parser.Error", c.src, err, err)
			}
		}
	}
}

func TestAssembleKeepsLineNumbers(t *testing.T) {
	prog, more, err := Assemble("do i = 1 to 2\n\n  say i\nend")
	if err != nil || more {
		t.Fatalf("Assemble: more %v, err %v", more, err)
	}
	if prog.File != File {
		t.Errorf("File = %q, want %q", prog.File, File)
	}
	if len(prog.Lines) != 4 || prog.Lines[2] != "  say i" {
		t.Errorf("Lines = %q, want the four lines as typed", prog.Lines)
	}
}
