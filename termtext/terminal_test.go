package termtext

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/creack/pty"
)

// TestIsTerminal: a pty is a terminal; a buffer, a pipe and /dev/null
// (a character device) are not.
func TestIsTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("no pty: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if !IsTerminal(tty) {
		t.Error("a pty is no terminal")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	var nilFile *os.File
	for name, w := range map[string]io.Writer{"buffer": &bytes.Buffer{}, "pipe": w, "/dev/null": null, "nil file": nilFile, "nil": nil} {
		if IsTerminal(w) {
			t.Errorf("%s is a terminal", name)
		}
	}
}

// TestStatusLine: on a terminal the line is rewritten in place, escaped
// and folded to one line, and cleared once; elsewhere nothing is written.
func TestStatusLine(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("no pty: %v", err)
	}
	defer ptmx.Close()
	l := NewStatusLine(tty)
	l.Clear() // nothing shown yet: nothing written
	l.Show("c1: rootfs: 10%")
	l.Show("c1: \x1b]0;pwned\x07 95%\nnext")
	l.Clear()
	l.Clear()
	tty.Close()
	got, _ := io.ReadAll(ptmx)
	want := "\r\x1b[Kc1: rootfs: 10%\r\x1b[Kc1: \\x1b]0;pwned\\x07 95% next\r\x1b[K"
	if string(got) != want {
		t.Errorf("wrote %q, want %q", got, want)
	}

	var b bytes.Buffer
	l = NewStatusLine(&b)
	if l != nil {
		t.Fatal("a status line on a buffer")
	}
	l.Show("x") // a nil line does nothing
	l.Clear()
	if b.Len() != 0 {
		t.Errorf("buffer got %q", b.String())
	}
}
