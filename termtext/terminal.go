package termtext

import (
	"fmt"
	"io"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// IsTerminal reports whether w is a terminal: an *os.File that answers
// the terminal ioctl. Being a character device is not enough: /dev/null
// is one too, and `rexxlxd </dev/null` runs an (empty) program, not an
// interactive session. It is the one test of "is this a terminal" that
// the command line, the REPL and ADDRESS LXD's views share.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// StatusLine is one line on a terminal that is rewritten in place while
// something long runs ("start 3/8 …", "web-1: downloading 45%") and
// cleared when it ends. Every text shown is folded to one line and
// escaped (Line), as it may name a guest's file or an image. Its methods
// are safe for concurrent use, and do nothing on a nil *StatusLine, which
// is what NewStatusLine gives for a stream that is no terminal: logs and
// captured streams get no progress lines at all.
type StatusLine struct {
	mu    sync.Mutex
	w     io.Writer
	shown bool
}

// NewStatusLine returns a status line on w, or nil when w is no terminal.
func NewStatusLine(w io.Writer) *StatusLine {
	if !IsTerminal(w) {
		return nil
	}
	return &StatusLine{w: w}
}

// Show replaces the line with text.
func (l *StatusLine) Show(text string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "\r\x1b[K%s", Line(text))
	l.shown = true
}

// Clear removes the line, if one is shown.
func (l *StatusLine) Clear() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.shown {
		fmt.Fprint(l.w, "\r\x1b[K")
		l.shown = false
	}
}
