package interp

import (
	"fmt"
	"strings"
)

// clauseText returns the source of the clause running now, as Regina
// shows it in tracebacks and TRACE output: from where the clause starts
// to the semicolon or line end that ends it, comments included, with a
// continuation comma and the line break after it read as one blank.
func (a *activation) clauseText() string {
	if a.code == nil || a.code.prog == nil || a.pc < 0 || a.pc >= len(a.code.clauses) {
		return a.sourceLine(a.line)
	}
	lines := a.code.prog.Lines
	line, col := a.line, a.code.clauses[a.pc].col()
	if line < 1 || line > len(lines) {
		return ""
	}
	if col < 1 || col > len(lines[line-1])+1 {
		return strings.TrimSpace(lines[line-1])
	}
	text := clauseFrom(lines, line-1, col-1)
	if _, ok := a.code.clauses[a.pc].(*iLabel); ok {
		if k := strings.IndexByte(text, ':'); k >= 0 {
			text = text[:k+1]
		}
	}
	return text
}

// clauseFrom scans lines from line i, byte col, to the end of the clause
// that starts there.
func clauseFrom(lines []string, i, col int) string {
	var b strings.Builder
	s := lines[i][col:]
	var quote byte
	comment := 0
	for {
		k := 0
		for ; k < len(s); k++ {
			c := s[k]
			switch {
			case comment > 0:
				if c == '*' && k+1 < len(s) && s[k+1] == '/' {
					comment--
					k++
				} else if c == '/' && k+1 < len(s) && s[k+1] == '*' {
					comment++
					k++
				}
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '\'' || c == '"':
				quote = c
			case c == '/' && k+1 < len(s) && s[k+1] == '*':
				comment++
				k++
			case c == ';':
				b.WriteString(s[:k])
				return b.String()
			}
		}
		if comment == 0 && quote == 0 {
			t := strings.TrimRight(s, " \t")
			if !strings.HasSuffix(t, ",") || i+1 >= len(lines) {
				b.WriteString(s)
				return b.String()
			}
			b.WriteString(t[:len(t)-1])
			b.WriteByte(' ')
			i++
			s = strings.TrimLeft(lines[i], " \t")
			continue
		}
		if i+1 >= len(lines) {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s)
		b.WriteByte('\n')
		i++
		s = lines[i]
	}
}

// nesting is how deep the clause running now is, as Regina indents
// tracebacks and TRACE lines: one level for each routine call and each
// active repetitive DO loop, in this routine and all its callers.
func (a *activation) nesting() int {
	return a.depth + a.nestAdj + len(a.loops) + a.outerLoops + a.callerLoops
}

// traceLineNo is the line-number field of a TRACE line: the number, or
// blanks when the last clause traced was on the same line.
func (in *Interp) traceLineNo(line int) string {
	if line == in.traced {
		return "      "
	}
	in.traced = line
	return fmt.Sprintf("%6d", line)
}
