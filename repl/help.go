package repl

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/rexxlxd/rexxlxd/interp"
)

// instructionSyntax is a one-line reminder of each REXX instruction's form
// for the help entry. Help shows only the instructions the parser lists in
// parser.Keywords, so an instruction it does not read is never advertised.
var instructionSyntax = []struct{ name, syntax string }{
	{"ADDRESS", "ADDRESS [env [command]] | ADDRESS VALUE expr"},
	{"ARG", "ARG template"},
	{"CALL", "CALL name [args] | CALL ON|OFF condition [NAME label]"},
	{"DO", "DO [var = from [TO to] [BY by] [FOR n] | n | FOREVER] [WHILE|UNTIL cond]; ... END"},
	{"DROP", "DROP name ..."},
	{"EXIT", "EXIT [expr]   (leaves the session with that status)"},
	{"IF", "IF cond THEN instr [ELSE instr]"},
	{"INTERPRET", "INTERPRET expr"},
	{"ITERATE", "ITERATE [var]"},
	{"LEAVE", "LEAVE [var]"},
	{"LET", "LET name = expr"},
	{"NOP", "NOP"},
	{"NUMERIC", "NUMERIC DIGITS [n] | FORM [SCIENTIFIC|ENGINEERING] | FUZZ [n]"},
	{"OPTIONS", "OPTIONS expr"},
	{"PARSE", "PARSE [UPPER|LOWER] ARG|LINEIN|PULL|SOURCE|VALUE expr WITH|VAR name|VERSION template"},
	{"PROCEDURE", "PROCEDURE [EXPOSE name ...]"},
	{"PULL", "PULL template"},
	{"PUSH", "PUSH expr"},
	{"QUEUE", "QUEUE expr"},
	{"REQUIRE", "REQUIRE expr"},
	{"RETURN", "RETURN [expr]"},
	{"SAY", "SAY expr"},
	{"SELECT", "SELECT; WHEN cond THEN instr ... [OTHERWISE instr ...] END"},
	{"SIGNAL", "SIGNAL label | SIGNAL ON|OFF condition [NAME label]"},
	{"TRACE", "TRACE [setting]"},
}

// EnvHelp is the help of one ADDRESS environment's commands.
type EnvHelp struct {
	Name     string // as ADDRESS names it, e.g. "LXD"
	Commands []interp.CommandHelp
}

// WriteHelp writes what the help entry (or ?) shows: the commands of each
// environment that describes them, with their required and optional keys,
// then the instructions among keywords with their forms, then how the
// session works.
func WriteHelp(w io.Writer, envs []EnvHelp, keywords []string) {
	for _, e := range envs {
		writeCommands(w, e)
	}
	fmt.Fprintln(w, "Instructions:")
	for _, in := range instructionSyntax {
		if slices.Contains(keywords, in.name) {
			fmt.Fprintf(w, "  %s\n", in.syntax)
		}
	}
	fmt.Fprint(w, `
Each entry runs in one session: variables, ADDRESS, SIGNAL ON and REQUIRE
persist. An open DO, SELECT or IF, a trailing comma or an open comment asks
for more lines (...>). Tab completes; Ctrl-R searches history; Ctrl-C
clears the line or halts running code; Ctrl-D or EXIT leaves.
`)
}

// writeCommands writes the commands of one environment, then a blank line.
func writeCommands(w io.Writer, e EnvHelp) {
	fmt.Fprintf(w, "ADDRESS %s commands (ADDRESS %s, then \"command key=value ...\"; RC 0 is success):\n", e.Name, e.Name)
	width := 0
	for _, c := range e.Commands {
		width = max(width, len(commandName(c)))
	}
	for _, c := range e.Commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, commandName(c), c.Summary)
		var keys []string
		for _, k := range c.Required {
			keys = append(keys, k+"=")
		}
		for _, k := range c.Optional {
			keys = append(keys, "["+k+"=]")
		}
		for _, f := range c.Families {
			keys = append(keys, "["+f+"=...]")
		}
		if len(keys) > 0 {
			fmt.Fprintf(w, "  %-*s    keys: %s\n", width, "", strings.Join(keys, " "))
		}
	}
	fmt.Fprintln(w)
}

// commandName is a command's name with its aliases, as help lists it.
func commandName(c interp.CommandHelp) string {
	if len(c.Aliases) == 0 {
		return c.Name
	}
	return c.Name + " (" + strings.Join(c.Aliases, ", ") + ")"
}

// isHelp reports whether an entry asks for help rather than being REXX.
func isHelp(line string) bool {
	s := strings.TrimSpace(line)
	return strings.EqualFold(s, "help") || s == "?"
}
