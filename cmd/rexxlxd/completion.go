package main

import (
	"fmt"
	"strings"
)

// Shell completion of the command line, made from the options table:
// options complete by name, their values by what the row says (a file,
// an lxc remote, a shell), and operands as files (the script, then its
// arguments). `rexxlxd --completion bash` prints the bash script;
// `source <(rexxlxd --completion bash)` or a file in
// /etc/bash_completion.d installs it. The zsh one goes in a directory of
// $fpath as _rexxlxd, or is sourced after compinit.

// completionScript returns the completion script for shell.
func completionScript(shell string) (string, error) {
	switch shell {
	case "bash":
		return bashCompletion(), nil
	case "zsh":
		return zshCompletion(), nil
	}
	return "", usageErr(fmt.Sprintf("--completion: no completion for %q (bash or zsh)", shell))
}

// allNames is every option spelling, in table order.
func allNames() []string {
	var names []string
	for _, o := range options {
		names = append(names, o.names...)
	}
	return names
}

// valueNames is every spelling of the options that take a value.
func valueNames() []string {
	var names []string
	for _, o := range options {
		if o.value != "" {
			names = append(names, o.names...)
		}
	}
	return names
}

// remotesCommand lists the lxc client's remotes, one name a line, for
// --remote; it prints nothing where lxc is missing.
const remotesCommand = `lxc remote list --format csv 2>/dev/null | cut -d, -f1 | sed 's/ (current)$//'`

func bashCompletion() string {
	var b strings.Builder
	b.WriteString(`# bash completion for rexxlxd (made by rexxlxd --completion bash)
_rexxlxd() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} i
    case $prev in
`)
	for _, o := range options {
		if o.value == "" {
			continue
		}
		fmt.Fprintf(&b, "    %s)\n", strings.Join(o.names, "|"))
		switch o.complete {
		case "file":
			b.WriteString("        compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n")
		case "remote":
			fmt.Fprintf(&b, "        COMPREPLY=($(compgen -W \"$(%s)\" -- \"$cur\")); return ;;\n", remotesCommand)
		case "shell":
			b.WriteString("        COMPREPLY=($(compgen -W \"bash zsh\" -- \"$cur\")); return ;;\n")
		default:
			b.WriteString("        COMPREPLY=(); return ;;\n")
		}
	}
	fmt.Fprintf(&b, `    esac
    # After the script (or -e PROGRAM, or "-") come the program's own
    # arguments: files, not options.
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            %s) ((i++)) ;;
            --) break ;;
            -) break ;;
            -*) ;;
            *) break ;;
        esac
    done
    if ((i >= COMP_CWORD)) && [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "%s" -- "$cur"))
        return
    fi
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _rexxlxd rexxlxd
`, strings.Join(valueNames(), "|"), strings.Join(allNames(), " "))
	return b.String()
}

func zshCompletion() string {
	var b strings.Builder
	b.WriteString(`#compdef rexxlxd
# zsh completion for rexxlxd (made by rexxlxd --completion zsh)
_rexxlxd_remotes() {
    local -a remotes
    remotes=(${(f)"$(` + remotesCommand + `)"})
    compadd -a remotes
}
_rexxlxd() {
    _arguments -S \
`)
	for _, o := range options {
		desc := zshQuote(strings.Join(o.help, " "))
		action := ""
		if o.value != "" {
			arg := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(o.value, "a "), "an "))
			switch o.complete {
			case "file":
				action = ":" + arg + ":_files"
			case "remote":
				action = ":" + arg + ":_rexxlxd_remotes"
			case "shell":
				action = ":" + arg + ":(bash zsh)"
			default:
				action = ":" + arg + ": "
			}
		}
		if len(o.names) == 1 {
			fmt.Fprintf(&b, "        '%s[%s]%s' \\\n", o.names[0], desc, action)
			continue
		}
		fmt.Fprintf(&b, "        '(%s)'{%s}'[%s]%s' \\\n", strings.Join(o.names, " "), strings.Join(o.names, ","), desc, action)
	}
	b.WriteString(`        '1:script:_files' \
        '*:argument:_files'
}
# Autoloaded from $fpath this file is the completion function's body;
# sourced, it registers the function.
if [[ $funcstack[1] == _rexxlxd ]]; then
    _rexxlxd "$@"
else
    compdef _rexxlxd rexxlxd
fi
`)
	return b.String()
}

// zshQuote makes s safe inside a single-quoted _arguments spec and its
// [description].
func zshQuote(s string) string {
	r := strings.NewReplacer("'", `'\''`, "[", `\[`, "]", `\]`, ":", `\:`)
	return r.Replace(s)
}
