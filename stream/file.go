package stream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// stream is one named stream. For a file, the read and write positions
// are byte offsets kept apart; rline and wline are the line numbers at
// those offsets when known (0 after a character operation moved them).
type stream struct {
	kind  kind
	name  string // as the program wrote it, for CONDITION('D')
	path  string // absolute path of a file stream
	state State
	desc  string // STREAM(name,'D')

	f                 *os.File
	canRead, canWrite bool
	rpos, wpos        int64
	rline, wline      int
	cut               bool   // the write position was moved to a line: the next LINEOUT cuts the file there
	cache             []byte // file bytes from cacheOff, for reading
	cacheOff          int64
}

// blockSize is how much a read of a file asks for.
const blockSize = 64 << 10

// Descriptions of the NOTREADY conditions that are not system errors, in
// Regina's words.
const (
	eofLine       = "EOF on line input"
	eofChar       = "EOF on char input"
	afterEOF      = "Repositioning after EOF"
	atOrAfterEOF  = "Repositioning at or after EOF"
	errIsDir      = syscall.EISDIR
	openFileModes = 0o666
)

// open opens the file of s, for writing when write is set (creating it),
// else for reading. Writing starts at the end of the file; replace
// empties it first.
func (s *stream) open(write, replace bool) error {
	f, canRead, size, err := openFile(s.path, write, replace)
	if err != nil {
		return err
	}
	if s.f != nil {
		if err := s.close(); err != nil {
			f.Close()
			return err
		}
	}
	s.f, s.canRead, s.canWrite = f, canRead, write
	s.rpos, s.rline = 0, 1
	s.wpos, s.wline = size, 0
	if size == 0 {
		s.wline = 1
	}
	s.cache, s.cacheOff = s.cache[:0], 0
	s.cut = false
	s.state = Ready
	return nil
}

// openFile opens path for reading, or for writing (and reading when the
// permissions allow) creating it. It refuses a directory with EISDIR and
// returns the file's size.
func openFile(path string, write, replace bool) (f *os.File, canRead bool, size int64, err error) {
	canRead = true
	if write {
		flags := os.O_RDWR | os.O_CREATE
		if replace {
			flags |= os.O_TRUNC
		}
		f, err = os.OpenFile(path, flags, openFileModes)
		if errors.Is(err, fs.ErrPermission) {
			canRead = false
			f, err = os.OpenFile(path, flags&^os.O_RDWR|os.O_WRONLY, openFileModes)
		}
	} else {
		f, err = os.Open(path)
	}
	if err != nil {
		return nil, false, 0, err
	}
	fi, err := f.Stat()
	if err == nil && fi.IsDir() {
		err = &fs.PathError{Op: "open", Path: path, Err: errIsDir}
	}
	if err != nil {
		f.Close()
		return nil, false, 0, err
	}
	return f, canRead, fi.Size(), nil
}

// ensure makes s usable for reading or writing: it opens the file on first
// use, and when the program uses the other direction of a file opened for
// one, it opens the file for both and keeps the positions. If that fails
// the file stays open as it was.
func (s *stream) ensure(write bool) error {
	if s.f == nil {
		return s.open(write, false)
	}
	if write && s.canWrite || !write && s.canRead {
		return nil
	}
	f, canRead, size, err := openFile(s.path, true, false)
	if err != nil {
		return err
	}
	if !canRead && !write {
		f.Close()
		return &fs.PathError{Op: "read", Path: s.path, Err: fs.ErrPermission}
	}
	s.f.Close() // only read from: nothing to lose
	if !s.canWrite {
		s.wpos, s.wline = size, 0 // writing starts at the end
	}
	s.f, s.canRead, s.canWrite = f, canRead, true
	return nil
}

// fail puts s in the ERROR state with the text of err.
func (s *stream) fail(err error) {
	s.state, s.desc = Error, errText(err)
}

// eof puts s in the NOTREADY state with a Regina end-of-file text.
func (s *stream) eof(desc string) {
	s.state, s.desc = NotReady, desc
}

// close closes the file of s and forgets its state. Its error matters:
// some file systems (NFS) report a failed write only when the file is
// closed.
func (s *stream) close() error {
	if s.f == nil {
		s.state, s.desc = Unknown, ""
		return nil
	}
	err := s.f.Close()
	s.f = nil
	s.cache = s.cache[:0]
	s.state, s.desc = Unknown, ""
	if err != nil {
		return fmt.Errorf("stream %s: %w", s.name, err)
	}
	return nil
}

