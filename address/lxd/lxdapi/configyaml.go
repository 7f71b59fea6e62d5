package lxdapi

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// This file reads lxc's config.yml without a YAML library. A YAML package
// costs every process that links it, at start-up, whether or not it reads
// YAML: gopkg.in/yaml.v3 compiled two regular expressions and built its
// tables in every `rexxlxd -e 'say 1'` (a fifth of the instructions of the
// whole start and 0.7 MB of resident memory, bench/startup.sh). config.yml
// as lxc writes it is a small block mapping of plain scalars, so the part
// of YAML read here is small too: block and flow mappings, plain, single-
// and double-quoted scalars, comments. What the file holds besides
// default-remote and remotes (aliases, say) is skipped by indentation, as
// long as it is well nested. Anything else (anchors, tags, block scalars,
// multi-line quoted strings) in the keys that are read is an error naming
// its line, never a wrong value: config_yaml_test.go checks that where
// yaml.v3 and this reader both accept a file they agree.

// configFile is what config.yml says: default-remote and the remotes.
type configFile struct {
	DefaultRemote string
	Remotes       map[string]Remote
}

// ykind is the kind of a parsed YAML node.
type ykind int

const (
	yNull ykind = iota
	yScalar
	yMap
	ySeq
)

func (k ykind) String() string {
	return [...]string{"nothing", "a scalar", "a mapping", "a sequence"}[k]
}

// ynode is a parsed YAML value: a scalar (quoted says it was in quotes,
// which keeps "true" a string), a mapping or a sequence.
type ynode struct {
	line   int
	kind   ykind
	value  string
	quoted bool
	keys   []string
	nulls  []bool // the key is null (~): yaml.v3 leaves such an entry out
	vals   []*ynode
}

// yschema says which parts of the document are read: a leaf is a scalar;
// fields lists the keys of a mapping that are read (others are skipped);
// each, when set, reads every key of the mapping with that schema.
type yschema struct {
	leaf   bool
	fields map[string]*yschema
	each   *yschema
}

// configSchema is what parseConfigYAML reads of config.yml, made on first
// use (a map literal at package level would be built at every start).
var configSchema = sync.OnceValue(func() *yschema {
	leaf := &yschema{leaf: true}
	remote := &yschema{fields: map[string]*yschema{
		"addr": leaf, "protocol": leaf, "public": leaf, "auth_type": leaf, "project": leaf,
	}}
	return &yschema{fields: map[string]*yschema{
		"default-remote": leaf,
		"remotes":        {each: remote},
	}}
})

// sub returns the schema of key in a mapping read with s, or nil if the
// key is skipped.
func (s *yschema) sub(key string) *yschema {
	if s.each != nil {
		return s.each
	}
	return s.fields[key]
}

// yline is one line of the document that holds something: its number,
// indentation and text after the indentation.
type yline struct {
	num    int
	indent int
	text   string
}

type yparser struct {
	lines []yline
	i     int
}

func yerrorf(line int, format string, args ...any) error {
	return fmt.Errorf("line %d: %s", line, fmt.Sprintf(format, args...))
}

// parseConfigYAML reads an lxc config.yml.
func parseConfigYAML(data []byte) (configFile, error) {
	var file configFile
	lines, err := splitYAML(data)
	if err != nil {
		return file, err
	}
	p := &yparser{lines: lines}
	root, err := p.document()
	if err != nil {
		return file, err
	}
	if root.kind == yNull {
		return file, nil
	}
	if root.kind != yMap {
		return file, yerrorf(root.line, "the file is %s, not a mapping", root.kind)
	}
	for k, key := range root.keys {
		v := root.vals[k]
		switch key {
		case "default-remote":
			if file.DefaultRemote, err = ystring(key, v); err != nil {
				return file, err
			}
		case "remotes":
			if file.Remotes, err = yremotes(v); err != nil {
				return file, err
			}
		}
	}
	return file, nil
}

