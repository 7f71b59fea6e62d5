package stream

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// seekCommand runs SEEK (or POSITION) offset [READ|WRITE] [CHAR|LINE] and
// returns the new position. Without READ or WRITE both positions move
// (the write position only on a stream open for writing); the unit is
// CHAR unless LINE is given. A target before the start or past one beyond
// the end puts the stream in the ERROR state and returns "0" with
// NOTREADY, as in Regina. Standard streams cannot be positioned (40.42).
func (t *Table) seekCommand(name string, words []string) (string, Result, error) {
	if len(words) == 0 {
		return "", ready, rexxerr.New(40, 922, "[STREAM argument 3, too few sub-commands; minimum expected is 2; found 1]")
	}
	if len(words) > 3 {
		return "", ready, rexxerr.New(40, 923, "[STREAM argument 3, too many sub-commands; maximum expected is 4; found %d]", len(words)+1)
	}
	how, n, ok := parseOffset(words[0])
	if !ok {
		return "", ready, badPosition("n, +n, -n, =n or <n", words[0])
	}
	read, write, line := true, true, false
	rest := words[1:]
	if len(rest) > 0 && (rest[0] == "READ" || rest[0] == "WRITE") {
		read, write = rest[0] == "READ", rest[0] == "WRITE"
		rest = rest[1:]
	} else if len(rest) > 0 && rest[0] != "CHAR" && rest[0] != "LINE" {
		return "", ready, badPosition("READ WRITE CHAR LINE", rest[0])
	}
	if len(rest) > 0 {
		if rest[0] != "CHAR" && rest[0] != "LINE" {
			return "", ready, badPosition("CHAR LINE", rest[0])
		}
		line = rest[0] == "LINE"
		rest = rest[1:]
	}
	if len(rest) > 0 {
		return "", ready, badPosition("CHAR LINE", rest[0])
	}
	s := t.lookup(name, write && !read)
	if s.kind != fileKind {
		return "", ready, cannotPosition("STREAM", s)
	}
	if s.state == Error {
		return "0", notReady(s), nil
	}
	if err := s.ensure(write && !read); err != nil {
		s.fail(err)
		return "0", notReady(s), nil
	}
	write = write && s.canWrite
	var pos int64
	var err error
	if read {
		pos, err = s.seek(&s.rpos, &s.rline, how, n, line)
	}
	if write && err == nil {
		pos, err = s.seek(&s.wpos, &s.wline, how, n, line)
		// As after LINEOUT(name,,line), the next line written cuts the file.
		s.cut = s.cut || line && err == nil
	}
	if err != nil {
		if err != errOutside {
			s.fail(err)
		}
		return "0", notReady(s), nil
	}
	return strconv.FormatInt(pos, 10), ready, nil
}

// errOutside reports a SEEK target outside the file; the stream is
// already in the ERROR state.
var errOutside = errors.New("position outside the stream")

// seek moves one position (a byte offset and its line number) and returns
// the new 1-based position in the unit asked for.
func (s *stream) seek(off *int64, lineNo *int, how byte, n int64, byLine bool) (int64, error) {
	size, err := s.size()
	if err != nil {
		return 0, err
	}
	if !byLine {
		cur := *off + 1
		target := n
		switch how {
		case '+':
			target = cur + n
		case '-':
			target = cur - n
		case '<':
			target = size - n // Regina counts so that <0 is the last byte
		}
		if target < 1 || target > size+1 {
			s.state, s.desc = Error, atOrAfterEOF
			return 0, errOutside
		}
		*off = target - 1
		*lineNo = 0
		if target == 1 {
			*lineNo = 1
		}
		return target, nil
	}
	cur := int64(*lineNo)
	if how == '+' || how == '-' {
		if cur == 0 {
			if cur, err = s.lineOf(*off); err != nil {
				return 0, err
			}
		}
	}
	target := n
	switch how {
	case '+':
		target = cur + n
	case '-':
		target = cur - n
	case '<':
		total, err := s.linesBefore(size)
		if err != nil {
			return 0, err
		}
		target = total + 1 - n
	}
	if target < 1 || target > int64(maxLine) {
		s.state, s.desc = Error, atOrAfterEOF
		return 0, errOutside
	}
	start, reached, err := s.lineStart(int(target))
	if err != nil {
		return 0, err
	}
	if int64(reached) < target {
		s.state, s.desc = Error, atOrAfterEOF
		return 0, errOutside
	}
	*off, *lineNo = start, int(target)
	return target, nil
}

// maxLine is the largest line number SEEK accepts.
const maxLine = 1<<31 - 1

// lineOf returns the number of the line that holds byte offset off.
func (s *stream) lineOf(off int64) (int64, error) {
	n, err := s.linesBefore(off)
	return n + 1, err
}

// linesBefore counts the line feeds before byte offset end, plus one for
// a last line without a line feed when end is the end of the file.
func (s *stream) linesBefore(end int64) (int64, error) {
	var n int64
	var last byte = '\n'
	for off := int64(0); off < end; {
		ok, err := s.fill(off)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		chunk := s.cache[off-s.cacheOff:]
		chunk = chunk[:min(int64(len(chunk)), end-off)]
		n += int64(bytes.Count(chunk, []byte{'\n'}))
		last = chunk[len(chunk)-1]
		off += int64(len(chunk))
	}
	if last != '\n' {
		if size, err := s.size(); err == nil && end >= size {
			n++
		}
	}
	return n, nil
}

// parseOffset splits a SEEK offset into its form ('=', '+', '-' or '<')
// and a whole number of at most nine digits.
func parseOffset(w string) (byte, int64, bool) {
	how := byte('=')
	if w != "" && (w[0] == '=' || w[0] == '+' || w[0] == '-' || w[0] == '<') {
		how, w = w[0], w[1:]
	}
	if w == "" || len(w) > 9 {
		return 0, 0, false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return 0, 0, false
		}
	}
	n, _ := strconv.ParseInt(w, 10, 64)
	return how, n, true
}

// badPosition is Regina's 40.924 for a SEEK word it does not accept.
func badPosition(valid, found string) error {
	return rexxerr.New(40, 924, "[STREAM argument 3, invalid positional specification; expecting one of \"%s\"; found \"%s\"]", valid, found)
}
