package lxd

import (
	"errors"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/rexxlxd/rexxlxd/termtext"
)

// terminal is the program's terminal while shell runs: raw mode, its
// window size followed, and keystrokes copied to the guest until the shell ends,
// without leaving a read pending on it afterwards (the REPL reads the
// next line from the same terminal).
type terminal struct {
	in, out *os.File
	term    string // TERM for the guest
}

// resizer is what follows the window size (lxdapi.TerminalSession).
type resizer interface{ Resize(width, height int) error }

// newTerminal checks that in and out are terminals.
func newTerminal(in io.Reader, out io.Writer) (*terminal, error) {
	fin, ok := in.(*os.File)
	if !ok || !termtext.IsTerminal(fin) {
		return nil, errors.New("standard input is not a terminal")
	}
	fout, ok := out.(*os.File)
	if !ok || !termtext.IsTerminal(fout) {
		return nil, errors.New("standard output is not a terminal")
	}
	return &terminal{in: fin, out: fout}, nil
}

// size is the window's width and height (80x24 when it cannot be read).
func (t *terminal) size() (int, int) {
	ws, err := unix.IoctlGetWinsize(int(t.out.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 || ws.Row == 0 {
		return 80, 24
	}
	return int(ws.Col), int(ws.Row)
}

// makeRaw puts the input terminal in raw mode, as cfmakeraw does, and
// returns the function that puts it back (safe to call more than once).
func (t *terminal) makeRaw() (restore func(), err error) {
	fd := int(t.in.Fd())
	saved, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return nil, err
	}
	raw := *saved
	raw.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	raw.Oflag &^= unix.OPOST
	raw.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	raw.Cflag &^= unix.CSIZE | unix.PARENB
	raw.Cflag |= unix.CS8
	raw.Cc[unix.VMIN], raw.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &raw); err != nil {
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(func() { _ = unix.IoctlSetTermios(fd, unix.TCSETS, saved) }) }, nil
}

// sizeCheck is how often the window's size is looked at while a shell
// runs. A library takes no signals (they are the embedder's; see
// TestLibraryLeavesTheProcessAlone), so there is no SIGWINCH to wait
// for: one ioctl every sizeCheck costs nothing, and a resize reaches the
// guest within it.
const sizeCheck = 200 * time.Millisecond

// relay copies keystrokes from the terminal to dst, and the window's size
// to dst's Resize whenever it changes, until stop is called or the
// terminal ends. It waits for input with poll(2) on the terminal and on a
// pipe of its own, so stop ends it at once and no read of the terminal is
// left pending to swallow what the user types next.
func (t *terminal) relay(dst interface {
	io.Writer
	resizer
}) (stop func()) {
	r, w, err := os.Pipe()
	if err != nil {
		return func() {}
	}
	in := int(t.in.Fd())
	wake := int(r.Fd())
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		buf := make([]byte, 4096)
		w, h := t.size()
		for {
			if nw, nh := t.size(); nw != w || nh != h {
				w, h = nw, nh
				_ = dst.Resize(w, h) // fails only when the shell is gone
			}
			fds := []unix.PollFd{{Fd: int32(in), Events: unix.POLLIN}, {Fd: int32(wake), Events: unix.POLLIN}}
			if _, err := unix.Poll(fds, int(sizeCheck/time.Millisecond)); err != nil {
				if errors.Is(err, unix.EINTR) {
					continue
				}
				return
			}
			if fds[1].Revents != 0 {
				return
			}
			if fds[0].Revents == 0 {
				continue
			}
			n, err := unix.Read(in, buf)
			if n > 0 {
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
			if n == 0 || err != nil && !errors.Is(err, unix.EINTR) && !errors.Is(err, unix.EAGAIN) {
				return
			}
		}
	}()
	return func() {
		w.Write([]byte{0})
		<-ended
		r.Close()
		w.Close()
	}
}
