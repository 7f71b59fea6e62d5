package lxd

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rexxlxd/rexxlxd/interp"
)

// Guest-supplied text that would act on a terminal: OSC 52 (write the
// clipboard), OSC 0 (set the window title), a CSI through the C1 byte,
// a carriage return that overwrites the line, and a bare invalid byte.
const (
	osc52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
	title = "\x1b]0;pwned\x07"
	c1CSI = "\u009b2J"
)

// wantNoControls fails when s holds a byte or rune that a terminal acts
// on: a C0 control other than newline and tab, DEL, a C1 control, or a
// byte that is no UTF-8.
func wantNoControls(t *testing.T, what, s string) {
	t.Helper()
	for i, r := range s {
		bad := r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || 0x80 <= r && r <= 0x9f
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			bad = true
		}
		if bad {
			t.Errorf("%s holds %U at byte %d: %q", what, r, i, s)
			return
		}
	}
}

// TestViewEscapesGuestText checks issue 18 item 11 for the REPL's view:
// an execute's output, a field, a failure's reason and a list's cells are
// shown with their control characters escaped, lines and tabs kept, while
// RESULT. keeps the raw bytes.
func TestViewEscapesGuestText(t *testing.T) {
	res := &result{operation: "execute", success: true, output: "x"}
	res.set("CONTAINER", "c1")
	res.set("EXITCODE", "0")
	res.set("STDOUT", "line one"+osc52+"\n\tindented"+title+"\rover\n")
	res.set("STDERR", c1CSI+"err\x7f\xff")
	vars := mapVars{}
	res.write(vars)
	view := New(Config{}).View("execute name=c1 command=x", 0, vars)
	wantNoControls(t, "execute view", view)
	for _, want := range []string{`line one\x1b]52;c;cm0gLXJmIH4=\x07`, "\n  \tindented", `\x1b]0;pwned\x07\x0dover`, `\u009b2Jerr\x7f\xff`} {
		if !strings.Contains(view, want) {
			t.Errorf("execute view lacks %q:\n%s", want, view)
		}
	}
	if vars["RESULT.STDOUT"] != "line one"+osc52+"\n\tindented"+title+"\rover\n" {
		t.Errorf("RESULT.STDOUT changed: %q", vars["RESULT.STDOUT"])
	}

	res = &result{operation: "set", success: true}
	res.set("CONTAINER", "c1")
	res.set("VALUE", title)
	wantNoControls(t, "set view", viewOf("set", 0, res))

	res = &result{operation: "pull", output: "pull: no file /tmp/" + osc52}
	res.err = res.output
	view = viewOf("pull", RCError, res)
	wantNoControls(t, "failure view", view)
	if !strings.Contains(view, `/tmp/\x1b]52`) {
		t.Errorf("failure view: %q", view)
	}

	res = &result{operation: "execute", isList: true, output: "execute: 1 of 1 failed: c1: " + title}
	res.err = res.output
	res.addRow(field{"NAME", "c1"}, field{"SUCCESS", "0"}, field{"ERROR", "execute: " + osc52 + "\tx"})
	view = viewOf("execute name=c*", RCError, res)
	wantNoControls(t, "list view", view)
	if !strings.Contains(view, `\x1b]52`) {
		t.Errorf("list view: %q", view)
	}
}

// TestErrorLineEscaped checks that the "Error: ..." line a failed command
// writes to stderr shows control characters escaped, while RESULT.ERROR
// keeps them as they were.
func TestErrorLineEscaped(t *testing.T) {
	var stderr bytes.Buffer
	vars := mapVars{}
	rc := offline().Run(context.Background(), "info name='a"+osc52+"'", &interp.Call{Vars: vars, Stderr: &stderr})
	if rc != RCUsage {
		t.Fatalf("RC %d: %s", rc, vars["RESULT.ERROR"])
	}
	line := stderr.String()
	wantNoControls(t, "Error line", strings.TrimSuffix(line, "\n"))
	if strings.Count(line, "\n") != 1 || !strings.Contains(line, `\x1b]52`) {
		t.Errorf("Error line %q", line)
	}
	if !strings.Contains(vars["RESULT.ERROR"], osc52) {
		t.Errorf("RESULT.ERROR lost the raw bytes: %q", vars["RESULT.ERROR"])
	}
}
