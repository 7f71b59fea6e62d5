package lxd

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/rexxlxd/rexxlxd/interp"
)

// command is one entry of the command table: its help and its
// implementation. run gets the arguments already checked against the
// help's key lists and fills res; its error (if any) decides RC.
type command struct {
	help interp.CommandHelp
	run  func(e *Env, ctx context.Context, args map[string]string, res *result) error
}

// commandTable lists every command once, in the order help shows them.
// buildCommands fills it (and commandsByName) on first use, through
// loadCommands: a program that never addresses LXD does not build it at
// start-up. It is filled in a function, not a declaration, because the run
// functions refer to Env methods.
var commandTable []*command

// keyPrefixes lists, by command name, the key families a command takes
// besides its fixed keys: any number of keys that start with the prefix
// and go on with a name (env.HOME=, env.LANG=), each at most once. The
// name keeps the case it was written in (see keyName). Prefixes are
// lower-case and end with a dot.
var keyPrefixes = map[string][]string{
	"execute":        {"env."},
	"create":         {configPrefix},
	"register_base":  {configPrefix},
	"profile_create": {configPrefix},
}

// cmdHelp is one command's help in the table below: its canonical name,
// other names, required and optional keys, and a one-line summary.
func cmdHelp(name string, aliases, required, optional []string, summary string) interp.CommandHelp {
	return interp.CommandHelp{Name: name, Aliases: aliases, Required: required, Optional: optional, Summary: summary}
}

// commandsByName maps every lower-case name and alias to its command.
var commandsByName map[string]*command

var commandsOnce sync.Once

// loadCommands builds the command table if it is not built yet. Whatever
// reads commandTable, commandsByName or isFleet calls it first.
func loadCommands() { commandsOnce.Do(buildCommands) }

