package termtext

import (
	"bytes"
	"testing"
)

// TestSessionWriter checks what a guest's shell session may do to the
// user's terminal: drawing passes (CSI, colours, short ESC sequences,
// CR, BS, BEL, UTF-8), while OSC/DCS/APC/PM/SOS strings, CSI t window
// operations and C1 controls are dropped whole, also when a sequence is
// split over writes (every input is fed whole and one byte at a time).
func TestSessionWriter(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text\r\n", "plain text\r\n"},
		{"\x1b[1;31mred\x1b[0m \x1b[2J\x1b[H\x1b[?25l", "\x1b[1;31mred\x1b[0m \x1b[2J\x1b[H\x1b[?25l"},
		{"a\bb\x07 \x1b(B\x1b7\x1b8", "a\bb\x07 \x1b(B\x1b7\x1b8"},
		{"grün €", "grün €"},
		{"x\x1b]52;c;cm0gLXJmIH4K\x07y", "xy"},
		{"x\x1b]0;owned title\x1b\\y", "xy"},
		{"x\x1bPq#0;2;0;0;0\x1b\\y", "xy"},
		{"x\x1b_apc\x1b\\\x1b^pm\x07\x1bXsos\x1b\\y", "xy"},
		{"x\x1b[21ty\x1b[8;100;100t", "xy"},
		{"x\u009b31my\u009d0;t\u0007", "x31my0;t\x07"},
		// An ESC inside a string ends it and starts a sequence of its own.
		{"\x1b]0;title\x1b[1mbold", "\x1b[1mbold"},
		// Not a CSI a terminal knows: dropped with the byte that broke it.
		{"\x1b[1\x01z", "z"},
	} {
		var whole bytes.Buffer
		if _, err := NewSessionWriter(&whole).Write([]byte(tc.in)); err != nil {
			t.Fatal(err)
		}
		var split bytes.Buffer
		w := NewSessionWriter(&split)
		for i := 0; i < len(tc.in); i++ {
			w.Write([]byte{tc.in[i]})
		}
		if whole.String() != tc.want || split.String() != tc.want {
			t.Errorf("%q: got %q (byte by byte %q), want %q", tc.in, whole.String(), split.String(), tc.want)
		}
	}
}
