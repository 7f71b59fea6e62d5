package stream

import (
	"os"
	"strconv"
	"strings"

	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// Stream implements STREAM(name, op, command). op is 'S' (the state:
// READY, NOTREADY, ERROR or UNKNOWN), 'D' (the description of the last
// error, "" when there was none) or 'C' (run command, see command).
// A command that fails (an OPEN of a missing file, a SEEK past the end)
// returns NOTREADY; a malformed command is error 93.1, 93.3 or 40.92x
// with Regina's texts.
func (t *Table) Stream(name string, op byte, command string) (string, Result, error) {
	switch op {
	case 'S':
		if s := t.known(name); s != nil {
			return s.state.String(), ready, nil
		}
		return Unknown.String(), ready, nil
	case 'D':
		if s := t.known(name); s != nil {
			return s.desc, ready, nil
		}
		return "", ready, nil
	}
	return t.command(name, command)
}

// command runs a STREAM command. The words are case-insensitive and may
// be separated by any blanks:
//
//	OPEN [READ | WRITE [APPEND|REPLACE] | BOTH [APPEND|REPLACE]]  "READY:" or "ERROR:errno"
//	CLOSE                              the state after closing: "UNKNOWN"
//	FLUSH                              the state
//	SEEK|POSITION offset [READ|WRITE] [CHAR|LINE]   the new position
//	QUERY EXISTS|SIZE|DATETIME|TIMESTAMP|HANDLE|STREAMTYPE
//	QUERY SEEK|POSITION READ|WRITE [CHAR|LINE] | SYS
//
// offset is n or =n (absolute), +n or -n (relative) or <n (from the end:
// <1 is the last line, but in characters, as Regina counts, <0 is the last
// byte).
func (t *Table) command(name, command string) (string, Result, error) {
	words := strings.Fields(strings.ToUpper(command))
	if len(words) == 0 {
		return "", ready, unknownCommand(command)
	}
	switch words[0] {
	case "OPEN":
		return t.openCommand(name, words[1:])
	case "CLOSE", "FLUSH":
		if len(words) > 1 {
			return "", ready, unknownCommand(command)
		}
		return t.closeCommand(name, words[0] == "CLOSE")
	case "SEEK", "POSITION":
		return t.seekCommand(name, words[1:])
	case "QUERY":
		return t.queryCommand(name, words[1:])
	}
	return "", ready, unknownCommand(command)
}

// unknownCommand is Regina's 93.3 for a command it does not know.
func unknownCommand(command string) error {
	return rexxerr.New(93, 3, "[STREAM command must be one of \"CLOSE FLUSH OPEN POSITION QUERY SEEK\"; found \"%s\"]", strings.ToUpper(strings.TrimSpace(command)))
}

// followedBy is Regina's 93.1 for a bad word after a command.
func followedBy(cmd, valid string, found []string) error {
	return rexxerr.New(93, 1, "[STREAM command %s must be followed by one of \"%s\"; found \"%s\"]", cmd, valid, strings.Join(found, " "))
}

// openCommand runs OPEN: READ opens for reading, WRITE and BOTH for
// reading and writing (creating the file) with the write position at the
// end, or after emptying the file with REPLACE. With no word it is BOTH.
func (t *Table) openCommand(name string, words []string) (string, Result, error) {
	mode, extra := "BOTH", ""
	if len(words) > 0 {
		mode = words[0]
	}
	switch {
	case mode == "READ" && len(words) <= 1:
	case (mode == "WRITE" || mode == "BOTH") && len(words) <= 2:
		if len(words) == 2 {
			extra = words[1]
			if extra != "APPEND" && extra != "REPLACE" {
				return "", ready, followedBy("OPEN "+mode, "APPEND REPLACE ''", words[1:])
			}
		}
	case mode == "WRITE" || mode == "BOTH":
		return "", ready, followedBy("OPEN "+mode, "APPEND REPLACE ''", words[1:])
	default:
		return "", ready, followedBy("OPEN", "BOTH READ WRITE ''", words)
	}
	s := t.lookup(name, mode != "READ")
	if s.kind != fileKind {
		return "READY:", ready, nil
	}
	if err := s.open(mode != "READ", extra == "REPLACE"); err != nil {
		s.fail(err)
		return "ERROR:" + strconv.Itoa(errNumber(err)), notReady(s), nil
	}
	return "READY:", ready, nil
}

// closeCommand runs CLOSE or FLUSH and returns the state afterwards.
// Closing a standard stream does nothing.
func (t *Table) closeCommand(name string, close bool) (string, Result, error) {
	s := t.known(name)
	if s == nil {
		return Unknown.String(), ready, nil
	}
	if s.kind != fileKind {
		return s.state.String(), ready, nil
	}
	if !close {
		return s.state.String(), ready, nil // writes are never held back: nothing to flush
	}
	if err := s.close(); err != nil {
		s.fail(err)
		return s.state.String(), notReady(s), nil
	}
	return s.state.String(), ready, nil
}

// queryCommand runs QUERY. It does not open a file that is not open.
func (t *Table) queryCommand(name string, words []string) (string, Result, error) {
	const valid = "DATETIME TIMESTAMP EXISTS HANDLE SIZE STREAMTYPE SEEK POSITION"
	if len(words) == 0 {
		return "", ready, followedBy("QUERY", valid, nil)
	}
	switch words[0] {
	case "SEEK", "POSITION":
		return t.queryPosition(name, words)
	case "DATETIME", "TIMESTAMP", "EXISTS", "HANDLE", "SIZE", "STREAMTYPE":
		if len(words) > 1 {
			return "", ready, followedBy("QUERY", valid, words)
		}
	default:
		return "", ready, followedBy("QUERY", valid, words)
	}
	s := t.known(name)
	if s != nil && s.kind != fileKind {
		switch words[0] {
		case "EXISTS":
			return name, ready, nil
		case "HANDLE":
			return strconv.Itoa(int(s.kind - stdinKind)), ready, nil
		case "STREAMTYPE":
			return "TRANSIENT", ready, nil
		}
		return "", ready, nil
	}
	if words[0] == "HANDLE" {
		if s == nil || s.f == nil {
			return "", ready, nil
		}
		return strconv.Itoa(int(s.f.Fd())), ready, nil
	}
	if s == nil {
		s = t.lookup(name, false)
		defer t.forget(name, s)
	}
	fi, err := os.Stat(s.path)
	if err != nil {
		return "", ready, nil
	}
	switch words[0] {
	case "EXISTS":
		return s.path, ready, nil
	case "SIZE":
		return strconv.FormatInt(fi.Size(), 10), ready, nil
	case "DATETIME":
		return fi.ModTime().Format("01-02-06 15:04:05"), ready, nil
	case "TIMESTAMP":
		return fi.ModTime().Format("2006-01-02 15:04:05"), ready, nil
	}
	if fi.Mode().IsRegular() || fi.IsDir() {
		return "PERSISTENT", ready, nil
	}
	return "TRANSIENT", ready, nil
}

// queryPosition runs QUERY SEEK|POSITION READ|WRITE [CHAR|LINE] and
// QUERY SEEK|POSITION SYS. Positions are 1-based. As in Regina, a read
// line position not known after a character operation is 0, a write line
// position is counted, and the write position of a stream opened only for
// reading is 0. A file not open is
// opened for reading; a missing file gives "".
func (t *Table) queryPosition(name string, words []string) (string, Result, error) {
	cmd := "QUERY " + words[0]
	words = words[1:]
	if len(words) == 0 || words[0] != "READ" && words[0] != "WRITE" && words[0] != "SYS" ||
		words[0] == "SYS" && len(words) > 1 {
		return "", ready, followedBy(cmd, "READ WRITE SYS", words)
	}
	unit := "CHAR"
	if len(words) > 1 {
		unit = words[1]
		if len(words) > 2 || unit != "CHAR" && unit != "LINE" {
			return "", ready, followedBy(cmd+" "+words[0], "CHAR LINE ''", words[1:])
		}
	}
	s := t.known(name)
	if s != nil && s.kind != fileKind {
		return "", ready, nil
	}
	if s == nil || s.f == nil {
		// Regina opens an existing file to answer.
		created := s == nil
		s = t.lookup(name, false)
		if err := s.open(false, false); err != nil {
			if created {
				t.forget(name, s)
			}
			return "", ready, nil
		}
	}
	var pos int64
	switch {
	case words[0] == "WRITE" && !s.canWrite:
		pos = 0
	case words[0] == "WRITE" && unit == "LINE":
		pos = int64(s.wline)
		if pos == 0 {
			// Regina counts the lines before the write position.
			n, err := s.lineOf(s.wpos)
			if err != nil {
				s.fail(err)
				return "", notReady(s), nil
			}
			pos = n
		}
	case words[0] == "WRITE":
		pos = s.wpos + 1
	case unit == "LINE":
		pos = int64(s.rline)
	default:
		pos = s.rpos + 1
	}
	return strconv.FormatInt(pos, 10), ready, nil
}
