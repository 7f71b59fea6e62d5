package repl

import (
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// BenchmarkAssemble measures deciding, after each line, whether a
// 30-line block is complete: the REPL does this once per Enter.
func BenchmarkAssemble(b *testing.B) {
	var lines []string
	lines = append(lines, "do i = 1 to 10")
	for range 28 {
		lines = append(lines, `  "execute name=web"i "command='apt-get update && echo done'"`)
	}
	lines = append(lines, "end")
	src := strings.Join(lines, "\n")
	for b.Loop() {
		if _, more, err := Assemble(src); more || err != nil {
			b.Fatal(more, err)
		}
	}
}

// BenchmarkCompleteKeyword measures one Tab on a plain word with the real
// keyword and function tables and 200 variables.
func BenchmarkCompleteKeyword(b *testing.B) {
	vars := make([]string, 200)
	for i := range vars {
		vars[i] = "VAR" + strings.Repeat("X", i%7) + string(rune('A'+i%26))
	}
	s := &Sources{Keywords: parser.Keywords, Functions: interp.FunctionNames(), Vars: func() []string { return vars }}
	line := "x = 1; say su"
	for b.Loop() {
		if _, c := Complete(line, len(line), s); len(c) == 0 {
			b.Fatal("no candidates")
		}
	}
}

// BenchmarkCompleteLXDKey measures one Tab inside an ADDRESS LXD command
// string, without the daemon.
func BenchmarkCompleteLXDKey(b *testing.B) {
	s := testSources(true)
	line := `address lxd "create name=x image=alpine st`
	for b.Loop() {
		if _, c := Complete(line, len(line), s); len(c) == 0 {
			b.Fatal("no candidates")
		}
	}
}
