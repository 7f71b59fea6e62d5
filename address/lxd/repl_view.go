package lxd

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/termtext"
)

// What the interactive session needs from ADDRESS LXD, through interp's
// optional interfaces: Commands (commands.go) and Values make Env an
// interp.Describer, for help and tab completion; View makes it an
// interp.ResultViewer, to show what a command returned. A command added to
// the table gets help and completion of its keys at once; its fields show
// by the fallbacks below, or by a row in viewFields or listColumns.

// Values implements interp.Describer: the values worth offering for key=
// of a command while a person types: live instance, base, image alias or
// pool names from the daemon (bounded by Config.NamesTimeout), true and
// false for a yes/no key, nil for a new name or free text.
func (e *Env) Values(ctx context.Context, command, key string) []string {
	switch kind := valueKind(command, key); kind {
	case "":
		return nil
	case "bool":
		return []string{"false", "true"}
	case "wait":
		return []string{"ready", "running"}
	case "for":
		return []string{"ipv4", "ready", "running", "stopped"}
	case "protocol":
		return []string{"tcp", "udp"}
	default:
		return e.Names(ctx, kind)
	}
}

// valueKind says what a key's value names: a kind for Names, "bool" for
// true/false, "wait" for wait=, "for" for wait's for=, or "" when the value is new or free text
// (the name of an instance about to be created, a command).
func valueKind(command, key string) string {
	switch key {
	case "name":
		switch command {
		case "create", "clone_from_base", "profile_create":
			return ""
		case "profile_set", "profile_unset", "profile_delete":
			return "profile"
		}
		return "instance"
	case "protocol":
		if command == "forward" {
			return "protocol"
		}
	case "source":
		if command == "push" || command == "pull" {
			return "" // a host or guest path
		}
		return "instance"
	case "base":
		return "base"
	case "image":
		return "image"
	case "storage":
		return "pool"
	case "force", "start", "ensure", "recursive", "exact", "all":
		return "bool"
	case "for":
		if command == "wait" {
			return "for"
		}
	case "wait":
		if command == "start" || command == "clone_from_base" {
			return "wait"
		}
	}
	return ""
}

// viewFields are the fields the one-line view of a command shows, in
// order; a command not listed shows those of viewFallback it set. Like
// the other tables of this package it is made on first use, not at
// start-up (a map literal is built by code that runs at start-up).
var viewFields = sync.OnceValue(func() map[string][]string {
	return map[string][]string{
		"status":          {"VERSION", "API", "DRIVERS", "SERVER"},
		"create":          {"CONTAINER", "IMAGE", "STATUS"},
		"start":           {"CONTAINER", "STATUS"},
		"stop":            {"CONTAINER", "STATUS"},
		"delete":          {"CONTAINER", "STATUS"},
		"execute":         {"CONTAINER", "EXITCODE"},
		"copy":            {"SOURCE", "DESTINATION", "STATUS"},
		"register_base":   {"BASE", "IMAGE", "CREATED"},
		"clone_from_base": {"BASE", "CONTAINER", "STATUS"},
		"info":            {"CONTAINER", "STATUS", "IPV4", "MEMORY", "PROCESSES", "IMAGE"},
		"wait":            {"CONTAINER", "FOR", "STATUS", "WAITEDMS"},
		"push":            {"CONTAINER", "TARGET", "FILES", "BYTES", "METHOD"},
		"pull":            {"CONTAINER", "SOURCE", "TARGET", "BYTES"},
		"set":             {"CONTAINER", "KEY", "VALUE", "CHANGED"},
		"unset":           {"CONTAINER", "KEY", "CHANGED"},
		"rename":          {"FROM", "CONTAINER"},
		"profile_create":  {"PROFILE", "CHANGED"},
		"profile_set":     {"PROFILE", "KEY", "VALUE", "USEDBY", "CHANGED"},
		"profile_unset":   {"PROFILE", "KEY", "USEDBY", "CHANGED"},
		"profile_delete":  {"PROFILE", "CHANGED"},
		"forward":         {"CONTAINER", "LISTEN", "GUESTPORT", "DEVICE", "STATUS", "CHANGED"},
		"remove_device":   {"CONTAINER", "DEVICE", "TYPE", "CHANGED"},
	}
})

var viewFallback = []string{"CONTAINER", "BASE", "SNAPSHOT", "STATUS", "IMAGE", "EXITCODE", "CHANGED", "WARNING"}

// listColumns are the columns of the table of a list command; a list
// not named here (a fleet command's, say) shows those of listFallback
// that any row has a value for.
var listColumns = sync.OnceValue(func() map[string][]string {
	return map[string][]string{
		"list":           {"NAME", "STATUS", "TYPE", "IPV4", "IMAGE", "BASE"},
		"list_bases":     {"NAME", "IMAGE", "MEMORY", "CPUS", "STATUS"},
		"storage":        {"NAME", "DRIVER", "USED", "TOTAL", "COW"},
		"list_snapshots": {"NAME", "CREATED"},
		"profiles":       {"NAME", "USEDBY", "DEVICES", "DESCRIPTION"},
		"devices":        {"NAME", "TYPE", "PROFILE", "PATH", "SOURCE", "LISTEN", "CONNECT"},
	}
})

var listFallback = []string{"NAME", "SUCCESS", "STATE", "STATUS", "EXITCODE", "SNAPSHOT", "IPV4", "ELAPSEDMS", "ERROR"}

