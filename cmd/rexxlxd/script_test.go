package main

import (
	"flag"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden parts of testdata/scripts/*.txtar")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"rexxlxd": func() { os.Exit(Main(os.Args[1:])) },
	})
}

// TestScripts runs the golden script tests in testdata/scripts: each
// .txtar file holds REXX programs, the commands that run them, and the
// expected standard output and error. Scripts whose names start with
// lxd_ need the LXD daemon (see the lxd condition).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/scripts",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup:               setupScript,
		Condition:           scriptCondition,
	})
}
