package interp_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// run runs src and returns what it said and its error.
func run(t testing.TB, src string, envs map[string]interp.Environment) (string, error) {
	t.Helper()
	prog, err := parser.Parse("t.rexx", src)
	if err != nil {
		return "", interp.AsError(err)
	}
	in := interp.New()
	var out, errOut bytes.Buffer
	in.Stdout, in.Stderr, in.Stdin = &out, &errOut, strings.NewReader("")
	for name, e := range envs {
		in.Register(name, e)
	}
	_, err = in.Run(context.Background(), prog)
	return out.String(), err
}

// recorder is an environment that records commands and answers with
// the RC a table gives.
type recorder struct {
	got []string
	rc  map[string]int
}

func (r *recorder) Run(_ context.Context, cmd string, call *interp.Call) int {
	r.got = append(r.got, cmd)
	call.Vars.DropStem("RESULT.")
	call.Vars.Set("RESULT.SUCCESS", "1")
	call.Vars.Set("RESULT.1.NAME", "c1")
	call.Vars.Set("RESULT.0", "1")
	call.Vars.Set("RESULT", "ran "+cmd)
	return r.rc[cmd]
}

func TestEnvironmentSeam(t *testing.T) {
	rec := &recorder{rc: map[string]int{"bad": 3, "worse": -1}}
	out, err := run(t, `
address TEST
'list'
say rc result.success result.0 result.1.name result
"bad"
say rc
call on error name onerr
"bad"
call on failure name onfail
"worse"
say 'back' rc
address SYSTEM
say address()
address TEST 'one-off'
say address()
exit
onerr: say 'ERROR trapped, rc' rc 'line' sigl condition('D'); return
onfail: say 'FAILURE trapped, rc' rc condition('C'); return
`, map[string]interp.Environment{"TEST": rec})
	if err != nil {
		t.Fatal(err)
	}
	want := `0 1 1 c1 ran list
3
ERROR trapped, rc 3 line 8 bad
FAILURE trapped, rc -1 FAILURE
back -1
SYSTEM
SYSTEM
`
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	if strings.Join(rec.got, ",") != "list,bad,bad,worse,one-off" {
		t.Errorf("commands %q", rec.got)
	}
}

func TestErrorsCarryLine(t *testing.T) {
	_, err := run(t, "say 1\nx = 'a' + 1\n", nil)
	var e *interp.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want *interp.Error", err)
	}
	if e.Err.Code != 41 || e.Line != 2 {
		t.Errorf("got error %d at line %d, want 41 at line 2", e.Err.Code, e.Line)
	}
	if !strings.Contains(e.Message(), "     2 +++ x = 'a' + 1") {
		t.Errorf("message lacks the traceback line:\n%s", e.Message())
	}
}

// TestConcatInPlace checks that strings built by appending in place stay
// what they were when other values share their buffer.
func TestConcatInPlace(t *testing.T) {
	out, err := run(t, `
s = copies('a', 300)
t = s
s = s || 'b'
u = t || 'c'
v = s || 'd'
w = s || 'e'
say length(s) right(s, 2) right(t, 2) right(u, 2) right(v, 2) right(w, 2)
do i = 1 to 1000; s = s || i; end
say length(s) right(s, 4) right(v, 2)
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "301 ab aa ac bd be\n3194 1000 bd\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// TestSessionCallsScriptRoutines: after Run (rexxlxd -i FILE), entries run
// with Exec see the script's variables and can call its routines, and
// Address reports the current environment.
func TestSessionCallsScriptRoutines(t *testing.T) {
	in := interp.New()
	var out bytes.Buffer
	in.Stdout, in.Stderr = &out, &out
	in.Register("TEST", &recorder{})
	script, err := parser.Parse("s.rexx", "x = 20\naddress TEST\nexit\ntwice: return arg(1) * 2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Run(context.Background(), script); err != nil {
		t.Fatal(err)
	}
	entry, err := parser.Parse("<stdin>", "say twice(x + 1)")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := in.Exec(context.Background(), entry); err != nil {
		t.Fatal(err)
	}
	if out.String() != "42\n" || in.Address() != "TEST" {
		t.Errorf("got %q and ADDRESS %q, want 42 and TEST", out.String(), in.Address())
	}
}
