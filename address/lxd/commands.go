package lxd

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rexxlxd/rexxlxd/interp"
)

// CommandHelp describes one ADDRESS LXD command for the REPL's help and tab
// completion. It has the fields of interp.CommandHelp, which Commands
// returns, so that Env is an interp.Describer.
type CommandHelp struct {
	Name     string   // canonical name, e.g. "execute"
	Aliases  []string // other names, e.g. "exec"
	Required []string // keys that must be given
	Optional []string // keys that may be given
	Summary  string   // one line
}

// command is one entry of the command table: its help and its
// implementation. run gets the arguments already checked against the
// help's key lists and fills res; its error (if any) decides RC.
type command struct {
	help CommandHelp
	run  func(e *Env, ctx context.Context, args map[string]string, res *result) error
}

// commandTable lists every command once, in the order help shows them.
// It is filled in init because the run functions refer to Env methods.
var commandTable []*command

// keyPrefixes lists, by command name, the key families a command takes
// besides its fixed keys: any number of keys that start with the prefix
// and go on with a name (env.HOME=, env.LANG=), each at most once. The
// name keeps the case it was written in (see keyName). Prefixes are
// lower-case and end with a dot.
var keyPrefixes = map[string][]string{
	"execute": {"env."},
}

// commandsByName maps every lower-case name and alias to its command.
var commandsByName = map[string]*command{}

func init() {
	commandTable = []*command{
		{CommandHelp{"status", nil, nil, nil,
			"report the LXD daemon: version, API, storage drivers"}, (*Env).status},
		{CommandHelp{"list", nil, nil, nil,
			"list all instances with status, type, IPv4 and image"}, (*Env).list},
		{CommandHelp{"create", nil, []string{"name", "image"}, []string{"storage", "profile", "memory", "cpus", "start"},
			"create an instance from an image (local alias, fingerprint or remote:alias)"}, (*Env).create},
		{CommandHelp{"start", nil, []string{"name"}, []string{"wait"},
			"start an instance and wait until LXD has started it"}, (*Env).start},
		{CommandHelp{"stop", nil, []string{"name"}, []string{"force", "timeout"},
			"stop an instance, cleanly or with force=true"}, (*Env).stop},
		{CommandHelp{"delete", []string{"remove"}, []string{"name"}, nil,
			"delete an instance, stopping it first if it runs"}, (*Env).delete},
		{CommandHelp{"execute", []string{"exec"}, []string{"name", "command"},
			[]string{"user", "cwd", "timeout", "stdin", "stream", "maxoutput"},
			"run a command with /bin/sh -c in a running instance (env.NAME= sets a variable); RC is its exit status"}, (*Env).execute},
		{CommandHelp{"copy", []string{"clone"}, []string{"source", "destination"}, nil,
			"copy an instance (copy-on-write on btrfs and ZFS)"}, (*Env).copy},
		{CommandHelp{"register_base", nil, []string{"name"}, []string{"image", "memory", "cpus", "storage"},
			"make an instance (created from image=, default ubuntu:22.04, if missing) a stopped base for clones"}, (*Env).registerBase},
		{CommandHelp{"clone_from_base", nil, []string{"base", "name"}, []string{"count", "start", "wait", "parallel"},
			"clone a registered base into a new instance, or count= of them (name-1 ... name-N)"}, (*Env).cloneFromBase},
		{CommandHelp{"list_bases", nil, nil, nil,
			"list the registered bases with their image and limits"}, (*Env).listBases},
	}
	for _, c := range commandTable {
		commandsByName[c.help.Name] = c
		for _, a := range c.help.Aliases {
			commandsByName[a] = c
		}
	}
	markFleetCommands()
}

// Commands returns the help of every command, for the REPL's help and tab
// completion. The slices are copies the caller may keep.
func (e *Env) Commands() []interp.CommandHelp {
	out := make([]interp.CommandHelp, len(commandTable))
	for i, c := range commandTable {
		h := c.help
		h.Aliases = append([]string(nil), h.Aliases...)
		h.Required = append([]string(nil), h.Required...)
		h.Optional = append([]string(nil), h.Optional...)
		out[i] = interp.CommandHelp(h)
	}
	return out
}

// lookupCommand finds a command by name or alias, case-insensitively.
func lookupCommand(word string) (*command, bool) {
	c, ok := commandsByName[strings.ToLower(word)]
	return c, ok
}

// UsageError is a command that was recognised but given the wrong keys or
// values; it is reported before anything is sent to LXD.
type UsageError struct {
	Command string
	Msg     string
}

func (e *UsageError) Error() string {
	if e.Command == "" {
		return e.Msg
	}
	return e.Command + ": " + e.Msg
}

// checkArgs matches the parsed arguments against the command's keys: every
// key must be known (or start with one of its prefixes, followed by a
// name), given once, and every required key present. The message names the
// offending key and lists the valid ones. A prefixed key keeps the name
// after its prefix as written ("env.LANG"); see prefixed.
func (c *command) checkArgs(args []arg) (map[string]string, error) {
	h := c.help
	valid := func() string {
		prefixes := keyPrefixes[h.Name]
		if len(h.Required)+len(h.Optional)+len(prefixes) == 0 {
			return h.Name + " takes no keys"
		}
		keys := append(append([]string(nil), h.Required...), h.Optional...)
		for _, p := range prefixes {
			keys = append(keys, p+"NAME")
		}
		return "valid keys: " + strings.Join(keys, ", ")
	}
	m := make(map[string]string, len(args))
	for _, a := range args {
		key := a.Key
		if p, ok := c.prefixOf(key); ok {
			// The name after the prefix keeps its case (see keyName).
			if len(key) == len(p) {
				return nil, &UsageError{h.Name, fmt.Sprintf("key %s= needs a name after %q, e.g. %sNAME=", key, p, p)}
			}
		} else if !slices.Contains(h.Required, key) && !slices.Contains(h.Optional, key) {
			return nil, &UsageError{h.Name, fmt.Sprintf("unknown key %s= (%s)", a.Key, valid())}
		}
		if _, dup := m[key]; dup {
			return nil, &UsageError{h.Name, fmt.Sprintf("key %s= given twice (%s)", key, valid())}
		}
		m[key] = a.Value
	}
	var missing []string
	for _, k := range h.Required {
		if _, ok := m[k]; !ok {
			missing = append(missing, k+"=")
		}
	}
	if len(missing) > 0 {
		return nil, &UsageError{h.Name, fmt.Sprintf("missing required key %s (%s)", strings.Join(missing, " "), valid())}
	}
	return m, nil
}

// prefixOf returns the command's key prefix that key (lower-cased)
// starts with.
func (c *command) prefixOf(key string) (string, bool) {
	for _, p := range keyPrefixes[c.help.Name] {
		if strings.HasPrefix(key, p) {
			return p, true
		}
	}
	return "", false
}

// prefixed returns the keys of one family from checked arguments, the
// prefix removed and the names as written: for "env." and
// env.LANG=C it returns {"LANG": "C"}. It returns nil when there are none.
func prefixed(args map[string]string, prefix string) map[string]string {
	var out map[string]string
	for k, v := range args {
		if name, ok := strings.CutPrefix(k, prefix); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[name] = v
		}
	}
	return out
}

// commandNames returns every command name and alias, sorted, for messages.
func commandNames() []string {
	return slices.Sorted(maps.Keys(commandsByName))
}