// size returns the size of the file.
func (s *stream) size() (int64, error) {
	fi, err := s.f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// fill makes the cache hold the byte at off, reading the file if need be.
// It returns false at end of file.
func (s *stream) fill(off int64) (bool, error) {
	if off >= s.cacheOff && off < s.cacheOff+int64(len(s.cache)) {
		return true, nil
	}
	if cap(s.cache) < blockSize {
		s.cache = make([]byte, 0, blockSize)
	}
	n, err := s.f.ReadAt(s.cache[:blockSize], off)
	s.cache, s.cacheOff = s.cache[:n], off
	if n > 0 {
		return true, nil
	}
	if err == io.EOF || err == nil {
		return false, nil
	}
	return false, err
}

// readLine reads the line at the read position and moves past it. It
// returns false when the read position is at end of file.
func (s *stream) readLine() (string, bool, error) {
	var line []byte
	for {
		ok, err := s.fill(s.rpos)
		if err != nil {
			return "", false, err
		}
		if !ok {
			if line == nil {
				return "", false, nil
			}
			break
		}
		chunk := s.cache[s.rpos-s.cacheOff:]
		if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
			line = append(line, chunk[:i+1]...)
			s.rpos += int64(i + 1)
			break
		}
		line = append(line, chunk...)
		s.rpos += int64(len(chunk))
	}
	if s.rline > 0 {
		s.rline++
	}
	return trimEOL(string(line)), true, nil
}

// readChars reads up to n bytes at the read position and moves past them.
func (s *stream) readChars(n int) (string, error) {
	buf := make([]byte, 0, min(n, blockSize))
	for len(buf) < n {
		ok, err := s.fill(s.rpos)
		if err != nil {
			return string(buf), err
		}
		if !ok {
			break
		}
		chunk := s.cache[s.rpos-s.cacheOff:]
		chunk = chunk[:min(len(chunk), n-len(buf))]
		buf = append(buf, chunk...)
		s.rpos += int64(len(chunk))
	}
	s.rline = 0
	return string(buf), nil
}

// write writes p at the write position and moves past what was written.
// Every write goes to the file at once, as in Regina, so that LINEOUT and
// CHAROUT report a failure (a full disk, /dev/full, a file size limit) in
// the call that wrote, and nothing written can be lost later unseen. It
// returns how many bytes were written.
func (s *stream) write(p []byte) (int, error) {
	if s.wpos < s.rpos {
		s.rline = 0 // the lines before the read position may have changed
	}
	off := s.wpos
	n, err := s.f.WriteAt(p, off)
	s.wpos += int64(n)
	if end := off + int64(n); n > 0 && off < s.cacheOff+int64(len(s.cache)) && end > s.cacheOff {
		s.cache = s.cache[:0]
	}
	return n, err
}

// truncate cuts the file at off, as Regina does when LINEOUT positions
// the write position.
func (s *stream) truncate(off int64) error {
	s.cache = s.cache[:0]
	if off < s.rpos {
		s.rline = 0
	}
	return s.f.Truncate(off)
}

// lineStart finds where line n (1-based) starts. It returns the offset
// and the number of the line that starts there: n itself, or, when the
// file has fewer lines, the line just past the last one, at end of file.
func (s *stream) lineStart(n int) (int64, int, error) {
	off, line := int64(0), 1
	if s.rline > 0 && s.rline <= n {
		off, line = s.rpos, s.rline
	}
	for line < n {
		ok, err := s.fill(off)
		if err != nil {
			return 0, 0, err
		}
		if !ok {
			return off, line, nil
		}
		chunk := s.cache[off-s.cacheOff:]
		i := bytes.IndexByte(chunk, '\n')
		if i < 0 {
			off += int64(len(chunk))
			if ok, err := s.fill(off); err != nil || !ok {
				// A last line without a line feed: the next one starts here.
				return off, line + 1, err
			}
			continue
		}
		off += int64(i + 1)
		line++
	}
	return off, line, nil
}

// countLines counts the lines from the read position to the end of the
// file; a last line without a line feed counts.
func (s *stream) countLines() (int, error) {
	off, n := s.rpos, 0
	last := byte('\n')
	for {
		ok, err := s.fill(off)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		chunk := s.cache[off-s.cacheOff:]
		n += bytes.Count(chunk, []byte{'\n'})
		last = chunk[len(chunk)-1]
		off += int64(len(chunk))
	}
	if last != '\n' {
		n++
	}
	return n, nil
}

// hasData reports whether a byte follows the read position.
func (s *stream) hasData() (bool, error) {
	if s.rpos >= s.cacheOff && s.rpos < s.cacheOff+int64(len(s.cache)) {
		return true, nil
	}
	size, err := s.size()
	return s.rpos < size, err
}

// errText returns the system's text for err as Regina shows it (C's
// strerror, which begins with a capital letter).
func errText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		msg := errno.Error()
		if msg != "" && 'a' <= msg[0] && msg[0] <= 'z' {
			msg = string(msg[0]-'a'+'A') + msg[1:]
		}
		return msg
	}
	return err.Error()
}

// errNumber returns the errno of err, for STREAM's "ERROR:n", or 0.
func errNumber(err error) int {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return int(errno)
	}
	return 0
}
