package lxd

import (
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The reference, docs/address-lxd.md, is held to the declarations in
// commands.go: every command has a heading, every key it declares and
// every RESULT field it sets is documented in its section, and nothing is
// documented there (keys in its heading, fields in its tables and
// "Fields:" sentences) that it does not declare. The fleet section's
// lists of commands that take name lists and that need all=true are the
// declared ones.

// docSection is the text under one heading of the reference, up to the
// next heading of its level or above.
type docSection struct {
	heading string // without the #s
	body    string
}

func readReference(t *testing.T) (string, []docSection) {
	t.Helper()
	b, err := os.ReadFile("../../docs/address-lxd.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	lines := strings.Split(text, "\n")
	level := func(l string) int {
		n := len(l) - len(strings.TrimLeft(l, "#"))
		if n > 0 && strings.HasPrefix(l[n:], " ") {
			return n
		}
		return 0
	}
	var out []docSection
	for i, l := range lines {
		n := level(l)
		if n == 0 {
			continue
		}
		end := len(lines)
		for j := i + 1; j < len(lines); j++ {
			if m := level(lines[j]); m > 0 && m <= n {
				end = j
				break
			}
		}
		out = append(out, docSection{heading: strings.TrimSpace(l[n:]), body: strings.Join(lines[i+1:end], "\n")})
	}
	return text, out
}

var (
	headingKey  = regexp.MustCompile(`(?:^|[\s\[(|])([a-z_]+(?:\.[A-Z]+)?)=`)
	backticked  = regexp.MustCompile("`([^`]+)`")
	fieldName   = regexp.MustCompile(`^(?:RESULT\.i\.)?([A-Z][A-Z0-9_]*)$`)
	commandWord = regexp.MustCompile(`^[a-z_]+$`)
)

// commonFields are set by every command (docs: RESULT) or by the fleet
// layer for every list (docs: fleets), not declared per command.
var commonFields = []string{"SUCCESS", "OPERATION", "OUTPUT", "ERROR", "ELAPSEDMS", "WARNING"}

// docFields returns the fields a section documents: the first cells of
// its tables and the backticked upper-case words of its "Fields:"
// paragraphs.
func docFields(body string) []string {
	var out []string
	add := func(cell string) {
		for _, m := range backticked.FindAllStringSubmatch(cell, -1) {
			if f := fieldName.FindStringSubmatch(m[1]); f != nil {
				out = append(out, f[1])
			}
		}
	}
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, "| `") {
			add(strings.SplitN(l, "|", 3)[1])
		}
	}
	for _, para := range strings.Split(body, "\n\n") {
		if _, after, ok := strings.Cut(para, "Fields:"); ok {
			add(after)
		}
	}
	return out
}

