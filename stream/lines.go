package stream

import "github.com/rexxlxd/rexxlxd/rexxerr"

// LineIn implements LINEIN(name, line, count). line 0 means the line
// argument was omitted (read at the read position); otherwise the read
// position moves to the start of that line first. count is 0 (only
// position, return "") or 1 (read one line). The line is returned without
// its line feed (and a carriage return before it). At end of data the
// result is "" and NOTREADY ("EOF on line input"). Positioning a standard
// stream is error 40.42.
func (t *Table) LineIn(name string, line, count int) (string, Result, error) {
	if line < 0 {
		return "", ready, rexxerr.New(40, 14, "LINEIN argument 2 must be positive; found \"%d\"", line)
	}
	if count < 0 || count > 1 {
		return "", ready, rexxerr.New(40, 39, "LINEIN argument 3 is not zero or one; found \"%d\"", count)
	}
	s := t.lookup(name, false)
	switch s.kind {
	case stdinKind:
		if line > 0 {
			return "", ready, cannotPosition("LINEIN", s)
		}
		if count == 0 {
			return "", ready, nil
		}
		l, ok := t.ReadStdinLine()
		if !ok {
			s.eof(eofLine)
			return "", notReady(s), nil
		}
		s.state = Ready
		return l, ready, nil
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
	if line > 0 {
		off, reached, err := s.lineStart(line)
		if err != nil {
			s.fail(err)
			return "", notReady(s), nil
		}
		s.rpos, s.rline = off, reached
		if reached < line {
			s.eof(eofLine)
			return "", notReady(s), nil
		}
	}
	if count == 0 {
		return "", ready, nil
	}
	l, ok, err := s.readLine()
	if err != nil {
		s.fail(err)
		return "", notReady(s), nil
	}
	if !ok {
		s.eof(eofLine)
		return "", notReady(s), nil
	}
	s.state = Ready
	return l, ready, nil
}

// LineOut implements LINEOUT(name, string, line) and returns the number
// of lines not written: 0, or 1 after a failure (with NOTREADY). With
// hasString the string and a line feed are written at the write position.
// A line above 0 first moves the write position to the start of that line
// (a line past the end means the end). As in Regina, after the write
// position was moved to a line (here or by SEEK ... WRITE LINE) the next
// line written, in this call or a later one, first cuts the file at the
// write position.
// With neither a string nor a line the stream is closed, unless it is in
// the ERROR state (Regina keeps it).
func (t *Table) LineOut(name, str string, hasString bool, line int) (int, Result, error) {
	if line < 0 {
		return 0, ready, rexxerr.New(40, 14, "LINEOUT argument 3 must be positive; found \"%d\"", line)
	}
	s := t.lookup(name, true)
	failed := 0
	if hasString {
		failed = 1
	}
	switch s.kind {
	case stdoutKind, stderrKind:
		if line > 0 {
			return 0, ready, cannotPosition("LINEOUT", s)
		}
		if !hasString {
			return 0, ready, nil
		}
		if err := t.writeStd(s, str+"\n"); err != nil {
			return 1, notReady(s), nil
		}
		return 0, ready, nil
	case stdinKind:
		return failed, notReady(s), nil
	}
	if s.state == Error {
		// Regina does not close a stream in the ERROR state here, and
		// does not raise NOTREADY for the attempt.
		if !hasString && line == 0 {
			return 0, ready, nil
		}
		return failed, notReady(s), nil
	}
	if !hasString && line == 0 {
		if err := s.close(); err != nil {
			s.fail(err)
			return 1, notReady(s), nil
		}
		return 0, ready, nil
	}
	if err := s.ensure(true); err != nil {
		s.fail(err)
		return failed, notReady(s), nil
	}
	if line > 0 {
		off, reached, err := s.lineStart(line)
		if err != nil {
			s.fail(err)
			return failed, notReady(s), nil
		}
		s.wpos, s.wline, s.cut = off, reached, true
	}
	if hasString && s.cut {
		s.cut = false
		if err := s.truncate(s.wpos); err != nil {
			s.fail(err)
			return 1, notReady(s), nil
		}
	}
	if hasString {
		if _, err := s.write([]byte(str + "\n")); err != nil {
			s.fail(err)
			return 1, notReady(s), nil
		}
		if s.wline > 0 {
			s.wline++
		}
	}
	s.state = Ready
	return 0, ready, nil
}

// Lines implements LINES(name, option). mode 'N' (Normal, Regina's
// default) answers 1 when a line remains to be read and 0 at end of data;
// 'C' (Count) counts the lines left, a last line without a line feed
// included. On standard input both answer 1 or 0, waiting for input if
// none is buffered. A file that cannot be opened gives 0 with NOTREADY
// and stays UNKNOWN, as in Regina.
func (t *Table) Lines(name string, mode byte) (int, Result) {
	s := t.lookup(name, false)
	switch s.kind {
	case stdinKind:
		if t.stdinWaiting() {
			return 1, ready
		}
		return 0, ready
	case stdoutKind, stderrKind:
		return 0, ready
	}
	if s.state == Error {
		return 0, notReady(s)
	}
	if s.f == nil {
		if err := s.open(false, false); err != nil {
			return 0, notReady(s)
		}
	}
	if mode == 'C' {
		n, err := s.countLines()
		if err != nil {
			s.fail(err)
			return 0, notReady(s)
		}
		return n, ready
	}
	ok, err := s.hasData()
	if err != nil {
		s.fail(err)
		return 0, notReady(s)
	}
	if ok {
		return 1, ready
	}
	return 0, ready
}

// stdinWaiting reports whether standard input has a byte to read, waiting
// for one if none is buffered.
func (t *Table) stdinWaiting() bool {
	if t.in.Buffered() > 0 {
		return true
	}
	_, err := t.in.Peek(1)
	return err == nil
}

// writeStd writes to standard output or error. A failure is NOTREADY but
// leaves the stream usable.
func (t *Table) writeStd(s *stream, str string) error {
	w := t.out
	if s.kind == stderrKind {
		w = t.err
	}
	if _, err := w.Write([]byte(str)); err != nil {
		s.state, s.desc = NotReady, errText(err)
		return err
	}
	s.state = Ready
	return nil
}

// cannotPosition is Regina's error for a position given on a transient
// stream.
func cannotPosition(fn string, s *stream) error {
	return rexxerr.New(40, 42, "%s argument 1; cannot position on this stream; found \"%s\"", fn, s.name)
}
