package lxd

import (
	"fmt"
	"strings"
)

// parsedCommand is one ADDRESS LXD command string taken apart: the command
// word as written and its key=value arguments in order.
type parsedCommand struct {
	Word string
	Args []arg
}

// arg is one key=value pair. Key is lower-cased up to its first dot (see
// keyCase), because keys, like command names, are case-insensitive; Value
// is exactly as written, quotes removed.
type arg struct {
	Key, Value string
}

// SyntaxError reports a command string that cannot be split into a command
// word and key=value pairs. Pos is the 1-based character position of the
// offending part, for messages a user can find in a long command string.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("syntax error at character %d: %s", e.Pos, e.Msg)
}

// parseCommand splits cmd into its command word and key=value pairs. Blanks
// (spaces, tabs, newlines) separate words. A value may be quoted with '...'
// or "..."; inside, a doubled quote stands for one, as in REXX strings, so
// command="say ""hi""" is the value say "hi". An unquoted value runs to the
// next blank. Quoting lets a value hold blanks and the other quote:
// command='apt update && echo "done"'.
func parseCommand(cmd string) (parsedCommand, error) {
	var pc parsedCommand
	i := skipBlanks(cmd, 0)
	start := i
	for i < len(cmd) && !isBlank(cmd[i]) {
		i++
	}
	pc.Word = cmd[start:i]
	if pc.Word == "" {
		return pc, &SyntaxError{Pos: 1, Msg: "empty command"}
	}
	if strings.ContainsAny(pc.Word, `='"`) {
		return pc, &SyntaxError{Pos: start + 1, Msg: fmt.Sprintf("expected a command name first, found %q", pc.Word)}
	}
	for {
		i = skipBlanks(cmd, i)
		if i >= len(cmd) {
			return pc, nil
		}
		a, next, err := parseArg(cmd, i)
		if err != nil {
			return pc, err
		}
		pc.Args = append(pc.Args, a)
		i = next
	}
}

// parseArg reads one key=value pair starting at cmd[i] and returns it with
// the index just past it.
func parseArg(cmd string, i int) (arg, int, error) {
	start := i
	for i < len(cmd) && isKeyChar(cmd[i]) {
		i++
	}
	key := cmd[start:i]
	if i >= len(cmd) || cmd[i] != '=' {
		word := cmd[start:]
		if end := strings.IndexAny(word, " \t\r\n"); end >= 0 {
			word = word[:end]
		}
		return arg{}, i, &SyntaxError{Pos: start + 1, Msg: fmt.Sprintf("expected key=value, found %q", word)}
	}
	if key == "" {
		return arg{}, i, &SyntaxError{Pos: start + 1, Msg: "missing key before '='"}
	}
	i++ // past '='
	if i < len(cmd) && (cmd[i] == '\'' || cmd[i] == '"') {
		value, next, err := parseQuoted(cmd, i)
		if err != nil {
			return arg{}, next, err
		}
		if next < len(cmd) && !isBlank(cmd[next]) {
			return arg{}, next, &SyntaxError{Pos: next + 1, Msg: fmt.Sprintf("a blank must follow the quoted value of %s=", key)}
		}
		return arg{Key: keyCase(key), Value: value}, next, nil
	}
	vstart := i
	for i < len(cmd) && !isBlank(cmd[i]) {
		if cmd[i] == '\'' || cmd[i] == '"' {
			return arg{}, i, &SyntaxError{Pos: i + 1, Msg: fmt.Sprintf("quote inside the unquoted value of %s=; quote the whole value", key)}
		}
		i++
	}
	return arg{Key: keyCase(key), Value: cmd[vstart:i]}, i, nil
}

// parseQuoted reads a quoted value whose opening quote is at cmd[i] and
// returns its contents with doubled quotes undoubled, and the index just
// past the closing quote.
func parseQuoted(cmd string, i int) (string, int, error) {
	q := cmd[i]
	open := i
	i++
	var b strings.Builder
	for {
		j := strings.IndexByte(cmd[i:], q)
		if j < 0 {
			return "", len(cmd), &SyntaxError{Pos: open + 1, Msg: fmt.Sprintf("unclosed quote %c", q)}
		}
		b.WriteString(cmd[i : i+j])
		i += j + 1
		if i < len(cmd) && cmd[i] == q {
			b.WriteByte(q)
			i++
			continue
		}
		return b.String(), i, nil
	}
}

// keyCase lower-cases a key up to its first dot and keeps the rest as
// written: key names are case-insensitive, but the tail of a prefixed key
// (config.environment.FOO=) is an LXD config key or a variable name, and
// those are case-sensitive.
func keyCase(key string) string {
	if i := strings.IndexByte(key, '.'); i >= 0 {
		return strings.ToLower(key[:i]) + key[i:]
	}
	return strings.ToLower(key)
}

func skipBlanks(s string, i int) int {
	for i < len(s) && isBlank(s[i]) {
		i++
	}
	return i
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isKeyChar(c byte) bool {
	return c == '_' || c == '-' || c == '.' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
