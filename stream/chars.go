package stream

import (
	"io"
	"strings"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// CharIn implements CHARIN(name, start, count). start 0 means the start
// argument was omitted (read at the read position); otherwise the read
// position moves to that byte (1-based) first; a position past the last
// byte puts the stream in the ERROR state ("Repositioning at or after
// EOF"), as in Regina. It reads up to count bytes; fewer at end of data,
// with NOTREADY ("EOF on char input").
func (t *Table) CharIn(name string, start, count int) (string, Result, error) {
	if start < 0 {
		return "", ready, rexxerr.New(40, 14, "CHARIN argument 2 must be positive; found \"%d\"", start)
	}
	if count < 0 {
		return "", ready, rexxerr.New(40, 13, "CHARIN argument 3 must be zero or positive; found \"%d\"", count)
	}
	s := t.lookup(name, false)
	switch s.kind {
	case stdinKind:
		if start > 0 {
			return "", ready, cannotPosition("CHARIN", s)
		}
		var buf strings.Builder
		if _, err := io.CopyN(&buf, t.in, int64(count)); err != nil {
			s.eof(eofChar)
			return buf.String(), notReady(s), nil
		}
		s.state = Ready
		return buf.String(), ready, nil
	case stdoutKind, stderrKind:
		return "", notReady(s), nil
	}
	if s.state == Error {
		return "", notReady(s), nil
	}
	if err := s.ensure(false); err != nil {
		s.fail(err)
		return "", notReady(s), nil
	}
	if start > 0 {
		if !s.seekChar(&s.rpos, &s.rline, start, true) {
			return "", notReady(s), nil
		}
	}
	if count == 0 {
		return "", ready, nil
	}
	str, err := s.readChars(count)
	if err != nil {
		s.fail(err)
		return str, notReady(s), nil
	}
	if len(str) < count {
		// Regina leaves a stream that gave some of the bytes READY.
		if str == "" {
			s.state = NotReady
		}
		s.desc = eofChar
		return str, notReady(s), nil
	}
	s.state = Ready
	return str, ready, nil
}

// CharOut implements CHAROUT(name, string, start) and returns the number
// of bytes not written: 0, or the length of string after a failure (with
// NOTREADY). start above 0 first moves the write position to that byte
// (1-based; at most one past the end); the bytes there are overwritten.
// With neither a string nor a start the stream is closed.
func (t *Table) CharOut(name, str string, hasString bool, start int) (int, Result, error) {
	if start < 0 {
		return 0, ready, rexxerr.New(40, 14, "CHAROUT argument 3 must be positive; found \"%d\"", start)
	}
	s := t.lookup(name, true)
	switch s.kind {
	case stdoutKind, stderrKind:
		if start > 0 {
			return 0, ready, cannotPosition("CHAROUT", s)
		}
		if !hasString {
			return 0, ready, nil
		}
		if err := t.writeStd(s, str); err != nil {
			return len(str), notReady(s), nil
		}
		return 0, ready, nil
	case stdinKind:
		return len(str), notReady(s), nil
	}
	if s.state == Error {
		// Regina does not close a stream in the ERROR state here, and
		// does not raise NOTREADY for the attempt.
		if !hasString && start == 0 {
			return 0, ready, nil
		}
		return len(str), notReady(s), nil
	}
	if !hasString && start == 0 {
		if err := s.close(); err != nil {
			s.fail(err)
			return 0, notReady(s), nil
		}
		return 0, ready, nil
	}
	if err := s.ensure(true); err != nil {
		s.fail(err)
		return len(str), notReady(s), nil
	}
	if start > 0 {
		if !s.seekChar(&s.wpos, &s.wline, start, false) {
			return len(str), notReady(s), nil
		}
	}
	if str != "" {
		if n, err := s.write([]byte(str)); err != nil {
			s.fail(err)
			return len(str) - n, notReady(s), nil
		}
		s.wline = 0
	}
	s.state = Ready
	return 0, ready, nil
}

// Chars implements CHARS(name): the number of bytes from the read position
// to the end of a file. On standard input it is the number of bytes
// already buffered, at least 1 when input is waiting (it waits for input
// if none is buffered), and 0 at end of input. A stream in the ERROR state
// gives 0 without NOTREADY, as in Regina.
func (t *Table) Chars(name string) (int, Result) {
	s := t.lookup(name, false)
	switch s.kind {
	case stdinKind:
		if t.stdinWaiting() {
			return t.in.Buffered(), ready
		}
		return 0, ready
	case stdoutKind, stderrKind:
		return 0, ready
	}
	if s.state == Error {
		return 0, ready
	}
	if s.f == nil {
		if err := s.open(false, false); err != nil {
			return 0, notReady(s)
		}
	}
	size, err := s.size()
	if err != nil {
		s.fail(err)
		return 0, notReady(s)
	}
	return int(max(size-s.rpos, 0)), ready
}

// seekChar moves a position to byte pos (1-based). A read position must
// be on a byte of the file; a write position may also be just past the
// end. Otherwise the stream goes to the ERROR state with Regina's text and
// seekChar returns false.
func (s *stream) seekChar(off *int64, line *int, pos int, read bool) bool {
	size, err := s.size()
	if err != nil {
		s.fail(err)
		return false
	}
	switch {
	case read && int64(pos) > size:
		s.state, s.desc = Error, atOrAfterEOF
		return false
	case !read && int64(pos-1) > size:
		s.state, s.desc = Error, afterEOF
		return false
	}
	*off = int64(pos - 1)
	*line = 0
	if pos == 1 {
		*line = 1
	}
	return true
}
