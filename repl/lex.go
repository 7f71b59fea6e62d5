package repl

// tokKind classifies the rough tokens lex produces.
type tokKind uint8

const (
	tSymbol tokKind = iota // a run of REXX symbol characters
	tString                // a quoted string, possibly still open
	tOp                    // any other single character: operators, parentheses, commas
	tEnd                   // a clause end: ';' or a line end not continued
)

// tok is one token of an entry as the REPL sees it. Offsets are byte
// offsets into the source; open marks a string whose closing quote has not
// been typed (yet).
type tok struct {
	kind       tokKind
	text       string
	start, end int
	open       bool
}

// lex splits src into the tokens the REPL needs to decide whether an entry
// is finished and what to complete: symbols, strings (with doubled quotes
// inside), single-character operators and clause ends. Comments (nested, as
// in REXX) are skipped; depth is how many are still open at the end of src.
// It never fails: the parser reports real syntax errors, lex only has to
// agree with it on where strings and comments are.
func lex(src string) (toks []tok, depth int) {
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case depth > 0 || c == '/' && i+1 < len(src) && src[i+1] == '*':
			i = skipComment(src, i, &depth)
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '\n':
			if n := len(toks); n > 0 && toks[n-1].kind == tOp && toks[n-1].text == "," {
				toks = toks[:n-1] // a continuation: comma and line end are one blank
			} else {
				toks = append(toks, tok{kind: tEnd, text: "\n", start: i, end: i + 1})
			}
			i++
		case c == ';':
			toks = append(toks, tok{kind: tEnd, text: ";", start: i, end: i + 1})
			i++
		case c == '\'' || c == '"':
			t := lexString(src, i)
			toks = append(toks, t)
			i = t.end
		case isSymbolChar(c):
			j := i
			for j < len(src) && isSymbolChar(src[j]) {
				j++
			}
			toks = append(toks, tok{kind: tSymbol, text: src[i:j], start: i, end: j})
			i = j
		default:
			toks = append(toks, tok{kind: tOp, text: src[i : i+1], start: i, end: i + 1})
			i++
		}
	}
	return toks, depth
}

// skipComment moves past comment text starting at i, counting nested
// "/*" and "*/" in depth, and returns where the comment ends (or len(src)
// if it is still open).
func skipComment(src string, i int, depth *int) int {
	for i < len(src) {
		switch {
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '*':
			*depth++
			i += 2
		case src[i] == '*' && i+1 < len(src) && src[i+1] == '/':
			*depth--
			i += 2
			if *depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return i
}

// lexString reads the string starting with the quote at src[i]. A doubled
// quote stands for one; a line end or the end of src leaves it open,
// because a REXX string never spans lines.
func lexString(src string, i int) tok {
	q := src[i]
	j := i + 1
	for j < len(src) && src[j] != '\n' {
		if src[j] == q {
			if j+1 < len(src) && src[j+1] == q {
				j += 2
				continue
			}
			return tok{kind: tString, text: src[i : j+1], start: i, end: j + 1}
		}
		j++
	}
	return tok{kind: tString, text: src[i:j], start: i, end: j, open: true}
}

// isSymbolChar reports whether c may appear in a REXX symbol.
func isSymbolChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '!' || c == '?' || c == '_' || c == '@' || c == '#' || c == '$'
}

// unquote returns the text of a string token without its quotes, with
// doubled quotes made single.
func unquote(t tok) string {
	if t.kind != tString || t.text == "" {
		return t.text
	}
	q := t.text[0]
	body := t.text[1:]
	if !t.open && len(body) > 0 {
		body = body[:len(body)-1]
	}
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); i++ {
		out = append(out, body[i])
		if body[i] == q && i+1 < len(body) && body[i+1] == q {
			i++
		}
	}
	return string(out)
}