func TestReferenceMatchesDeclarations(t *testing.T) {
	loadCommands()
	text, sections := readReference(t)

	// Each command's heading part ("set name= key= value=" of
	// "set name= key= value= · unset name= key=") and section.
	type doc struct {
		heading string // this command's part of it
		full    string // the whole heading
		body    string
	}
	docs := map[*command][]doc{}
	for _, s := range sections {
		for _, part := range strings.Split(s.heading, " · ") {
			word, _, _ := strings.Cut(part, " ")
			if !commandWord.MatchString(word) {
				continue
			}
			c, ok := lookupCommand(word)
			if !ok {
				t.Errorf("docs: heading %q documents %s, which is no command", s.heading, word)
				continue
			}
			docs[c] = append(docs[c], doc{part, s.heading, s.body})
		}
	}

	for _, c := range commandTable {
		ds := docs[c]
		if len(ds) == 0 {
			t.Errorf("docs: %s has no heading", c.name)
			continue
		}
		for _, a := range c.aliases {
			if !strings.Contains(text, "· "+a) && !strings.Contains(text, "`"+a+"`") {
				t.Errorf("docs: alias %s of %s is not mentioned", a, c.name)
			}
		}
		var all, bodies string
		for _, d := range ds {
			all += d.heading + "\n" + d.body + "\n"
			bodies += d.body + "\n"
			// Keys in a heading must be declared.
			for _, m := range headingKey.FindAllStringSubmatch(d.heading, -1) {
				k := m[1]
				if _, ok := c.keySpecOf(k); ok {
					continue
				}
				if p, ok := strings.CutSuffix(k, "NAME"); ok && slices.Contains(c.families, p) {
					continue
				}
				if p, ok := strings.CutSuffix(k, "KEY"); ok && slices.Contains(c.families, p) {
					continue
				}
				t.Errorf("docs: heading %q gives %s=, which %s does not declare", d.heading, k, c.name)
			}
		}
		// Every declared key and family is documented in the section.
		for _, k := range c.keys {
			if !strings.Contains(all, k.name+"=") {
				t.Errorf("docs: %s=, a key of %s, is not documented in its section", k.name, c.name)
			}
		}
		for _, p := range c.families {
			if !strings.Contains(all, p) {
				t.Errorf("docs: the key family %sNAME= of %s is not documented in its section", p, c.name)
			}
		}
		// Every declared field is documented, and every documented one
		// declared (or common). A heading shared by two commands
		// documents the fields of both.
		documented := docFields(bodies)
		for _, f := range append(slices.Clone(c.fields), c.rows...) {
			if !slices.Contains(documented, f.name) {
				t.Errorf("docs: RESULT field %s of %s is not documented in its section", f.name, c.name)
			}
			if f.meaning == "" {
				t.Errorf("%s: field %s has no meaning declared", c.name, f.name)
			}
		}
		for _, f := range documented {
			shared := false // declared by a command documented under the same heading
			for other, ods := range docs {
				for _, od := range ods {
					for _, d := range ds {
						shared = shared || od.full == d.full && declaresField(other, f)
					}
				}
			}
			if slices.Contains(commonFields, f) || declaresField(c, f) || shared {
				continue
			}
			t.Errorf("docs: %s documents RESULT field %s, which it does not declare", c.name, f)
		}
	}

	// The implied keys are documented once, where they are explained.
	for _, k := range []string{"exact=true", "all=true", "parallel=", "remote=", "project="} {
		if !strings.Contains(text, k) {
			t.Errorf("docs: %s is not documented", k)
		}
	}

	// The fleet section's lists of commands.
	fleetList := commandList(t, text, "**Lists and patterns.**", "accept in")
	destructiveList := commandList(t, text, "**Everything needs `all=true`.**", "refuse")
	var wantFleet, wantDestructive []string
	for _, c := range commandTable {
		if c.names == nameList {
			wantFleet = append(wantFleet, c.name)
			if c.destructive {
				wantDestructive = append(wantDestructive, c.name)
			}
		}
	}
	sort.Strings(wantFleet)
	sort.Strings(wantDestructive)
	if !slices.Equal(fleetList, wantFleet) {
		t.Errorf("docs: the commands that take name lists are listed as %v; declared: %v", fleetList, wantFleet)
	}
	if !slices.Equal(destructiveList, wantDestructive) {
		t.Errorf("docs: the commands that need all=true are listed as %v; declared: %v", destructiveList, wantDestructive)
	}
}

// declaresField reports whether c declares the field f.
func declaresField(c *command, f string) bool {
	return slices.ContainsFunc(append(slices.Clone(c.fields), c.rows...), func(s fieldSpec) bool { return s.name == f })
}

// commandList returns the canonical names of the commands written in
// backquotes in text between the first start and the first end after it,
// sorted, aliases folded into their commands.
func commandList(t *testing.T, text, start, end string) []string {
	t.Helper()
	i := strings.Index(text, start)
	if i < 0 {
		t.Fatalf("docs: %q not found", start)
	}
	rest := text[i+len(start):]
	j := strings.Index(rest, end)
	if j < 0 {
		t.Fatalf("docs: %q not found after %q", end, start)
	}
	var out []string
	for _, m := range backticked.FindAllStringSubmatch(rest[:j], -1) {
		if w, _, _ := strings.Cut(m[1], "/"); commandWord.MatchString(w) {
			if c, ok := lookupCommand(w); ok && !slices.Contains(out, c.name) {
				out = append(out, c.name)
			}
		}
	}
	sort.Strings(out)
	return out
}