func yremotes(n *ynode) (map[string]Remote, error) {
	switch n.kind {
	case yNull:
		return nil, nil
	case yMap:
	default:
		return nil, yerrorf(n.line, "remotes is %s, not a mapping", n.kind)
	}
	remotes := make(map[string]Remote, len(n.keys))
	for k, name := range n.keys {
		if n.nulls[k] {
			continue
		}
		v := n.vals[k]
		var r Remote
		switch v.kind {
		case yNull:
		case yMap:
			for f, field := range v.keys {
				fv := v.vals[f]
				var err error
				switch field {
				case "addr":
					r.Addr, err = ystring(field, fv)
				case "protocol":
					r.Protocol, err = ystring(field, fv)
				case "auth_type":
					r.AuthType, err = ystring(field, fv)
				case "project":
					r.Project, err = ystring(field, fv)
				case "public":
					r.Public, err = ybool(field, fv)
				}
				if err != nil {
					return nil, err
				}
			}
		default:
			return nil, yerrorf(v.line, "remote %q is %s, not a mapping", name, v.kind)
		}
		remotes[name] = r
	}
	return remotes, nil
}

// ystring is a scalar's text; nothing (null) is the empty string.
func ystring(key string, n *ynode) (string, error) {
	switch n.kind {
	case yNull:
		return "", nil
	case yScalar:
		return n.value, nil
	}
	return "", yerrorf(n.line, "%s is %s, not a string", key, n.kind)
}

// ybool reads true and false as YAML 1.2 does and, as yaml.v3 does for a
// boolean field, YAML 1.1's yes, no, on, off, y and n (also quoted).
func ybool(key string, n *ynode) (bool, error) {
	switch n.kind {
	case yNull:
		return false, nil
	case yScalar:
		if !n.quoted {
			switch n.value {
			case "true", "True", "TRUE":
				return true, nil
			case "false", "False", "FALSE":
				return false, nil
			}
		}
		switch n.value {
		case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON":
			return true, nil
		case "n", "N", "no", "No", "NO", "off", "Off", "OFF":
			return false, nil
		}
		return false, yerrorf(n.line, "%s is %q, not true or false", key, n.value)
	}
	return false, yerrorf(n.line, "%s is %s, not true or false", key, n.kind)
}

// splitYAML cuts the document into lines, leaving out blank lines, lines
// that hold only a comment and a leading "---".
func splitYAML(data []byte) ([]yline, error) {
	s := strings.TrimPrefix(string(data), "\uFEFF")
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("the file is not UTF-8")
	}
	var lines []yline
	for num, text := range strings.Split(s, "\n") {
		text = strings.TrimSuffix(text, "\r")
		if strings.ContainsAny(text, "\r\u0085\u2028\u2029") {
			return nil, yerrorf(num+1, "a line break other than LF or CR LF")
		}
		body := strings.TrimLeft(text, " ")
		indent := len(text) - len(body)
		if strings.TrimLeft(body, " \t") == "" || strings.HasPrefix(strings.TrimLeft(body, "\t"), "#") {
			continue
		}
		if body[0] == '\t' {
			return nil, yerrorf(num+1, "a tab in the indentation")
		}
		if indent == 0 && (body == "---" || strings.HasPrefix(body, "--- ") || body == "..." || body[0] == '%') {
			if len(lines) == 0 && (body == "---" || strings.HasPrefix(body, "--- ")) {
				if rest := strings.TrimSpace(body[3:]); rest != "" && !strings.HasPrefix(rest, "#") {
					lines = append(lines, yline{num + 1, 4, rest})
				}
				continue
			}
			return nil, yerrorf(num+1, "directives and more than one document are not supported")
		}
		lines = append(lines, yline{num + 1, indent, strings.TrimRight(body, " \t")})
	}
	return lines, nil
}

// document reads the whole document with configSchema.
func (p *yparser) document() (*ynode, error) {
	if len(p.lines) == 0 {
		return &ynode{kind: yNull, line: 1}, nil
	}
	first := p.lines[0]
	var n *ynode
	var err error
	if isMappingLine(first.text) {
		n, err = p.mapping(first.indent, configSchema())
	} else {
		// A document that is one value: {} or a flow mapping, say.
		p.i++
		n, err = inlineValue(first.num, first.text, configSchema())
	}
	if err != nil {
		return nil, err
	}
	if p.i < len(p.lines) {
		l := p.lines[p.i]
		return nil, yerrorf(l.num, "unexpected %q", l.text)
	}
	return n, nil
}

