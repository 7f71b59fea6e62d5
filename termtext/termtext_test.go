package termtext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, ünïcödé ✓":            "plain text, ünïcödé ✓",
		"a\nb\tc":                          "a\nb\tc",
		"\x1b]52;c;aGk=\x07":               `\x1b]52;c;aGk=\x07`,
		"\x1b]0;title\x1b\\":               `\x1b]0;title\x1b\`,
		"over\rwrite":                      `over\x0dwrite`,
		"nul\x00del\x7f":                   `nul\x00del\x7f`,
		"c1 \u009b2J and \u0085":           `c1 \u009b2J and \u0085`,
		"bidi \u202egnp.exe \u2066x\u2069": `bidi \u202egnp.exe \u2066x\u2069`,
		"bad \xff\xc2 utf8":                `bad \xff\xc2 utf8`,
		"":                                 "",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLine(t *testing.T) {
	if got, want := Line("a\nb\r\nc\td\x1b[2J"), `a b c d\x1b[2J`; got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
}

// FuzzEscape checks that no input leaves a control character, a C1
// control or a byte that is no UTF-8 in Escape's output, and that text
// without them comes back unchanged.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"a", "\x1b]52;c;x\x07", "\xc2\x9b", "\xe2\x80\xae", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Escape(%q) = %q is no UTF-8", s, out)
		}
		for _, r := range out {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || unsafeRune(r) {
				t.Fatalf("Escape(%q) = %q holds %U", s, out, r)
			}
		}
		if firstUnsafe(s) < 0 && out != s {
			t.Fatalf("Escape(%q) changed safe text to %q", s, out)
		}
		if strings.Count(out, "\n") != strings.Count(s, "\n") {
			t.Fatalf("Escape(%q) changed the lines: %q", s, out)
		}
	})
}

// TestWriter feeds a stream to Writer one byte at a time and in two
// halves: the output is Escape of the whole, a character split between
// writes included.
func TestWriter(t *testing.T) {
	in := "ü\x1b]52;c;x\x07 ✓ \u009b2J\xff end\xe2\x9c"
	want := Escape(in)
	for _, size := range []int{1, 2, 3, len(in) / 2, len(in)} {
		var b strings.Builder
		w := NewWriter(&b)
		for i := 0; i < len(in); i += size {
			if n, err := w.Write([]byte(in[i:min(i+size, len(in))])); err != nil || n != min(size, len(in)-i) {
				t.Fatalf("Write: %d %v", n, err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("in writes of %d: %q, want %q", size, b.String(), want)
		}
	}
}
