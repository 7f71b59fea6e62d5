package repl

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/chzyer/readline"
)

// errInterrupt is what a lineReader returns when Ctrl-C was typed at the
// prompt: the line is dropped and the session goes on.
var errInterrupt = readline.ErrInterrupt

// lineReader is where entries come from: a terminal with line editing, or
// plain lines from a pipe or file.
type lineReader interface {
	// readLine shows prompt and returns one line without its newline;
	// io.EOF at the end (Ctrl-D), errInterrupt for Ctrl-C.
	readLine(prompt string) (string, error)
	// remember adds a line to the history.
	remember(line string)
	// afterOutput runs when an entry has run, before the next prompt.
	afterOutput()
	close() error
}

// termReader reads lines with github.com/chzyer/readline: editing keys,
// history (Up, Down, Ctrl-R) and tab completion.
type termReader struct {
	rl    *readline.Instance
	out   io.Writer
	width func() int
	last  string
}

// newTermReader puts line editing on the terminal f. Raw mode is entered
// only while a line is being read, so running code sees a normal terminal
// and Ctrl-C reaches the session as SIGINT. history "" keeps no history.
func newTermReader(f *os.File, out, errw io.Writer, history string, ac readline.AutoCompleter) (*termReader, error) {
	fd := int(f.Fd())
	width := func() int {
		if w, _, err := readline.GetSize(fd); err == nil && w > 0 {
			return w
		}
		return 80
	}
	var saved *readline.State
	cfg := &readline.Config{
		HistoryFile:            history,
		HistoryLimit:           2000,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		AutoComplete:           ac,
		Stdin:                  readline.NewCancelableStdin(f),
		Stdout:                 out,
		Stderr:                 errw,
		FuncIsTerminal:         func() bool { return readline.IsTerminal(fd) },
		FuncMakeRaw: func() error {
			if saved != nil {
				return nil
			}
			st, err := readline.MakeRaw(fd)
			if err != nil {
				return err
			}
			saved = st
			return nil
		},
		FuncExitRaw: func() error {
			if saved == nil {
				return nil
			}
			err := readline.Restore(fd, saved)
			saved = nil
			return err
		},
		FuncGetWidth: width,
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return nil, err
	}
	return &termReader{rl: rl, out: out, width: width}, nil
}

func (r *termReader) readLine(prompt string) (string, error) {
	r.rl.SetPrompt(prompt)
	return r.rl.Readline()
}

// remember saves line to the history file unless it repeats the last one.
func (r *termReader) remember(line string) {
	if line == r.last || blank(line) {
		return
	}
	r.last = line
	_ = r.rl.SaveHistory(line) // a history file that cannot be written is no reason to stop
}

func (r *termReader) close() error { return r.rl.Close() }

// afterOutput keeps output that did not end its line (CHAROUT, a
// command's "echo -n") from being overwritten by the prompt, which
// readline draws from the first column. It is zsh's PROMPT_SP: a "%" and
// blanks to the last column, then a carriage return. At the first column
// they fill one line and the prompt overwrites them; after partial output
// the blanks wrap, leaving the output and its "%" on their line.
func (r *termReader) afterOutput() {
	io.WriteString(r.out, "%"+strings.Repeat(" ", r.width()-1)+"\r \r")
}

// errQuit is what a plainReader returns when the session was told to end
// (an interrupt between entries) while it waited for a line.
var errQuit = errors.New("session interrupted")

// plainReader reads lines from a pipe or file, one byte at a time so that
// nothing beyond the current line is taken from the shared file
// descriptor: a command run by the entry reads the rest itself. While it
// waits, a close of quit ends the wait with errQuit; the read itself
// cannot be taken back, so the line it may still get is dropped.
type plainReader struct {
	r    io.Reader
	quit <-chan struct{}
}

func (p plainReader) readLine(string) (string, error) {
	if p.quit == nil {
		return p.read()
	}
	select {
	case <-p.quit:
		return "", errQuit
	default:
	}
	type line struct {
		text string
		err  error
	}
	got := make(chan line, 1)
	go func() {
		text, err := p.read()
		got <- line{text, err}
	}()
	select {
	case l := <-got:
		return l.text, l.err
	case <-p.quit:
		return "", errQuit
	}
}

// read reads one line.
func (p plainReader) read() (string, error) {
	var b strings.Builder
	var c [1]byte
	for {
		n, err := p.r.Read(c[:])
		if n == 1 {
			if c[0] == '\n' {
				return strings.TrimSuffix(b.String(), "\r"), nil
			}
			b.WriteByte(c[0])
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) && b.Len() > 0 {
				return strings.TrimSuffix(b.String(), "\r"), nil
			}
			return "", err
		}
	}
}

func (plainReader) remember(string) {}
func (plainReader) afterOutput()    {}
func (plainReader) close() error    { return nil }
