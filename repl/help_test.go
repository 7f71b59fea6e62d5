package repl

import (
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd"
	"github.com/rexxlxd/rexxlxd/parser"
)

func TestWriteHelp(t *testing.T) {
	var b strings.Builder
	cmds := lxd.New(lxd.Config{}).Commands()
	WriteHelp(&b, []EnvHelp{{"LXD", cmds}}, parser.Keywords)
	help := b.String()
	for _, c := range cmds {
		if !strings.Contains(help, "  "+commandName(c)+" ") {
			t.Errorf("help does not list %s", c.Name)
		}
		for _, k := range c.Required {
			if !strings.Contains(help, k+"=") {
				t.Errorf("help does not show key %s= of %s", k, c.Name)
			}
		}
		for _, k := range c.Optional {
			if !strings.Contains(help, "["+k+"=]") {
				t.Errorf("help does not show optional key [%s=] of %s", k, c.Name)
			}
		}
	}
	for _, want := range []string{"SAY expr", "SELECT; WHEN", "SIGNAL label"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks the instruction form %q", want)
		}
	}
}

func TestWriteHelpOnlyKnownInstructions(t *testing.T) {
	var b strings.Builder
	WriteHelp(&b, nil, []string{"SAY", "DO"})
	help := b.String()
	if !strings.Contains(help, "SAY expr") || !strings.Contains(help, "DO [var") {
		t.Errorf("help lacks SAY or DO:\n%s", help)
	}
	if strings.Contains(help, "INTERPRET") || strings.Contains(help, "SIGNAL label") {
		t.Errorf("help lists instructions the parser does not:\n%s", help)
	}
}

func TestIsHelp(t *testing.T) {
	for line, want := range map[string]bool{
		"help": true, " HELP ": true, "?": true, "Help": true,
		"help me": false, "say help": false, "??": false, "": false,
	} {
		if got := isHelp(line); got != want {
			t.Errorf("isHelp(%q) = %v, want %v", line, got, want)
		}
	}
}
