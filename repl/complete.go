package repl

import (
	"slices"
	"strings"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// Sources supplies what tab completion offers. Any field may be nil.
type Sources struct {
	// Keywords are the instruction keywords and sub-keywords.
	Keywords []string
	// Functions are the built-in function names.
	Functions []string
	// Vars returns the variables set in the session (stems end in a dot).
	Vars func() []string
	// Address returns the session's current ADDRESS environment, where a
	// bare command string at the start of a clause goes.
	Address func() string
	// Commands returns the commands of the ADDRESS environment named env
	// (an interp.Describer), nil when it describes none.
	Commands func(env string) []interp.CommandHelp
	// Values returns the values to offer for key= of a command (by its
	// canonical name) of env; it must return quickly, nil when unsure.
	Values func(env, command, key string) []string
}

// Complete returns the word that ends at byte offset pos of line and the
// full words that may replace it, sorted. Each candidate starts with word
// exactly, so an editor can append the rest; a trailing blank, "(" or "="
// marks a keyword, a function and a command key. Outside strings it offers
// instruction keywords and variables at the start of a clause, and
// functions, variables and keywords elsewhere. Inside a command string
// bound for an environment that describes its commands (`address lxd
// "...`, or a bare string while the session's ADDRESS is that
// environment) it offers command names, the command's keys not yet given,
// and the values the environment offers for the key being typed.
func Complete(line string, pos int, s *Sources) (word string, cands []string) {
	if pos < 0 || pos > len(line) {
		return "", nil
	}
	head := line[:pos]
	toks, end := parser.ScanPartial(head)
	if end == parser.InComment {
		return "", nil
	}
	clause := toks
	for i := len(toks) - 1; i >= 0; i-- {
		if toks[i].Kind == parser.EOC {
			clause = toks[i+1:]
			break
		}
	}
	if end == parser.InString {
		// The clause's last token is the string being typed.
		env, cmd, ok := commandText(clause, s)
		if !ok {
			return "", nil
		}
		word, cands := completeCommand(env, cmd, s)
		if !strings.HasSuffix(head, word) {
			// The word holds a doubled quote, written differently in
			// the line than in the command: nothing to complete.
			return "", nil
		}
		return word, cands
	}
	if n := len(clause); n > 0 && clause[n-1].Kind == parser.Symbol && clause[n-1].Pos.Offset+len(clause[n-1].Text) == pos {
		word = clause[n-1].Text
		clause = clause[:n-1]
	}
	if word != "" && (word[0] >= '0' && word[0] <= '9' || word[0] == '.') {
		return word, nil // a number or constant symbol
	}
	var pool []string
	if clauseStart(clause) {
		pool = append(pool, withSuffix(s.Keywords, " ")...)
	} else {
		pool = append(pool, withSuffix(s.Functions, "(")...)
		pool = append(pool, withSuffix(s.Keywords, " ")...)
	}
	if s.Vars != nil {
		pool = append(pool, s.Vars()...)
	}
	return word, matchFold(word, pool)
}

// clauseStart reports whether the tokens of a clause before the word being
// completed leave the word in the place of an instruction keyword: first
// in the clause, after a label, or after THEN, ELSE or OTHERWISE.
func clauseStart(before []parser.Token) bool {
	if len(before) == 0 {
		return true
	}
	last := before[len(before)-1]
	switch {
	case last.Kind == parser.Op && last.Op == parser.Colon:
		return true
	case last.Kind == parser.Symbol:
		switch strings.ToUpper(last.Text) {
		case "THEN", "ELSE", "OTHERWISE":
			return true
		}
	}
	return false
}

// commandText returns the environment and the text of the command being
// typed when the clause (ending in an open string) builds one: the clause
// starts with ADDRESS name, or with a string, which goes to the session's
// ADDRESS. Strings contribute their text; a variable or other term between
// them stands as one non-blank placeholder, since its value is unknown
// while typing.
func commandText(clause []parser.Token, s *Sources) (env, text string, ok bool) {
	switch {
	case len(clause) >= 3 && clause[0].Kind == parser.Symbol && clause[1].Kind == parser.Symbol &&
		strings.EqualFold(clause[0].Text, "ADDRESS"):
		env = clause[1].Text
		clause = clause[2:]
	case clause[0].Kind == parser.String && s.Address != nil:
		env = s.Address()
	default:
		return "", "", false
	}
	var b strings.Builder
	for _, t := range clause {
		switch t.Kind {
		case parser.String:
			b.WriteString(t.Text) // the value: doubled quotes made single
		case parser.Symbol:
			b.WriteByte(0)
		}
	}
	return strings.ToUpper(env), b.String(), true
}

// completeCommand completes the last word of a command string for env.
func completeCommand(env, cmd string, s *Sources) (string, []string) {
	if s.Commands == nil {
		return "", nil
	}
	cmds := s.Commands(env)
	if len(cmds) == 0 {
		return "", nil
	}
	words, inQuote := splitCommand(cmd)
	if inQuote || len(words) == 0 {
		return "", nil
	}
	word := words[len(words)-1]
	if strings.IndexByte(word, 0) >= 0 {
		return "", nil // part of the word is a variable's value
	}
	if len(words) == 1 {
		var names []string
		for _, c := range cmds {
			names = append(names, c.Name+" ")
			for _, a := range c.Aliases {
				names = append(names, a+" ")
			}
		}
		return word, matchFold(word, names)
	}
	help, ok := findCommand(cmds, words[0])
	if !ok {
		return word, nil
	}
	if key, prefix, ok := strings.Cut(word, "="); ok {
		values := help.Choices[strings.ToLower(key)]
		if values == nil && s.Values != nil {
			values = s.Values(env, help.Name, strings.ToLower(key))
		}
		var out []string
		for _, v := range values {
			if strings.HasPrefix(v, prefix) {
				out = append(out, key+"="+v)
			}
		}
		slices.Sort(out)
		return word, slices.Compact(out)
	}
	given := map[string]bool{}
	for _, w := range words[1 : len(words)-1] {
		if k, _, ok := strings.Cut(w, "="); ok {
			given[strings.ToLower(k)] = true
		}
	}
	var keys []string
	for _, k := range append(slices.Clone(help.Required), help.Optional...) {
		if !given[k] {
			keys = append(keys, k+"=")
		}
	}
	return word, matchFold(word, keys)
}

// splitCommand splits a command string into blank-separated words as
// ADDRESS LXD reads it: a quoted value ('...' or "...") may hold
// blanks. inQuote reports that the last word's quote is still open. A
// command ending in a blank gets an empty last word: the next word to
// type.
func splitCommand(cmd string) (words []string, inQuote bool) {
	var cur strings.Builder
	var q byte
	started := false
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch {
		case q != 0:
			if c == q {
				if i+1 < len(cmd) && cmd[i+1] == q {
					cur.WriteByte(c)
					i++
					continue
				}
				q = 0
			}
			cur.WriteByte(c)
		case c == ' ' || c == '\t' || c == '\n':
			if started {
				words = append(words, cur.String())
				cur.Reset()
				started = false
			}
		default:
			if c == '\'' || c == '"' {
				q = c
			}
			cur.WriteByte(c)
			started = true
		}
	}
	words = append(words, cur.String())
	return words, q != 0
}

// findCommand looks a command up by name or alias, ignoring case.
func findCommand(cmds []interp.CommandHelp, word string) (interp.CommandHelp, bool) {
	for _, c := range cmds {
		if strings.EqualFold(c.Name, word) {
			return c, true
		}
		for _, a := range c.Aliases {
			if strings.EqualFold(a, word) {
				return c, true
			}
		}
	}
	return interp.CommandHelp{}, false
}

// withSuffix returns names with suffix appended to each.
func withSuffix(names []string, suffix string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + suffix
	}
	return out
}

// matchFold returns the names that start with word, ignoring case, sorted
// and without duplicates. Since REXX symbols ignore case, each is written
// in the case of the word typed: upper case if word has an upper-case
// letter and no lower-case one, lower case otherwise, and always starting
// with word itself so the rest can be appended.
func matchFold(word string, names []string) []string {
	upper := strings.ToUpper(word) == word && strings.ToLower(word) != word
	var out []string
	for _, n := range names {
		if len(n) < len(word) || !strings.EqualFold(n[:len(word)], word) {
			continue
		}
		rest := n[len(word):]
		if upper {
			rest = strings.ToUpper(rest)
		} else {
			rest = strings.ToLower(rest)
		}
		out = append(out, word+rest)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
