package main

import "strings"

// The manual page is made from the same table as --help (options) and
// written to docs/rexxlxd.1 by `make man`; TestManPageCurrent keeps that
// file equal to what this prints.

// manPage returns rexxlxd(1) in troff's man macros.
func manPage() string {
	var b strings.Builder
	b.WriteString(`.\" rexxlxd(1), made by rexxlxd --man (make man); do not edit.
.TH REXXLXD 1 "" rexxlxd "User Commands"
.SH NAME
rexxlxd \- REXX interpreter with ADDRESS LXD for LXD system containers
.SH SYNOPSIS
.B rexxlxd
[\fIoptions\fR] [\fIscript.rexx\fR | \fB\-e\fR \fIprogram\fR | \fB\-\fR] [\fIargs\fR...]
.SH DESCRIPTION
.B rexxlxd
runs a REXX program, as Regina REXX does. The default ADDRESS environment is
SYSTEM, the host shell; ADDRESS LXD drives LXD system containers over LXD's
REST API (create, start, execute, stop, delete, copy\-on\-write clones of
registered bases, fleets of them). After each command RC and the RESULT.\&
stem say how it went.
.PP
With no program, rexxlxd starts an interactive session when standard input
is a terminal, and otherwise reads the program from standard input.
.SH OPTIONS
`)
	// item writes one option: every spelling in bold, then its value's
	// name in italics, then what it does.
	item := func(names []string, arg string, help []string) {
		var head []string
		for _, n := range names {
			head = append(head, `\fB`+manEscape(n)+`\fR`)
		}
		b.WriteString(".TP\n" + strings.Join(head, ", "))
		if arg != "" {
			b.WriteString(` \fI` + manEscape(arg) + `\fR`)
		}
		b.WriteString("\n" + manEscape(strings.Join(help, " ")) + "\n")
	}
	for i, o := range options {
		item(o.names, o.arg, o.help)
		if i == 0 {
			item([]string{stdinHelp[0]}, "", stdinHelp[1:])
		}
	}
	b.WriteString(`.SH EXIT STATUS
The value of EXIT (0 when the program ends without one); after a REXX
error, 256 minus the error number, and the error's message on standard
error; 2 for a usage error of the command line.
.SH ENVIRONMENT
.TP
.B LXD_SOCKET
LXD's unix socket, when \-\-lxd\-socket does not give it.
.TP
.B LXD_DIR
LXD's directory; its unix.socket is used.
.TP
.B XDG_STATE_HOME
The interactive session keeps its history under it (rexxlxd/history).
.SH FILES
.TP
.I /var/lib/lxd/unix.socket, /var/snap/lxd/common/lxd/unix.socket
LXD's socket (Debian's package, the snap); open to root and the group lxd.
.SH SEE ALSO
.BR lxc (1),
.BR lxd (1);
README.md, docs/address\-lxd.md (every ADDRESS LXD command, key, RC and
RESULT field) and docs/repl.md in rexxlxd's source.
`)
	return b.String()
}

// manEscape makes s plain text for troff: backslashes and hyphens
// escaped, and a line that would start with a dot or quote guarded.
func manEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
