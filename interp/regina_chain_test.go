package interp_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestReginaChain replays testdata/regina_chain.txt: Regina 3.6's
// output for random expressions of several operations and for
// assignments between them (see testdata/regina_chain.rexx for the
// format and how to regenerate it). Each case runs as its own program
// that says "!" and the error number when an error is raised, as the
// generator does under Regina.
func TestReginaChain(t *testing.T) {
	f, err := os.Open("testdata/regina_chain.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, bad := 0, 0
	for sc.Scan() {
		n++
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 4 {
			t.Fatalf("line %d malformed: %q", n, sc.Text())
		}
		src := "numeric digits " + p[0] + "\n"
		if p[1] == "E" {
			src += "numeric form engineering\n"
		}
		src += "signal on syntax\n" + p[2] + "\nexit\nsyntax: say '!'rc\n"
		out, err := run(t, src, nil)
		if err != nil {
			t.Fatalf("line %d: %s: %v", n, p[2], err)
		}
		if got := strings.TrimSuffix(out, "\n"); got != p[3] {
			bad++
			t.Errorf("line %d: DIGITS %s FORM %s: %s\n got %s\nwant %s", n, p[0], p[1], p[2], got, p[3])
		}
	}
	if n < 500 {
		t.Fatalf("only %d cases", n)
	}
	if bad > 0 {
		t.Logf("%d of %d cases differ", bad, n)
	}
}
