package main

import "strings"

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
	operands   []string
}

// option is one command-line option: its spellings, the name of its value
// for messages ("" for a switch), and what it sets. A long option (--x)
// with a value may also be written --x=VALUE.
type option struct {
	names []string
	value string
	set   func(c *config, v string)
}

// options is the whole command line, one row per option.
var options = []option{
	{[]string{"-e", "--eval"}, "a program", func(c *config, v string) { c.src, c.file, c.haveSource = v, "-e", true }},
	{[]string{"--check"}, "", func(c *config, _ string) { c.check = true }},
	{[]string{"-i"}, "", func(c *config, _ string) { c.interact = true }},
	{[]string{"--lxd-socket"}, "a path", func(c *config, v string) { c.socket = v }},
	{[]string{"--remote"}, "a remote name", func(c *config, v string) { c.remote = v }},
	{[]string{"--version", "-v"}, "", func(c *config, _ string) { c.version = true }},
	{[]string{"--help", "-h", "-help"}, "", func(c *config, _ string) { c.help = true }},
}

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
		if c.help || c.version {
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

const usage = `usage: rexxlxd [options] [script.rexx | -e program | -] [args...]

Runs a REXX program. ADDRESS LXD drives LXD system containers; the
default environment is SYSTEM (the host shell).

  -e PROGRAM         run PROGRAM (a string of REXX clauses)
  -                  read the program from standard input
  --check FILE       parse FILE and list every syntax error; run nothing
  -i FILE            run FILE, then continue interactively in its variables
  --lxd-socket PATH  LXD's unix socket (default: $LXD_SOCKET, $LXD_DIR,
                     the snap's or the Debian package's socket)
  --remote NAME      send ADDRESS LXD commands to the lxc remote NAME
                     (default: the lxc client's default-remote)
  --version          print the version
  --help             print this help

With no program, rexxlxd starts an interactive session when standard
input is a terminal, and otherwise reads the program from standard input.
`