// Bounds of a view: a person reads it at a prompt, RESULT. has it all.
const (
	viewRows  = 25 // table rows
	viewLines = 20 // lines of an execute's output
	viewCell  = 48 // characters of a table cell
)

// View implements interp.ResultViewer: one line for a single command,
// "ok" or "rc=N" first, then the key fields (or the reason it failed) and
// the time it took; an execute's output follows. A list (RESULT.0) gets
// that line and a table of its rows. Every value shown may hold text a
// guest chose, so each goes through termtext: its control characters are
// shown escaped, never sent to the terminal (RESULT. keeps them).
func (e *Env) View(cmd string, rc int, vars interp.Variables) string {
	get := func(tail string) string {
		v, _ := vars.Get("RESULT." + tail)
		return v
	}
	op := get("OPERATION")
	if op == "" {
		word, _, _ := strings.Cut(strings.TrimSpace(cmd), " ")
		op = strings.ToLower(word)
		if c, ok := lookupCommand(word); ok {
			op = c.help.Name
		}
	}
	var b strings.Builder
	if rc == 0 {
		b.WriteString("ok " + op)
	} else {
		fmt.Fprintf(&b, "rc=%d %s", rc, op)
	}
	n, isList := listLength(vars)
	switch {
	case rc != 0 && get("EXITCODE") == "" && (!isList || n == 0 || get("1.NAME") == ""):
		reason := get("ERROR")
		if reason == "" {
			reason = get("OUTPUT")
		}
		if reason == "" && get("EXITCODE") != "" {
			reason = "the command exited with status " + get("EXITCODE")
		}
		b.WriteString(": " + termtext.Line(strings.TrimPrefix(reason, op+": ")))
	case isList:
		b.WriteString(": " + termtext.Line(strings.TrimPrefix(get("OUTPUT"), op+": ")))
	default:
		fields := viewFields()[op]
		if fields == nil {
			fields = viewFallback
		}
		for _, f := range fields {
			if v, ok := vars.Get("RESULT." + f); ok && v != "" {
				b.WriteString(" " + strings.ToLower(f) + "=" + quoteView(v))
			}
		}
		if msg := get("ERROR"); rc != 0 && msg != "" && msg != get("STDOUT") {
			b.WriteString(": " + termtext.Line(strings.TrimPrefix(msg, op+": ")))
		}
	}
	if ms := get("ELAPSEDMS"); ms != "" {
		b.WriteString(" (" + ms + " ms)")
	}
	b.WriteByte('\n')
	if isList && n > 0 {
		writeTable(&b, vars, op, n, listColumns()[op])
	}
	if !isList {
		writeLines(&b, get("STDOUT"), "  ")
		writeLines(&b, get("STDERR"), "  stderr: ")
	}
	return b.String()
}

// listLength returns RESULT.0 when the result is a list.
func listLength(vars interp.Variables) (int, bool) {
	v, ok := vars.Get("RESULT.0")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 0
}

// quoteView writes a field value as a person reads it in key=value form,
// on one line and escaped.
func quoteView(v string) string {
	if strings.ContainsAny(v, " \t\n\r") || v == "" {
		return "'" + termtext.Line(v) + "'"
	}
	return termtext.Line(v)
}

// writeTable writes rows 1..n of a list as aligned columns under a
// header; with no columns given, those of listFallback that any row has a
// value for.
func writeTable(b *strings.Builder, vars interp.Variables, op string, n int, columns []string) {
	rows := min(n, viewRows)
	cell := func(i int, col string) string {
		v, _ := vars.Get("RESULT." + strconv.Itoa(i) + "." + col)
		if col == "ERROR" {
			v = strings.TrimPrefix(v, op+": ")
		}
		v = termtext.Line(v) // before measuring: an escape is as wide as it is long
		if utf8.RuneCountInString(v) > viewCell {
			v = string([]rune(v)[:viewCell-1]) + "…"
		}
		return v
	}
	if columns == nil {
		for _, col := range listFallback {
			for i := 1; i <= rows; i++ {
				if cell(i, col) != "" {
					columns = append(columns, col)
					break
				}
			}
		}
	}
	width := make([]int, len(columns))
	table := make([][]string, rows+1)
	for j, col := range columns {
		table[0] = append(table[0], strings.ToLower(col))
		width[j] = len(col)
	}
	for i := 1; i <= rows; i++ {
		for j, col := range columns {
			v := cell(i, col)
			table[i] = append(table[i], v)
			width[j] = max(width[j], utf8.RuneCountInString(v))
		}
	}
	for _, row := range table {
		line := "  "
		for j, v := range row {
			if j < len(row)-1 {
				v += strings.Repeat(" ", width[j]-utf8.RuneCountInString(v)+2)
			}
			line += v
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	if n > rows {
		fmt.Fprintf(b, "  … %d more in RESULT.i (RESULT.0 = %d)\n", n-rows, n)
	}
}

// writeLines writes text (an execute's output) line by line after
// prefix, at most viewLines of them, each escaped (tabs kept).
func writeLines(b *strings.Builder, text, prefix string) {
	if text == "" {
		return
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		if i == viewLines {
			fmt.Fprintf(b, "%s… %d more lines\n", prefix, len(lines)-i)
			break
		}
		b.WriteString(prefix + termtext.Escape(l) + "\n")
	}
}
