package lxd

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/termtext"
)

// What the interactive session needs from ADDRESS LXD, through interp's
// optional interfaces: Commands (commands.go) and Values make Env an
// interp.Describer, for help and tab completion; View makes it an
// interp.ResultViewer, to show what a command returned. All of it reads
// the command's declaration: a command added to the table gets help,
// completion of its keys and values, and its view at once (its fields
// show by the fallbacks below unless it declares view or columns).

// Values implements interp.Describer: the values worth offering for key=
// of a command while a person types: true and false for a bool key, the
// words of an enum key, live instance, base, image alias or storage pool
// names from the daemon (bounded by Config.NamesTimeout), nil for a new
// name or free text.
func (e *Env) Values(ctx context.Context, command, key string) []string {
	c, ok := lookupCommand(command)
	if !ok {
		return nil
	}
	k, ok := c.keySpecOf(key)
	if !ok {
		return nil
	}
	if ch := k.choices(); ch != nil {
		return ch
	}
	if kind := k.namesKind(); kind != "" {
		return e.Names(ctx, kind)
	}
	return nil
}

// viewFallback are the fields the one-line view shows, those set, for a
// command that declares no view.
var viewFallback = []string{"CONTAINER", "BASE", "SNAPSHOT", "STATUS", "IMAGE", "EXITCODE", "CHANGED", "WARNING"}

// listFallback are the columns of a list whose command declares none (a
// fleet command's, say): those any row has a value for.
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
	}
	var fields, columns []string
	if c, ok := lookupCommand(op); ok {
		op, fields, columns = c.name, c.view, c.columns
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
		writeTable(&b, vars, op, n, columns)
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
