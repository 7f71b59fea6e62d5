package interp

import (
	"strings"

	"github.com/rexxlxd/rexxlxd/parser"
)

// parseInstr runs PARSE (and ARG and PULL).
func (a *activation) parseInstr(c *iParse) error {
	var sources []string
	switch c.source {
	case "ARG":
		for _, arg := range a.args {
			sources = append(sources, arg.Value)
		}
	case "PULL":
		line, err := a.in.pull()
		if err != nil {
			return err
		}
		sources = []string{line}
	case "LINEIN", "EXTERNAL":
		// EXTERNAL (Regina) reads the terminal, which is standard input.
		line, _ := a.in.readStdinLine()
		sources = []string{line}
	case "SOURCE":
		sources = []string{"UNIX " + a.callType + " " + a.in.sourceName()}
	case "VERSION":
		sources = []string{Version}
	case "VAR":
		v, err := a.byName(c.v, false)
		if err != nil {
			return err
		}
		sources = []string{v.String()}
	case "VALUE":
		if c.x != nil {
			v, err := c.x.eval(a)
			if err != nil {
				return err
			}
			sources = []string{v.String()}
		} else {
			sources = []string{""}
		}
	}
	for i, t := range c.templates {
		s := ""
		if i < len(sources) {
			s = sources[i]
		}
		if c.upper {
			s = upperASCII(s)
		} else if c.lower {
			s = lowerASCII(s)
		}
		if err := a.parseTemplate(s, t, c.caseless); err != nil {
			return err
		}
	}
	return nil
}

// Version is what PARSE VERSION reports: language processor, language
// level, and date.
const Version = "REXX-rexxlxd_0.1 5.00 28 Nov 2026"

func (in *Interp) sourceName() string {
	if in.SourceName != "" {
		return in.SourceName
	}
	return "-"
}

// parseTemplate splits s by one template, as TRL2 specifies: patterns
// find where pieces break, and the targets between two patterns share the
// piece, word by word with the last taking the rest.
func (a *activation) parseTemplate(s string, items []tItem, caseless bool) error {
	start, last := 0, 0 // start of the next piece; where the last pattern matched
	i := 0
	for i <= len(items) {
		j := i
		for j < len(items) && items[j].kind == parser.ItemTarget {
			j++
		}
		targets := items[i:j]
		if j == len(items) {
			return a.assignWords(targets, s[min(start, len(s)):])
		}
		p := items[j]
		var piece string
		switch p.kind {
		case parser.ItemLiteral:
			pat := p.lit
			if p.v != nil {
				v, err := p.v.eval(a)
				if err != nil {
					return err
				}
				pat = v.String()
			}
			k := -1
			if pat != "" && start <= len(s) {
				if caseless {
					k = indexFold(s[start:], pat)
				} else {
					k = strings.Index(s[start:], pat)
				}
			}
			if k < 0 {
				piece = s[min(start, len(s)):]
				start, last = len(s), len(s)
			} else {
				piece = s[start : start+k]
				last = start + k
				start = last + len(pat)
			}
		default:
			n, err := a.position(p)
			if err != nil {
				return err
			}
			pos := n
			switch p.kind {
			case parser.ItemAbsolute:
				pos = n - 1
			case parser.ItemPlus:
				pos = last + n
			case parser.ItemMinus:
				pos = last - n
			}
			pos = max(0, min(pos, len(s)))
			// The piece ends at the new position (or, when that is not
			// beyond its beginning, at the end). After a literal pattern
			// it begins where the match began for a relative position
			// (so '5:hello' with n ':' t +(n) gives t ":hell"), but
			// after the match for an absolute one, as Regina parses.
			from := last
			if p.kind == parser.ItemAbsolute {
				from = start
			}
			if pos > from {
				piece = s[from:pos]
			} else {
				piece = s[min(from, len(s)):]
			}
			start, last = pos, pos
		}
		if err := a.assignWords(targets, piece); err != nil {
			return err
		}
		i = j + 1
	}
	return nil
}

// position evaluates a positional pattern's number.
func (a *activation) position(p tItem) (int, error) {
	v := Str(p.lit)
	if p.v != nil {
		var err error
		if v, err = p.v.eval(a); err != nil {
			return 0, err
		}
	} else if strings.Trim(p.lit, "0123456789") != "" {
		// A number written in the template must be plain digits: Regina
		// refuses 1.5 and 1E1 there.
		return 0, rxErr(26, 4, "Positional parameter of parsing template must be a whole number; found \"%s\"", strings.ToUpper(p.lit))
	}
	n, ok := a.whole(v)
	if !ok || n < 0 || (p.kind == parser.ItemAbsolute && n < 1 && p.v != nil) {
		return 0, rxErr(26, 4, "Positional parameter of parsing template must be a whole number; found \"%s\"", v.String())
	}
	return n, nil
}

// assignWords gives each target but the last one blank-delimited word of
// s, and the last target the rest.
func (a *activation) assignWords(targets []tItem, s string) error {
	for k := range targets {
		t := &targets[k]
		var v string
		if k == len(targets)-1 {
			v = s
		} else {
			i := 0
			for i < len(s) && isWordBlank(s[i]) {
				i++
			}
			e := i
			for e < len(s) && !isWordBlank(s[e]) {
				e++
			}
			v = s[i:e]
			s = s[min(e+1, len(s)):]
		}
		if a.tm.values {
			tag := ">>>"
			if t.target == nil {
				tag = ">.>"
			}
			a.traceValue(tag, v)
		}
		if t.target != nil {
			if err := t.target.assign(a, Str(v)); err != nil {
				return err
			}
		}
	}
	return nil
}

// isWordBlank reports whether c separates words in a template, as
// Regina's C isspace has it: blank, tab, newline, VT, FF and CR.
func isWordBlank(c byte) bool { return wordBlank[c] }

// wordBlank is the set isWordBlank tests, as a table, which the loops
// that split words scan faster than six comparisons.
var wordBlank = [256]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// indexFold is strings.Index with ASCII letters matched without regard to
// case, byte by byte as Regina's PARSE CASELESS compares.
func indexFold(s, pat string) int {
	for i := 0; i+len(pat) <= len(s); i++ {
		j := 0
		for j < len(pat) && foldByte(s[i+j]) == foldByte(pat[j]) {
			j++
		}
		if j == len(pat) {
			return i
		}
	}
	return -1
}

func foldByte(b byte) byte {
	if 'a' <= b && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}