// isMappingLine reports whether text starts a block mapping entry: a key
// and a colon, not a flow collection or a quoted scalar alone.
func isMappingLine(text string) bool {
	if text == "" || strings.ContainsRune("{[", rune(text[0])) {
		return false
	}
	_, _, _, ok, _ := splitKey(0, text)
	return ok
}

// mapping reads the block mapping whose keys are at indent.
func (p *yparser) mapping(indent int, s *yschema) (*ynode, error) {
	n := &ynode{kind: yMap, line: p.lines[p.i].num}
	seen := map[string]int{}
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent {
			break
		}
		if l.indent > indent {
			return nil, yerrorf(l.num, "unexpected indentation")
		}
		key, null, rest, ok, err := splitKey(l.num, l.text)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, yerrorf(l.num, "%q is not a key and a value", l.text)
		}
		if first, dup := seen[key]; dup {
			return nil, yerrorf(l.num, "key %q given twice (also on line %d)", key, first)
		}
		seen[key] = l.num
		p.i++
		sub := s.sub(key)
		if sub == nil {
			if err := p.skip(l, rest); err != nil {
				return nil, err
			}
			continue
		}
		v, err := p.value(l, rest, sub)
		if err != nil {
			return nil, err
		}
		n.keys = append(n.keys, key)
		n.nulls = append(n.nulls, null)
		n.vals = append(n.vals, v)
	}
	return n, nil
}

// value reads the value of the key on line l, rest being what follows the
// colon: on the line itself, or the block below it.
func (p *yparser) value(l yline, rest string, s *yschema) (*ynode, error) {
	if rest != "" {
		return inlineValue(l.num, rest, s)
	}
	if p.i < len(p.lines) {
		next := p.lines[p.i]
		if next.indent > l.indent || (next.indent == l.indent && isSeqLine(next.text)) {
			if s.leaf || isSeqLine(next.text) {
				return nil, yerrorf(next.num, "the value of line %d is not a scalar or a mapping this reader takes", l.num)
			}
			return p.mapping(next.indent, s)
		}
	}
	return &ynode{kind: yNull, line: l.num}, nil
}

// skip passes over the value of a key that is not read: what follows the
// colon and every line below indented deeper (and, when the value starts
// on the next line, a sequence at the key's own indentation). A value on
// the key's line must end there, so that no line is misread.
func (p *yparser) skip(l yline, rest string) error {
	if rest != "" {
		switch rest[0] {
		case '"', '\'', '{', '[':
			if _, err := inlineValue(l.num, rest, nil); err != nil {
				return err
			}
		}
	}
	for p.i < len(p.lines) {
		next := p.lines[p.i]
		if next.indent > l.indent || (rest == "" && next.indent == l.indent && isSeqLine(next.text)) {
			p.i++
			continue
		}
		break
	}
	return nil
}

func isSeqLine(text string) bool { return text == "-" || strings.HasPrefix(text, "- ") }

// splitKey splits "key: value" into the key and the value's text (comment
// removed); null says the key is ~ or null. ok is false for a line that
// is no mapping entry.
func splitKey(num int, text string) (key string, null bool, rest string, ok bool, err error) {
	if text[0] == '"' || text[0] == '\'' {
		k, after, err := quoted(num, text)
		if err != nil {
			return "", false, "", false, err
		}
		after = strings.TrimLeft(after, " \t")
		if !strings.HasPrefix(after, ":") || (len(after) > 1 && after[1] != ' ' && after[1] != '\t') {
			return "", false, "", false, nil
		}
		return k, false, trimComment(after[1:]), true, nil
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(text[0])) && !(text[0] == '-' && len(text) > 1 && text[1] != ' ' && text[1] != '\t') {
		return "", false, "", false, nil
	}
	i := 0
	for {
		j := strings.IndexByte(text[i:], ':')
		if j < 0 {
			return "", false, "", false, nil
		}
		i += j
		if i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t' {
			break
		}
		i++
	}
	key = strings.TrimRight(text[:i], " \t")
	if strings.Contains(key, " #") || strings.Contains(key, "\t#") {
		return "", false, "", false, nil
	}
	null = key == "~" || key == "null" || key == "Null" || key == "NULL"
	return key, null, trimComment(text[i+1:]), true, nil
}

