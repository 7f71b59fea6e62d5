package system

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// TestCommandGetsCallEnviron: the command runs with Call.Environ, not the
// process's environment.
func TestCommandGetsCallEnviron(t *testing.T) {
	const name = "REXXLXD_SYSTEM_TEST_VAR"
	if _, ok := os.LookupEnv(name); ok {
		t.Fatalf("%s is set in the test's environment", name)
	}
	var out bytes.Buffer
	call := &interp.Call{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out,
		Environ: []string{"PATH=" + os.Getenv("PATH"), name + "=from call"}}
	if rc := New().Run(context.Background(), `echo "[$`+name+`]"`, call); rc != 0 {
		t.Fatalf("rc %d: %s", rc, out.String())
	}
	if got := out.String(); got != "[from call]\n" {
		t.Fatalf("the command printed %q, want %q", got, "[from call]\n")
	}
}

// runProgram runs src in a new interpreter with SYSTEM as its ADDRESS
// environment and returns what it wrote.
func runProgram(t *testing.T, src string) string {
	t.Helper()
	prog, err := parser.Parse("t.rexx", src)
	if err != nil {
		t.Fatal(err)
	}
	in := interp.New()
	var out bytes.Buffer
	in.Stdout, in.Stderr, in.Stdin = &out, &out, strings.NewReader("")
	in.Register("SYSTEM", New())
	if _, err := in.Run(context.Background(), prog); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return out.String()
}

// TestValueEnvironmentIsTheInterpreters: VALUE(…,'ENVIRONMENT') changes
// what the program and its commands see, and nothing else: the process's
// environment and a second interpreter stay as they were.
func TestValueEnvironmentIsTheInterpreters(t *testing.T) {
	const name = "REXXLXD_VALUE_TEST_VAR"
	if _, ok := os.LookupEnv(name); ok {
		t.Fatalf("%s is set in the test's environment", name)
	}
	got := runProgram(t, `
old = value('`+name+`', 'one', 'ENVIRONMENT')
say '['old']['value('`+name+`',, 'ENVIRONMENT')']'
'echo "[$`+name+`]"'
call value 'HOME', '/nowhere', 'ENVIRONMENT'
'echo "[$HOME]"'
`)
	if want := "[][one]\n[one]\n[/nowhere]\n"; got != want {
		t.Errorf("the program printed %q, want %q", got, want)
	}
	if v, ok := os.LookupEnv(name); ok {
		t.Errorf("the process's environment has %s=%q after the program", name, v)
	}
	if os.Getenv("HOME") == "/nowhere" {
		t.Errorf("the process's HOME was changed by the program")
	}
	// Another interpreter in the same process does not see the change.
	if got := runProgram(t, `say '['value('`+name+`',, 'ENVIRONMENT')']'; '[ -z "$`+name+`" ] && echo unset'`); got != "[]\nunset\n" {
		t.Errorf("a second interpreter printed %q, want %q", got, "[]\nunset\n")
	}
}
