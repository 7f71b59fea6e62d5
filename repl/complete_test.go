package repl

import (
	"slices"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd"
	"github.com/rexxlxd/rexxlxd/interp"
)

// testSources is a small, fixed world to complete against: an LXD
// environment that describes some commands, and the session's ADDRESS
// (LXD when lxdAddress, else SYSTEM, which describes none).
func testSources(lxdAddress bool) *Sources {
	live := map[string][]string{
		"start name":              {"web1", "web2", "db1"},
		"execute name":            {"web1", "web2", "db1"},
		"stop name":               {"web1", "web2", "db1"},
		"stop force":              {"true", "false"},
		"clone_from_base base":    {"base-alpine"},
		"create image":            {"alpine", "busybox"},
		"create storage":          {"default", "fast"},
		"clone_from_base storage": {"default"},
	}
	return &Sources{
		Keywords:  []string{"ADDRESS", "DO", "DROP", "END", "SAY", "SELECT", "SIGNAL", "TO", "THEN"},
		Functions: []string{"SUBSTR", "SUBWORD", "STRIP", "DATE"},
		Vars:      func() []string { return []string{"COUNT", "RESULT.", "SERVER", "STEP"} },
		Address: func() string {
			if lxdAddress {
				return "LXD"
			}
			return "SYSTEM"
		},
		Commands: func(env string) []interp.CommandHelp {
			if env != "LXD" {
				return nil
			}
			return []interp.CommandHelp{
				{Name: "list"},
				{Name: "start", Required: []string{"name"}},
				{Name: "stop", Required: []string{"name"}, Optional: []string{"force", "timeout"}},
				{Name: "create", Required: []string{"name", "image"}, Optional: []string{"storage", "start"}},
				{Name: "execute", Aliases: []string{"exec"}, Required: []string{"name", "command"}, Optional: []string{"user"}},
				{Name: "clone_from_base", Required: []string{"base", "name"}},
			}
		},
		Values: func(env, command, key string) []string {
			if env != "LXD" {
				return nil
			}
			return live[command+" "+key]
		},
	}
}

func TestComplete(t *testing.T) {
	cases := []struct {
		line       string
		lxd        bool   // the session's ADDRESS is LXD
		word, want string // want: candidates joined by |
	}{
		// Keywords and variables at the start of a clause, in the case typed.
		{"sa", false, "sa", "say "},
		{"SA", false, "SA", "SAY "},
		{"Sa", false, "Sa", "Say "},
		{"s", false, "s", "say |select |server|signal |step"},
		{"x = 1; s", false, "s", "say |select |server|signal |step"},
		{"if a then s", false, "s", "say |select |server|signal |step"},
		{"lbl: dr", false, "dr", "drop "},
		{"res", false, "res", "result."},
		// Elsewhere: functions, variables and keywords.
		{"say sub", false, "sub", "substr(|subword("},
		{"say st", false, "st", "step|strip("},
		{"do i = 1 t", false, "t", "then |to "},
		{"say co", false, "co", "count"},
		{"say d", false, "d", "date(|do |drop "},
		// Nothing inside comments, after numbers, or in a non-LXD string.
		{"say 1 /* su", false, "", ""},
		{"say 12", false, "12", ""},
		{"say 'su", false, "", ""},
		{"'li", false, "", ""},
		{"zz", false, "zz", ""},
		// ADDRESS LXD command strings: command names, keys, live names.
		{`address lxd "li`, false, "li", "list "},
		{`ADDRESS LXD 'st`, false, "st", "start |stop "},
		{`address lxd "ex`, false, "ex", "exec |execute "},
		{`"st`, true, "st", "start |stop "},
		{`x = 1; "cr`, true, "cr", "create "},
		{`"stop `, true, "", "force=|name=|timeout="},
		{`"stop name=web1 `, true, "", "force=|timeout="},
		{`"stop NAME=web1 t`, true, "t", "timeout="},
		{`"start name=`, true, "name=", "name=db1|name=web1|name=web2"},
		{`"start name=we`, true, "name=we", "name=web1|name=web2"},
		{`"exec name=w`, true, "name=w", "name=web1|name=web2"},
		{`"stop name=web1 force=`, true, "force=", "force=false|force=true"},
		{`"create name=x image=`, true, "image=", "image=alpine|image=busybox"},
		{`"create name=x image=alpine storage=f`, true, "storage=f", "storage=fast"},
		{`"create name=`, true, "name=", ""}, // a new name: nothing to offer
		{`"clone_from_base base=`, true, "base=", "base=base-alpine"},
		{`"start name="n" `, true, "", ""}, // name= given through a variable: no key left
		{`"create name="n" image=b`, true, "image=b", "image=busybox"},
		{`"execute name=web1 command='ls -`, true, "", ""}, // inside a quoted value
		{`"nosuch `, true, "", ""},
		{`address lxd "list"; "st`, false, "", ""}, // a new clause: SYSTEM again
	}
	for _, c := range cases {
		word, cands := Complete(c.line, len(c.line), testSources(c.lxd))
		got := strings.Join(cands, "|")
		if word != c.word || got != c.want {
			t.Errorf("Complete(%q, lxd=%v) = %q, %q; want %q, %q", c.line, c.lxd, word, got, c.word, c.want)
		}
		for _, cand := range cands {
			if !strings.HasPrefix(cand, word) {
				t.Errorf("Complete(%q): candidate %q does not start with %q", c.line, cand, word)
			}
		}
	}
}