// trimComment removes a comment from the end of a value and the blanks
// around it. A quoted or flow value keeps a # inside it.
func trimComment(s string) string {
	s = strings.TrimLeft(s, " \t")
	if s == "" || s[0] == '#' {
		return ""
	}
	if s[0] == '"' || s[0] == '\'' || s[0] == '{' || s[0] == '[' {
		return strings.TrimRight(s, " \t")
	}
	for i := 1; i < len(s); i++ {
		if s[i] == '#' && (s[i-1] == ' ' || s[i-1] == '\t') {
			s = s[:i]
			break
		}
	}
	return strings.TrimRight(s, " \t")
}

// inlineValue reads a value written on one line: a flow collection or a
// scalar, with nothing after it but a comment. s is the schema it is read
// with; nil checks the syntax only.
func inlineValue(num int, text string, s *yschema) (*ynode, error) {
	f := &flow{num: num, s: text}
	n, err := f.value(0)
	if err != nil {
		return nil, err
	}
	start := f.pos
	f.blanks()
	if f.pos < len(f.s) && (f.s[f.pos] != '#' || f.pos == start) {
		return nil, yerrorf(num, "unexpected %q after the value", f.s[f.pos:])
	}
	if s != nil && s.leaf && (n.kind == yMap || n.kind == ySeq) {
		return nil, yerrorf(num, "%s where a scalar belongs", n.kind)
	}
	return n, nil
}

// flow reads the values of one line: scalars and flow collections.
type flow struct {
	num int
	s   string
	pos int
}

func (f *flow) blanks() {
	for f.pos < len(f.s) && (f.s[f.pos] == ' ' || f.s[f.pos] == '\t') {
		f.pos++
	}
}

// value reads one value; depth counts the enclosing flow collections.
func (f *flow) value(depth int) (*ynode, error) {
	f.blanks()
	if f.pos == len(f.s) || (depth > 0 && strings.IndexByte(",]}", f.s[f.pos]) >= 0) {
		return &ynode{kind: yNull, line: f.num}, nil
	}
	switch c := f.s[f.pos]; c {
	case '{', '[':
		return f.collection(depth)
	case '"', '\'':
		v, rest, err := quoted(f.num, f.s[f.pos:])
		if err != nil {
			return nil, err
		}
		f.pos = len(f.s) - len(rest)
		return &ynode{kind: yScalar, line: f.num, value: v, quoted: true}, nil
	case '&', '*', '!', '|', '>', '%', '@', '`':
		return nil, yerrorf(f.num, "%q: anchors, aliases, tags and block scalars are not supported", f.s[f.pos:])
	case '-', '?', ':':
		if f.pos+1 == len(f.s) || strings.IndexByte(" \t,[]{}", f.s[f.pos+1]) >= 0 {
			return nil, yerrorf(f.num, "%q: unexpected %c", f.s[f.pos:], c)
		}
	case ',', ']', '}', '#':
		return nil, yerrorf(f.num, "%q: unexpected %c", f.s[f.pos:], c)
	}
	start := f.pos
	for f.pos < len(f.s) {
		c := f.s[f.pos]
		if c == '#' && (f.s[f.pos-1] == ' ' || f.s[f.pos-1] == '\t') {
			break
		}
		// As in libyaml (and so yaml.v3), a colon ends a plain scalar only
		// before a blank, also in a flow collection: {a:} is the key "a:".
		if c == ':' && (f.pos+1 == len(f.s) || f.s[f.pos+1] == ' ' || f.s[f.pos+1] == '\t') {
			if depth == 0 {
				return nil, yerrorf(f.num, "%q: a colon and blank in a plain value (quote it)", f.s[start:])
			}
			break
		}
		if depth > 0 && strings.IndexByte(",[]{}", c) >= 0 {
			break
		}
		f.pos++
	}
	v := strings.TrimRight(f.s[start:f.pos], " \t")
	f.pos = start + len(v)
	if v == "~" || v == "null" || v == "Null" || v == "NULL" {
		return &ynode{kind: yNull, line: f.num}, nil
	}
	return &ynode{kind: yScalar, line: f.num, value: v}, nil
}

