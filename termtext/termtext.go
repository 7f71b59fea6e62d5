// Package termtext makes text safe to show on a terminal. Text that a
// guest chose (an execute's output, a file name, an error that quotes
// either) can hold escape sequences that a terminal acts on instead of
// showing: OSC 52 writes the clipboard, OSC 0 sets the window title, CSI
// moves the cursor or clears the screen, a carriage return overwrites
// what was shown. Escape turns every such character into visible text.
// It is the one place that decides what is escaped and how; every view of
// guest text for a person (the REPL's result view, progress lines, the
// "Error: ..." line) goes through it, while the values a script reads
// (RESULT.STDOUT and the rest) keep their bytes.
package termtext

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Escape returns s with every character a terminal would act on written
// as a hexadecimal escape: C0 controls but newline and tab (\x1b, \x0d,
// \x07 ...) and DEL (\x7f) as \xNN, the C1 controls U+0080 to U+009F
// (\u009b, a one-character CSI), the Unicode bidirectional overrides and
// isolates that can make shown text read in another order (\u202e), and
// every byte that is not part of valid UTF-8 (\xff), which a terminal in
// an 8-bit mode may read as a C1 control. Newlines and tabs stay, so
// multi-line output keeps its lines and indentation; a caller that shows
// one line folds them first. Text with nothing to escape is returned as
// it is, without a copy.
func Escape(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 && r != '\n' && r != '\t' || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe is the index of the first character Escape changes, or -1.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return i
		}
		i += size
	}
	return -1
}

// unsafeRune reports the non-ASCII runes that Escape writes as \uXXXX:
// C1 controls, and the bidirectional embeddings, overrides and isolates.
func unsafeRune(r rune) bool {
	return 0x80 <= r && r <= 0x9f || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// Line is Escape for a view that shows one line: newlines, carriage
// returns and tabs become single blanks first, so that the line stays one
// line and its columns line up, and then the rest is escaped.
func Line(s string) string {
	if strings.ContainsAny(s, "\n\t\r") {
		s = strings.NewReplacer("\r\n", " ", "\n", " ", "\t", " ", "\r", " ").Replace(s)
	}
	return Escape(s)
}

// Writer escapes a stream on its way to a terminal (a guest's output
// copied live): each Write is escaped as Escape would escape the whole
// stream, a character split between two writes included, whose first
// bytes wait for the rest. Flush writes what still waits (bytes that
// never became a character, shown as \xNN).
type Writer struct {
	w       io.Writer
	pending []byte
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write escapes p and writes it on; it reports all of p as written when w
// took the escaped text.
func (e *Writer) Write(p []byte) (int, error) {
	data := append(e.pending, p...)
	cut := len(data)
	// Hold back the start of a character that the next write completes.
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				cut = i
			}
			break
		}
	}
	e.pending = append([]byte(nil), data[cut:]...)
	if cut == 0 {
		return len(p), nil
	}
	if _, err := io.WriteString(e.w, Escape(string(data[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes the bytes held back for a character that never came.
func (e *Writer) Flush() error {
	if len(e.pending) == 0 {
		return nil
	}
	_, err := io.WriteString(e.w, Escape(string(e.pending)))
	e.pending = nil
	return err
}