func buildCommands() {
	commandTable = []*command{
		{cmdHelp("status", nil, nil, nil,
			"report the LXD daemon: version, API, storage drivers"), (*Env).status},
		{cmdHelp("list", nil, nil, nil,
			"list all instances with status, type, IPv4 and image"), (*Env).list},
		{cmdHelp("create", nil, []string{"name", "image"}, []string{"storage", "profile", "memory", "cpus", "start", "ensure", "target", "ephemeral"},
			"create an instance from an image (local alias, fingerprint or remote:alias)"), (*Env).createEnsure},
		{cmdHelp("start", nil, []string{"name"}, []string{"wait", "timeout", "ensure"},
			"start an instance and wait until LXD has started it"), (*Env).startEnsure},
		{cmdHelp("stop", nil, []string{"name"}, []string{"force", "timeout", "ensure"},
			"stop an instance, cleanly or with force=true"), (*Env).stopEnsure},
		{cmdHelp("delete", []string{"remove"}, []string{"name"}, []string{"ensure"},
			"delete an instance, stopping it first if it runs"), (*Env).deleteEnsure},
		{cmdHelp("execute", []string{"exec"}, []string{"name", "command"},
			[]string{"user", "cwd", "timeout", "stdin", "stream", "maxoutput"},
			"run a command with /bin/sh -c in a running instance (env.NAME= sets a variable); RC is its exit status"), changed((*Env).execute)},
		{cmdHelp("copy", []string{"clone"}, []string{"source", "destination"}, []string{"storage", "target", "ephemeral"},
			"copy an instance (copy-on-write on btrfs and ZFS)"), changed((*Env).copy)},
		{cmdHelp("register_base", nil, []string{"name"}, []string{"image", "memory", "cpus", "storage", "prepare", "ensure", "target"},
			"make an instance (created from image=, default ubuntu:22.04, if missing) a stopped base for clones"), (*Env).registerBaseCmd},
		{cmdHelp("clone_from_base", nil, []string{"base", "name"}, []string{"count", "start", "wait", "timeout", "parallel", "target", "ephemeral", "keep"},
			"clone a registered base into a new instance, or count= of them (name-1 ... name-N)"), changed((*Env).cloneFromBase)},
		{cmdHelp("list_bases", nil, nil, nil,
			"list the registered bases with their image and limits"), (*Env).listBases},
		{cmdHelp("info", nil, []string{"name"}, nil,
			"report one instance: status, pid, addresses, memory, processes, image"), (*Env).info},
		{cmdHelp("wait", nil, []string{"name", "for"}, []string{"timeout"},
			"wait until an instance is running, ready (answers an execute), has an ipv4 address, or stopped"), (*Env).wait},
		{cmdHelp("restart", nil, []string{"name"}, []string{"force", "timeout"},
			"restart a running instance, cleanly or with force=true"), (*Env).restart},
		{cmdHelp("rename", nil, []string{"name", "to"}, nil,
			"rename a stopped instance"), (*Env).rename},
		{cmdHelp("set", nil, []string{"name", "key", "value"}, nil,
			"set one LXD config key of an instance"), (*Env).set},
		{cmdHelp("unset", nil, []string{"name", "key"}, nil,
			"remove one LXD config key of an instance"), (*Env).unset},
		{cmdHelp("snapshot", nil, []string{"name"}, []string{"snapshot", "ensure"},
			"take a snapshot of an instance (LXD names it when snapshot= is absent)"), (*Env).snapshot},
		{cmdHelp("restore", nil, []string{"name", "snapshot"}, nil,
			"put an instance back to a snapshot"), (*Env).restore},
		{cmdHelp("list_snapshots", nil, []string{"name"}, nil,
			"list an instance's snapshots with their creation time"), (*Env).listSnapshots},
		{cmdHelp("delete_snapshot", nil, []string{"name", "snapshot"}, []string{"ensure"},
			"delete a snapshot of an instance"), (*Env).deleteSnapshot},
		{cmdHelp("push", nil, []string{"name", "target"}, []string{"source", "content", "mode", "uid", "gid", "recursive", "parents"},
			"write a host file or tree (source=) or text (content=) into an instance"), (*Env).push},
		{cmdHelp("pull", nil, []string{"name", "source"}, []string{"target", "recursive", "maxsize"},
			"read a file of an instance into RESULT.CONTENT, or a file or tree to a host path"), (*Env).pull},
		{cmdHelp("mount", nil, []string{"name", "source", "path"}, []string{"readonly", "device"},
			"share a host directory with an instance at path= (an LXD disk device; read-only unless readonly=false)"), changed((*Env).mount)},
		{cmdHelp("unmount", nil, []string{"name"}, []string{"path", "device"},
			"remove a mount made by mount, by its guest path= or device="), changed((*Env).unmount)},
		{cmdHelp("storage", nil, nil, nil,
			"list the storage pools with driver, space and whether clones are copy-on-write"), (*Env).storage},
		{cmdHelp("connect", nil, nil, []string{"remote", "project"},
			"send later commands to an lxc remote and project (alone: back to the local daemon)"), (*Env).connect},
		{cmdHelp("cluster_members", nil, nil, nil,
			"list the members of the server's cluster with status, URL and roles"), (*Env).clusterMembers},
		{cmdHelp("move", nil, []string{"name", "target"}, nil,
			"move a stopped instance to another cluster member"), (*Env).move},
		{cmdHelp("pool", nil, []string{"name", "size"}, []string{"base"},
			"make, resize or drain (size=0) a warm pool: size= started, ready clones of base="), changed((*Env).poolCmd)},
		{cmdHelp("acquire", nil, []string{"pool"}, []string{"count"},
			"hand out ready members of a warm pool, claimed for this script alone; the pool refills in the background"), changed((*Env).acquire)},
		{cmdHelp("release", nil, []string{"name"}, nil,
			"delete a pool member that acquire handed out"), changed((*Env).release)},
		{cmdHelp("pools", nil, nil, nil,
			"list the warm pools with base, size, ready and taken members"), (*Env).pools},
		{cmdHelp("profile_create", nil, []string{"name"}, []string{"description", "ensure"},
			"make a profile (config.KEY= sets its config; ensure=true keeps an existing one and sets the keys given)"), (*Env).profileCreate},
		{cmdHelp("profile_set", nil, []string{"name", "key", "value"}, nil,
			"set one config key of a profile; LXD applies it to every instance that uses the profile"), (*Env).profileSet},
		{cmdHelp("profile_unset", nil, []string{"name", "key"}, nil,
			"remove one config key of a profile"), (*Env).profileUnset},
		{cmdHelp("profile_delete", nil, []string{"name"}, []string{"ensure"},
			"delete a profile that no instance uses"), (*Env).profileDelete},
		{cmdHelp("profiles", nil, nil, nil,
			"list the profiles with description, config keys, devices and the instances that use them"), (*Env).profiles},
		{cmdHelp("forward", nil, []string{"name", "port"}, []string{"address", "protocol", "device"},
			"make a guest port reachable on the host: port=HOST:GUEST, listening on 127.0.0.1 unless address= says otherwise"), (*Env).forward},
		{cmdHelp("devices", nil, []string{"name"}, nil,
			"list an instance's devices, its own and its profiles', with type and key fields"), (*Env).devices},
		{cmdHelp("remove_device", nil, []string{"name", "device"}, []string{"ensure"},
			"remove a device of an instance's own (a forward, a mount, ...); never the root disk"), (*Env).removeDevice},
	}
	commandsByName = make(map[string]*command, 2*len(commandTable))
	for _, c := range commandTable {
		commandsByName[c.help.Name] = c
		for _, a := range c.help.Aliases {
			commandsByName[a] = c
		}
	}
	markFleetCommands()
	markNameKeys()
}

// Commands returns the help of every command, for the REPL's help and tab
// completion. The slices are copies the caller may keep.
func (e *Env) Commands() []interp.CommandHelp {
	loadCommands()
	out := make([]interp.CommandHelp, len(commandTable))
	for i, c := range commandTable {
		h := c.help
		h.Aliases = append([]string(nil), h.Aliases...)
		h.Required = append([]string(nil), h.Required...)
		h.Optional = append([]string(nil), h.Optional...)
		out[i] = h
	}
	return out
}

// lookupCommand finds a command by name or alias, case-insensitively.
func lookupCommand(word string) (*command, bool) {
	loadCommands()
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
	loadCommands()
	return slices.Sorted(maps.Keys(commandsByName))
}
