package lxd

import (
	"fmt"
	"slices"
	"strings"
)

// parsedCommand is one ADDRESS LXD command string taken apart: the command
// word as written and its key=value arguments in order.
type parsedCommand struct {
	Word string
	Args []arg
}

// arg is one key=value pair. Key is lower-cased, because keys, like command
// names, are case-insensitive, up to its first dot: after it comes a name
// of a key family that goes on to the guest or LXD as written (env.LANG);
// see keyName. Value is exactly as written, quotes removed.
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

// runOnKey is the key whose unquoted value runs on through the following
// words, as RexxJS scripts write it: command=echo 'Hello from LXD!'.
const runOnKey = "command"

// parseCommand splits cmd into its command word and key=value pairs. Blanks
// (spaces, tabs, newlines) separate words. A value may be quoted with '...'
// or "..."; inside, a doubled quote stands for one, as in REXX strings, so
// command="say ""hi""" is the value say "hi". Quoting lets a value hold
// blanks and the other quote: command='apt update && echo "done"'.
//
// An unquoted value runs to the next blank, except that of command= (in a
// command that takes that key): it runs on through the following words up
// to the first that starts with one of the command's own keys and '=', so
// "exec name=c1 command=ls -la /tmp timeout=5" runs ls -la /tmp with a
// timeout. That value is kept exactly as written, quotes included, for the
// guest's shell to read; a quoted stretch in it is one word, so a key= inside
// quotes does not end it. Which words are keys depends on the command, so
// the command word is looked up before its arguments are read.
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
	var keys []string
	if c, ok := lookupCommand(pc.Word); ok {
		for _, k := range c.allKeys() {
			keys = append(keys, k.name)
		}
		keys = append(keys, c.families...) // "env.": see startsWithKey
	}
	for {
		i = skipBlanks(cmd, i)
		if i >= len(cmd) {
			return pc, nil
		}
		a, next, err := parseArg(cmd, i, keys)
		if err != nil {
			return pc, err
		}
		pc.Args = append(pc.Args, a)
		i = next
	}
}

// parseArg reads one key=value pair starting at cmd[i] and returns it with
// the index just past it. keys are the command's keys, for runOnKey's value.
func parseArg(cmd string, i int, keys []string) (arg, int, error) {
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
		return arg{Key: keyName(key), Value: value}, next, nil
	}
	vstart := i
	if strings.EqualFold(key, runOnKey) && slices.Contains(keys, runOnKey) && i < len(cmd) && !isBlank(cmd[i]) {
		end, err := runOnValue(cmd, i, keys)
		return arg{Key: runOnKey, Value: cmd[vstart:end]}, end, err
	}
	for i < len(cmd) && !isBlank(cmd[i]) {
		if cmd[i] == '\'' || cmd[i] == '"' {
			return arg{}, i, &SyntaxError{Pos: i + 1, Msg: fmt.Sprintf("quote inside the unquoted value of %s=; quote the whole value", key)}
		}
		i++
	}
	return arg{Key: keyName(key), Value: cmd[vstart:i]}, i, nil
}

// keyName is a key as commands see it: lower-cased up to and including
// its first dot, the rest as written, so that ENV.Lang=x is env.Lang and
// sets the variable Lang, not LANG or lang.
func keyName(key string) string {
	if i := strings.IndexByte(key, '.'); i >= 0 {
		return strings.ToLower(key[:i+1]) + key[i+1:]
	}
	return strings.ToLower(key)
}

// runOnValue returns the end of the unquoted runOnKey value that starts at
// cmd[i]: the end of the last word before a word that starts with one of
// keys and '=', or the end of cmd. A quoted stretch ('...' or "...") counts
// as part of its word, blanks and all.
func runOnValue(cmd string, i int, keys []string) (int, error) {
	end := i
	for {
		// i is at the start of a word.
		for i < len(cmd) && !isBlank(cmd[i]) {
			if q := cmd[i]; q == '\'' || q == '"' {
				j := strings.IndexByte(cmd[i+1:], q)
				if j < 0 {
					return len(cmd), &SyntaxError{Pos: i + 1, Msg: fmt.Sprintf("unclosed quote %c in the value of %s=", q, runOnKey)}
				}
				i += j + 1
			}
			i++
		}
		end = i
		i = skipBlanks(cmd, i)
		if i >= len(cmd) || startsWithKey(cmd[i:], keys) {
			return end, nil
		}
	}
}

// startsWithKey reports whether s begins with one of keys and '=', in any
// case. A key that ends with a dot is a key family's prefix ("env."): s
// may go on with a name after it (env.LANG=); without one (env.=) it still
// ends the value, so that checkArgs refuses the nameless key instead of
// the guest's shell getting "env.=x" as part of its command.
func startsWithKey(s string, keys []string) bool {
	k, _, ok := strings.Cut(s, "=")
	return ok && slices.ContainsFunc(keys, func(key string) bool {
		if strings.HasSuffix(key, ".") {
			return len(k) >= len(key) && strings.EqualFold(k[:len(key)], key) &&
				!strings.ContainsFunc(k, func(r rune) bool { return r > 0x7f || !isKeyChar(byte(r)) })
		}
		return strings.EqualFold(k, key)
	})
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
