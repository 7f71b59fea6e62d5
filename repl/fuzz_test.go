package repl

import (
	"strings"
	"testing"
)

// FuzzComplete checks that completion never panics and that every
// candidate extends the word it completes, whatever the line and cursor.
func FuzzComplete(f *testing.F) {
	for _, seed := range []string{"sa", `address lxd "start name=we`, `"exec command='a`, "say 'x' /* c", "x.y.", "if a then s", "\"\"\"", "é 'ü"} {
		f.Add(seed, len(seed))
	}
	s := testSources(true)
	f.Fuzz(func(t *testing.T, line string, pos int) {
		word, cands := Complete(line, pos, s)
		for _, c := range cands {
			if !strings.HasPrefix(c, word) {
				t.Fatalf("Complete(%q, %d): candidate %q does not extend %q", line, pos, c, word)
			}
		}
		if pos >= 0 && pos <= len(line) && !strings.HasSuffix(line[:pos], word) {
			t.Fatalf("Complete(%q, %d): word %q is not before the cursor", line, pos, word)
		}
	})
}

// FuzzAssemble checks that deciding whether an entry is complete never
// panics and gives exactly one answer.
func FuzzAssemble(f *testing.F) {
	for _, seed := range []string{"do i = 1 to 3\nsay i", "say 1,", "/* a /* b */", "say 'a", "select\nwhen 1 then", "if a then; else"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		prog, more, err := Assemble(src)
		n := 0
		if prog != nil {
			n++
		}
		if more {
			n++
		}
		if err != nil {
			n++
		}
		if n != 1 {
			t.Fatalf("Assemble(%q) = %v, %v, %v: want exactly one of program, more, error", src, prog != nil, more, err)
		}
	})
}