// collection reads a flow mapping {k: v, ...} or sequence [v, ...].
func (f *flow) collection(depth int) (*ynode, error) {
	open := f.s[f.pos]
	end := byte('}')
	n := &ynode{kind: yMap, line: f.num}
	if open == '[' {
		end, n.kind = ']', ySeq
	}
	f.pos++
	seen := map[string]bool{}
	for {
		f.blanks()
		if f.pos == len(f.s) {
			return nil, yerrorf(f.num, "%c without %c on the same line (not supported)", open, end)
		}
		if f.s[f.pos] == end {
			f.pos++
			return n, nil
		}
		if f.s[f.pos] == '#' {
			return nil, yerrorf(f.num, "a comment inside %c...%c", open, end)
		}
		item, err := f.value(depth + 1)
		if err != nil {
			return nil, err
		}
		f.blanks()
		colon := f.pos < len(f.s) && f.s[f.pos] == ':'
		switch {
		case n.kind == yMap:
			if item.kind == yMap || item.kind == ySeq {
				return nil, yerrorf(f.num, "a collection as a key")
			}
			var v *ynode
			if colon {
				f.pos++
				if v, err = f.value(depth + 1); err != nil {
					return nil, err
				}
			} else {
				v = &ynode{kind: yNull, line: f.num}
			}
			if seen[item.value] {
				return nil, yerrorf(f.num, "key %q given twice", item.value)
			}
			seen[item.value] = true
			n.keys = append(n.keys, item.value)
			n.nulls = append(n.nulls, item.kind == yNull)
			n.vals = append(n.vals, v)
		case colon:
			return nil, yerrorf(f.num, "a mapping inside [...] is not supported")
		default:
			n.vals = append(n.vals, item)
		}
		f.blanks()
		if f.pos < len(f.s) && f.s[f.pos] == ',' {
			f.pos++
			continue
		}
		if f.pos == len(f.s) || f.s[f.pos] != end {
			return nil, yerrorf(f.num, "%c...%c: expected , or %c", open, end, end)
		}
	}
}

// quoted reads the single- or double-quoted scalar s starts with, which
// must end on the same line, and returns its value and what follows.
func quoted(num int, s string) (value, rest string, err error) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == q && q == '\'':
			if i+1 < len(s) && s[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			return b.String(), s[i+1:], nil
		case c == q:
			return b.String(), s[i+1:], nil
		case c == '\\' && q == '"':
			if i+1 == len(s) {
				return "", "", yerrorf(num, "a quoted value that goes on to the next line (not supported)")
			}
			i++
			r, n, err := unescape(s[i:])
			if err != nil {
				return "", "", yerrorf(num, "%v", err)
			}
			b.WriteString(r)
			i += n - 1
		default:
			b.WriteByte(c)
		}
	}
	return "", "", yerrorf(num, "a quoted value that goes on to the next line (not supported)")
}

// unescape decodes the escape after a backslash in a double-quoted
// scalar: the text and the number of bytes it took.
func unescape(s string) (string, int, error) {
	// YAML's escapes as yaml.v3 knows them (it has no \/).
	const from, to = "0abt\tnvfre \"\\", "\x00\a\b\t\t\n\v\f\r\x1b \"\\"
	if i := strings.IndexByte(from, s[0]); i >= 0 {
		return to[i : i+1], 1, nil
	}
	width := 0
	switch s[0] {
	case 'N':
		return "\u0085", 1, nil
	case '_':
		return "\u00a0", 1, nil
	case 'L':
		return "\u2028", 1, nil
	case 'P':
		return "\u2029", 1, nil
	case 'x':
		width = 2
	case 'u':
		width = 4
	case 'U':
		width = 8
	}
	if width == 0 || len(s) < 1+width {
		return "", 0, fmt.Errorf("bad escape \\%c", s[0])
	}
	v, err := strconv.ParseUint(s[1:1+width], 16, 32)
	if err != nil || v > utf8.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
		return "", 0, fmt.Errorf("bad escape \\%s", s[:1+width])
	}
	return string(rune(v)), 1 + width, nil
}
