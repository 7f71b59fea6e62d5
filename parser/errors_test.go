package parser

import (
	"errors"
	"strings"
	"testing"
)

// TestAllErrors: with AllErrors the parser goes on after an error at the
// next clause (the scanner at the next character) and reports every
// error, sorted by position, one a line, each as "file:line:col: Error
// N.M: text"; the first is the one Parse reports, with Regina's number
// and text. A block with an error inside still finds its END.
func TestAllErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"three clauses", "say (1\nx = 2\nsay 1 +\ny = 3\nif 1 say 2\n", []string{
			`t.rexx:1:5: Error 36: Unmatched "(" in expression`,
			`t.rexx:3:8: Error 35.1: Invalid expression detected at ""`,
			// Regina's place: the line after the last, where THEN was due.
			`t.rexx:6:1: Error 18.1: IF keyword on line 5 requires matching THEN clause; found ""`,
		}},
		{"inside blocks", "do i = 1 to 3\n  say i +\nend\nselect\n  when (1 then nop\n  when 1 then say )\nend\nsay 'ok'", []string{
			`t.rexx:2:10: Error 35.1: Invalid expression detected at ""`,
			`t.rexx:5:8: Error 36: Unmatched "(" in expression`,
			`t.rexx:6:19: Error 37.2: Unmatched ")" in expression`,
		}},
		{"scanner and parser", "say 'abc\nsay 1 ~ 2\nsay 'zz'x\nend\n", []string{
			`t.rexx:1:5: Error 6.2: Unmatched single quote (')`,
			`t.rexx:2:7: Error 13.1: Invalid character in program "('7e'X)"`,
			`t.rexx:3:5: Error 15.3: Only 0-9, a-f, A-F, and blank are valid in a hexadecimal string; found "z"`,
			`t.rexx:4:1: Error 10.1: END has no corresponding DO or SELECT`,
		}},
		{"one a line", "say 1 + ; say )\nsay 2", []string{
			`t.rexx:1:9: Error 35.1: Invalid expression detected at ""`,
		}},
	}
	for _, tt := range tests {
		prog, err := ParseMode("t.rexx", tt.src, AllErrors)
		var list ErrorList
		if !errors.As(err, &list) || prog != nil {
			t.Errorf("%s: ParseMode = %v, %v; want an ErrorList and no program", tt.name, prog, err)
			continue
		}
		if got := strings.Split(list.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s: errors\n%s\nwant\n%s", tt.name, list.Error(), strings.Join(tt.want, "\n"))
		}
		_, first := Parse("t.rexx", tt.src)
		var pe *Error
		if !errors.As(err, &pe) || first == nil || pe.Error() != first.Error() {
			t.Errorf("%s: first of the list %v; Parse reports %v", tt.name, pe, first)
		}
	}
	if prog, err := ParseMode("t.rexx", "do 2; say 1; end", AllErrors); err != nil || len(prog.Body) != 1 {
		t.Errorf("ParseMode(good program) = %v, %v; want the program", prog, err)
	}
}
