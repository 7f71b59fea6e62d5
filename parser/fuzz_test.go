package parser

import (
	"strings"
	"testing"
)

// FuzzParse checks that no input makes the parser panic or, with
// AllErrors, loop; that AllErrors fails exactly when Parse does, with
// Parse's error among its list.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"say 1+2", "do i=1 to 3; say i; end", "if a then b; else c", "select; when 1 then nop; end",
		"parse value x with a 'b' +3 c (d) =5 e", "x.y.z = 'ab'x || '01'b", "/* /* */ */ call f 1,,2",
		"signal on syntax name s; interpret 'say 1'", "a = (1 + (2 * 3)", "say 'a''b' \"c\"\"d\"",
		"address sh 'ls' with output replace stem o. error normal", "parse upper caseless arg a ('x') +(n) b",
		"do forever while 1; leave; end -- comment", "upper a b.; trace ?r; numeric form value 'E'",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		prog, err := Parse("fuzz.rexx", src)
		_, all := ParseMode("fuzz.rexx", src, AllErrors)
		if (err == nil) != (all == nil) {
			t.Fatalf("Parse: %v; with AllErrors: %v", err, all)
		}
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Parse returned %T, want *Error: %v", err, err)
			}
			if !strings.Contains(all.Error(), err.Error()) {
				t.Fatalf("Parse: %v\nnot among AllErrors':\n%v", err, all)
			}
			return
		}
		if prog == nil {
			t.Fatal("nil program without error")
		}
	})
}
