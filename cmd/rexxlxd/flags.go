package main

import (
	"fmt"
	"strings"
)

// config is what the command line asks for.
type config struct {
	src, file  string // the program and the name it is reported under
	haveSource bool   // src was given (-e)
	check      bool   // --check: parse only
	interact   bool   // -i: the session after the program
	socket     string // --lxd-socket
	remote     string // --remote
	help       bool   // --help: print the usage and stop
	version    bool   // --version: print the version and stop
	man        bool   // --man: print the manual page and stop
	completion string // --completion SHELL: print its completion script and stop
	operands   []string
}

// option is one command-line option: its spellings, the name of its value
// for messages ("" for a switch), how help shows it and what it does, what
// completes its value, and what it sets. A long option (--x) with a value
// may also be written --x=VALUE. Help, the man page and shell completion
// are all made from this table, so they cannot disagree with the parser.
type option struct {
	names    []string
	value    string   // the value's name in messages; "" for a switch
	arg      string   // the value's name in help, e.g. PROGRAM; or the operand a switch wants
	help     []string // what it does, a line each
	complete string   // what completes its value: "file", "remote", "shell" or "" (nothing)
	set      func(c *config, v string)
}

// options is the whole command line, one row per option, in the order
// help shows them.
var options = []option{
	{[]string{"-e", "--eval"}, "a program", "PROGRAM", []string{"run PROGRAM (a string of REXX clauses)"}, "",
		func(c *config, v string) { c.src, c.file, c.haveSource = v, "-e", true }},
	{[]string{"--check"}, "", "FILE", []string{"parse FILE and list every syntax error; run nothing"}, "",
		func(c *config, _ string) { c.check = true }},
	{[]string{"-i"}, "", "FILE", []string{"run FILE, then continue interactively in its variables"}, "",
		func(c *config, _ string) { c.interact = true }},
	{[]string{"--lxd-socket"}, "a path", "PATH", []string{"LXD's unix socket (default: $LXD_SOCKET, $LXD_DIR,", "the snap's or the Debian package's socket)"}, "file",
		func(c *config, v string) { c.socket = v }},
	{[]string{"--remote"}, "a remote name", "NAME", []string{"send ADDRESS LXD commands to the lxc remote NAME", "(default: the lxc client's default-remote)"}, "remote",
		func(c *config, v string) { c.remote = v }},
	{[]string{"--completion"}, "a shell", "SHELL", []string{"print the completion script for SHELL (bash or zsh)"}, "shell",
		func(c *config, v string) { c.completion = v }},
	{[]string{"--man"}, "", "", []string{"print the manual page (troff, for man -l -)"}, "",
		func(c *config, _ string) { c.man = true }},
	{[]string{"--version", "-v"}, "", "", []string{"print the version, module version and commit"}, "",
		func(c *config, _ string) { c.version = true }},
	{[]string{"--help", "-h", "-help"}, "", "", []string{"print this help"}, "",
		func(c *config, _ string) { c.help = true }},
}

// stdinHelp is the help line of "-", an operand rather than an option.
var stdinHelp = [2]string{"-", "read the program from standard input"}

// usageErr is a command line rexxlxd does not accept.
type usageErr string

func (e usageErr) Error() string { return string(e) }

// parseArgs reads the options in front of the operands: the first word
// that is not an option (a script, "-" for standard input) or "--" ends
// them. --help and --version end the parse at once.
func parseArgs(args []string) (*config, error) {
	c := &config{}
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			args = args[1:]
			break
		}
		if a == "-" || !strings.HasPrefix(a, "-") {
			break
		}
		name, val, hasVal := a, "", false
		if strings.HasPrefix(a, "--") {
			name, val, hasVal = strings.Cut(a, "=")
		}
		opt := lookupOption(name)
		switch {
		case opt == nil:
			return nil, usageErr("unknown option " + a)
		case opt.value == "" && hasVal:
			return nil, usageErr(name + " takes no value")
		case opt.value != "" && !hasVal:
			if len(args) < 2 {
				return nil, usageErr(name + " needs " + opt.value)
			}
			val, args = args[1], args[1:]
		}
		args = args[1:]
		opt.set(c, val)
		if c.help || c.version || c.man || c.completion != "" {
			return c, nil
		}
	}
	c.operands = args
	if !c.haveSource && len(c.operands) == 0 {
		switch {
		case c.check:
			return nil, usageErr("--check needs a program: a file, - (standard input) or -e")
		case c.interact:
			return nil, usageErr("-i needs a program: a file, - (standard input) or -e")
		}
	}
	return c, nil
}

// lookupOption finds the option spelt name, or nil.
func lookupOption(name string) *option {
	for i := range options {
		for _, n := range options[i].names {
			if n == name {
				return &options[i]
			}
		}
	}
	return nil
}

// usageHead and usageTail surround the options in the help text.
const (
	usageHead = `usage: rexxlxd [options] [script.rexx | -e program | -] [args...]

Runs a REXX program. ADDRESS LXD drives LXD system containers; the
default environment is SYSTEM (the host shell).

`
	usageTail = `
With no program, rexxlxd starts an interactive session when standard
input is a terminal, and otherwise reads the program from standard input.
`
)

// usage is the help text: --help prints it, a usage error ends with it.
func usage() string {
	var b strings.Builder
	b.WriteString(usageHead)
	line := func(show string, help []string) {
		for i, h := range help {
			if i > 0 {
				show = ""
			}
			fmt.Fprintf(&b, "  %-19s %s\n", show, h)
		}
	}
	for i, o := range options {
		line(strings.TrimSpace(strings.Join(o.names, ", ")+" "+o.arg), o.help)
		if i == 0 {
			line(stdinHelp[0], stdinHelp[1:])
		}
	}
	b.WriteString(usageTail)
	return b.String()
}
