package interp_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// FuzzRun runs arbitrary programs with a step budget: any outcome but a
// Go panic, or an error that is not a REXX error, is acceptable.
func FuzzRun(f *testing.F) {
	for _, s := range []string{
		"say 1/3 2**100 -7//2", "do i=1 to 3; say i; end", "x.=1; drop x.2; say x.1 x.2",
		"parse value 'a:b c' with p ':' q r +1 s", "call f 1; exit; f: procedure; return arg(1)*2",
		"signal on syntax; say 1+'a'; exit; syntax: say rc sigl", "interpret 'do 2; say 1; end'",
		"numeric digits 3; say 12345 * 3", "select; when 1 then say 'y'; end", "say substr('abc', 2) length('')",
		"push 'a'; queue 'b'; pull x; say x queued()", "say d2x(255) x2d('ff') format(3.14159,,2)",
		"trace i; a.1 = 2; i = 1; say a.i + length('ab') -i; do j = 1 to 2; end",
		"x = ' 1 '; if x then upper x; parse caseless value 'AbC' with 'b' y; say y",
		"address system 'x' with input stem i. output append stem o. error fifo ''",
		"call on error; 'x'; exit; error: x = 1 + 'a'; return", "signal l; do 2; l: end",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		prog, err := parser.Parse("fuzz.rexx", src)
		if err != nil {
			return
		}
		in := interp.New()
		in.StepLimit = 10000
		in.MaxDepth = 200
		var out bytes.Buffer
		in.Stdout, in.Stderr, in.Stdin = &out, &out, strings.NewReader("line\n")
		_, err = in.Run(context.Background(), prog)
		var e *interp.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("Run(%q) returned %T %v, want *interp.Error", src, err, err)
		}
	})
}
