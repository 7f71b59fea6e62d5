package stream

import (
	"bufio"
	"errors"
	"io"
	"path/filepath"
	"strings"
)

// Table is the set of streams of one running program: the standard
// streams and every file the program has named. It is not safe for
// concurrent use; one interpreter owns one Table.
type Table struct {
	in       *bufio.Reader
	out, err io.Writer
	std      [3]*stream         // STDIN, STDOUT, STDERR
	files    map[string]*stream // by absolute path
	byName   map[string]*stream // by the name the program used, resolved once
}

// NewTable returns a Table whose standard streams are stdin, stdout and
// stderr. Standard input is read through one buffered reader shared by
// LINEIN, CHARIN and ReadStdinLine (PULL), so no input is lost between
// them. Standard output and error are written unbuffered, so LINEOUT and
// SAY output stay in order.
func NewTable(stdin io.Reader, stdout, stderr io.Writer) *Table {
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	if stdout == nil {
		stdout = io.Discard
	}
	if stderr == nil {
		stderr = io.Discard
	}
	t := &Table{
		in:     bufio.NewReaderSize(stdin, 64<<10),
		out:    stdout,
		err:    stderr,
		files:  map[string]*stream{},
		byName: map[string]*stream{},
	}
	for k := stdinKind; k <= stderrKind; k++ {
		t.std[k-stdinKind] = &stream{kind: k, name: stdNames[k-stdinKind], state: Ready}
	}
	return t
}

// kind tells a file from the three standard streams.
type kind int

const (
	fileKind kind = iota
	stdinKind
	stdoutKind
	stderrKind
)

// stdNames are the names Regina reports for the default streams.
var stdNames = [3]string{"<stdin>", "<stdout>", "<stderr>"}

// stdKindOf returns the kind a stream name denotes: STDIN, STDOUT and
// STDERR in any case, and Regina's <stdin>, <stdout> and <stderr>, are
// the standard streams; anything else is a file.
func stdKindOf(name string) kind {
	if len(name) > 2 && name[0] == '<' && name[len(name)-1] == '>' {
		name = name[1 : len(name)-1]
	}
	switch {
	case len(name) != 5 && len(name) != 6:
	case strings.EqualFold(name, "STDIN"):
		return stdinKind
	case strings.EqualFold(name, "STDOUT"):
		return stdoutKind
	case strings.EqualFold(name, "STDERR"):
		return stderrKind
	}
	return fileKind
}

// lookup returns the stream a name denotes, creating the record of a file
// stream on first use (the file itself is opened by the first operation).
// A relative name is resolved against the working directory once, when
// the program first uses it.
// The empty name is standard input, or standard output when output is set.
func (t *Table) lookup(name string, output bool) *stream {
	if name == "" {
		s := t.std[0]
		if output {
			s = t.std[stdoutKind-stdinKind]
		}
		s.name = stdNames[s.kind-stdinKind]
		return s
	}
	if k := stdKindOf(name); k != fileKind {
		s := t.std[k-stdinKind]
		s.name = name
		return s
	}
	if s := t.byName[name]; s != nil {
		return s
	}
	key := absPath(name)
	s := t.files[key]
	if s == nil {
		s = &stream{kind: fileKind, name: name, path: key}
		t.files[key] = s
	}
	t.byName[name] = s
	return s
}

// absPath is the key of a file stream: its absolute, cleaned path, so
// that "f.txt" and "./f.txt" are one stream with one pair of positions.
func absPath(name string) string {
	if abs, err := filepath.Abs(name); err == nil {
		return abs
	}
	return name
}

// known returns the stream a name denotes without creating a record, or
// nil when the program has not used it.
func (t *Table) known(name string) *stream {
	if name == "" || stdKindOf(name) != fileKind {
		return t.lookup(name, false)
	}
	if s := t.byName[name]; s != nil {
		return s
	}
	return t.files[absPath(name)]
}

// ReadStdinLine reads one line of standard input for PULL and PARSE PULL,
// through the same buffer as LINEIN('STDIN'). The line ends at a line feed,
// which is dropped with a carriage return before it. It returns false at
// end of input when nothing was read.
func (t *Table) ReadStdinLine() (string, bool) {
	line, err := t.in.ReadString('\n')
	if err != nil && line == "" {
		return "", false
	}
	return trimEOL(line), true
}

// Close closes every open file; the Table stays usable and reopens files
// on their next use. It returns the errors, each naming its file; the
// interpreter reports them at the end of the program.
func (t *Table) Close() error {
	var errs []error
	for _, s := range t.files {
		if err := s.close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// trimEOL drops a trailing line feed and a carriage return before it.
func trimEOL(line string) string {
	line = strings.TrimSuffix(line, "\n")
	return strings.TrimSuffix(line, "\r")
}

// forget drops the record of a file stream that a query created, so that
// asking about many files does not keep a record of each.
func (t *Table) forget(name string, s *stream) {
	delete(t.files, s.path)
	delete(t.byName, name)
}