func TestCompleteMidLine(t *testing.T) {
	line := "say sub(x) + 1"
	word, cands := Complete(line, len("say sub"), testSources(false))
	if word != "sub" || !slices.Contains(cands, "substr(") {
		t.Errorf("Complete at the cursor = %q, %q; want sub and substr(", word, cands)
	}
	for _, pos := range []int{-1, len(line) + 1} {
		if w, c := Complete(line, pos, testSources(false)); w != "" || c != nil {
			t.Errorf("Complete(pos %d) = %q, %q; want nothing", pos, w, c)
		}
	}
}

func TestCompleteNilSources(t *testing.T) {
	for _, line := range []string{"s", `"st`, `address lxd "start name=`, "say x"} {
		if _, cands := Complete(line, len(line), &Sources{}); len(cands) != 0 {
			t.Errorf("Complete(%q) with no sources = %q", line, cands)
		}
	}
}

func TestSplitCommand(t *testing.T) {
	cases := []struct {
		cmd     string
		words   string
		inQuote bool
	}{
		{"", "", false},
		{"list", "list", false},
		{"stop ", "stop|", false},
		{"stop  name=a  f", "stop|name=a|f", false},
		{"exec command='a b' u", "exec|command='a b'|u", false},
		{"exec command='it''s", "exec|command='it's", true},
		{`exec command="a`, `exec|command="a`, true},
	}
	for _, c := range cases {
		words, q := splitCommand(c.cmd)
		if got := strings.Join(words, "|"); got != c.words || q != c.inQuote {
			t.Errorf("splitCommand(%q) = %q, %v; want %q, %v", c.cmd, got, q, c.words, c.inQuote)
		}
	}
}

// TestCompleteRealCommands checks completion against the real command
// table of address/lxd, so a renamed key shows up here.
func TestCompleteRealCommands(t *testing.T) {
	env := lxd.New(lxd.Config{})
	s := &Sources{Commands: func(name string) []interp.CommandHelp {
		if name == "LXD" {
			return env.Commands()
		}
		return nil
	}}
	_, cands := Complete(`address lxd "execute name=a `, len(`address lxd "execute name=a `), s)
	if !slices.Contains(cands, "command=") || slices.Contains(cands, "name=") {
		t.Errorf("keys for execute after name= = %q; want command= and not name=", cands)
	}
	_, cands = Complete(`address lxd "`, len(`address lxd "`), s)
	if !slices.Contains(cands, "list ") || !slices.Contains(cands, "register_base ") {
		t.Errorf("command names = %q", cands)
	}
}
