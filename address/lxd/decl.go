package lxd

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A command is declared once, in the table of commands.go: its names, its
// keys and what each key's value is (its kind), whether name= may name
// many instances, the RESULT fields it sets and how the REPL shows them.
// Everything else reads that declaration: checkArgs checks the values
// before the command runs (so a command gets checked values and reads
// them typed through cmdArgs), Commands and Values give help and tab
// completion, View shows the result, the fleet layer takes lists, and a
// test holds docs/address-lxd.md to it.
//
// A new command is one entry in commandTable and one function
// func(e *view, ctx context.Context, args cmdArgs, res *result) error
// (a method of view, the Env as one command sees it: see connect.go).

// command is one declared ADDRESS LXD command.
type command struct {
	name    string   // canonical name, e.g. "execute"
	aliases []string // other names, e.g. "exec"
	summary string   // one line, for help
	keys    []keySpec
	// families are key prefixes (lower-case, ending in a dot) that take
	// any number of keys, each once: env.NAME=, config.KEY=. The part
	// after the prefix keeps its case (keyName).
	families []string
	// names says what name= may be: one instance, or (nameList) a list
	// and patterns run as a fleet (fleet.go), which adds parallel=.
	names nameMode
	// destructive fleet commands need all=true with a bare wildcard
	// (names_guard.go).
	destructive bool
	// changes: the command sets RESULT.CHANGED (see trackChange).
	changes bool
	fields  []fieldSpec // RESULT.<FIELD> of one run
	rows    []fieldSpec // RESULT.i.<FIELD> of a list command's rows
	view    []string    // the REPL's one-line view: fields in order
	columns []string    // the REPL's table of a list: columns in order
	run     func(e *view, ctx context.Context, args cmdArgs, res *result) error
}

// nameMode is what a command's name= may hold.
type nameMode int

const (
	nameOne  nameMode = iota // one instance (or no name= at all)
	nameList                 // a list and patterns: a fleet command
)

// kind is what a key's value is: how it is checked and what completion
// offers for it.
type kind int

const (
	kText        kind = iota // free text (no NUL)
	kBinary                  // bytes for a guest file or stdin: NUL allowed
	kInstance                // an existing instance (completion: its name)
	kNewInstance             // the name of an instance to make
	kBase                    // a registered base
	kImage                   // an image alias, fingerprint or remote:alias
	kStoragePool             // a storage pool
	kWarmPool                // a warm pool (pool.go)
	kMember                  // a cluster member
	kGuestPath               // an absolute path in the instance
	kHostPath                // a path on this host
	kBool                    // true/false (1/0, yes/no, on/off)
	kSeconds                 // seconds above 0, decimals allowed
	kMemory                  // a memory size with a unit, or a percentage
	kCPUs                    // a CPU count or CPU set
	kMode                    // octal permission bits
	kID                      // a user or group id
	kBytes                   // a size in bytes, units allowed
	kNumber                  // a whole number from lo to hi
	kEnum                    // one of values
	kProfile                 // an existing profile (completion: its name)
	kNewProfile              // the name of a profile to make
	kPorts                   // HOST:GUEST port numbers, or one for both
	kIPAddress               // an IPv4 or IPv6 address literal
)

// keySpec declares one key of a command.
type keySpec struct {
	name     string
	kind     kind
	required bool
	values   []string // kEnum: the values it takes, lower-case
	lo, hi   int      // kNumber: the range
}

// fieldSpec is one RESULT field a command sets, with what it means.
type fieldSpec struct{ name, meaning string }

// key declarations, for the table.
func req(name string, k kind) keySpec { return keySpec{name: name, kind: k, required: true} }
func opt(name string, k kind) keySpec { return keySpec{name: name, kind: k} }
func enumKey(name string, required bool, values ...string) keySpec {
	return keySpec{name: name, kind: kEnum, required: required, values: values}
}
func numKey(name string, required bool, lo, hi int) keySpec {
	return keySpec{name: name, kind: kNumber, required: required, lo: lo, hi: hi}
}

// fields makes a field list from name, meaning pairs.
func fields(pairs ...string) []fieldSpec {
	out := make([]fieldSpec, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, fieldSpec{pairs[i], pairs[i+1]})
	}
	return out
}

// whereKeys are the keys every command takes but connect, where they
// are its own: they send that one command to another remote and project
// (splitWhere).
var whereKeys = []keySpec{opt("remote", kText), opt("project", kText)}

// allKeys returns the command's keys as checked: its own, then those the
// declaration implies (parallel= for a fleet command, exact= with name=,
// all= on a destructive fleet command), then remote= and project=.
func (c *command) allKeys() []keySpec {
	keys := append([]keySpec(nil), c.keys...)
	if c.names == nameList {
		keys = append(keys, numKey("parallel", false, 1, maxParallel))
	}
	if c.namesInstance() {
		keys = append(keys, opt("exact", kBool))
	}
	if c.names == nameList && c.destructive {
		keys = append(keys, opt("all", kBool))
	}
	if c.name != "connect" {
		keys = append(keys, whereKeys...)
	}
	return keys
}

// namesInstance reports whether the command's name= names an instance
// (or a set of them), not a profile: exact= is an instance name's rule,
// and what an interrupted command leaves is told of instances.
func (c *command) namesInstance() bool {
	k := c.key("name")
	return k != nil && k.kind != kProfile && k.kind != kNewProfile
}

// key returns the declared key called name (its own keys only).
func (c *command) key(name string) *keySpec {
	for i := range c.keys {
		if c.keys[i].name == name {
			return &c.keys[i]
		}
	}
	return nil
}

// keySpecOf returns the key of allKeys called name.
func (c *command) keySpecOf(name string) (keySpec, bool) {
	for _, k := range c.allKeys() {
		if k.name == name {
			return k, true
		}
	}
	return keySpec{}, false
}

// check checks one value of the key and returns it in its canonical
// form (true/false for a bool, the lower-case word of an enum, the
// number without blanks), or a message that names the key and value.
func (k keySpec) check(v string) (string, error) {
	var err error
	switch k.kind {
	case kBool:
		var b bool
		if b, err = parseBool(k.name, v); err == nil {
			return strconv.FormatBool(b), nil
		}
	case kSeconds:
		_, err = parseSeconds(k.name, v)
	case kMemory:
		_, err = parseMemory(v)
	case kCPUs:
		_, err = parseCPUs(v)
	case kMode:
		_, err = parseMode(v)
	case kID:
		_, err = parseID(k.name, v)
	case kBytes:
		if k.name == "maxsize" {
			_, err = parseMaxSize(v)
		} else {
			_, err = parseByteSize(k.name, v)
		}
	case kNumber:
		n, aerr := strconv.Atoi(strings.TrimSpace(v))
		if aerr != nil || n < k.lo || n > k.hi {
			return v, fmt.Errorf("%s=%s must be a whole number from %d to %d", k.name, v, k.lo, k.hi)
		}
		return strconv.Itoa(n), nil
	case kProfile, kNewProfile:
		err = checkProfileName(k.name, v)
	case kPorts:
		_, _, err = parsePorts(k.name, v)
	case kIPAddress:
		_, err = parseIPAddress(k.name, v)
	case kEnum:
		w := strings.ToLower(v)
		if w == "" && !k.required {
			return w, nil // the default
		}
		for _, e := range k.values {
			if w == e {
				return w, nil
			}
		}
		return v, fmt.Errorf("%s=%s must be %s", k.name, v, orList(k.values))
	}
	return v, err
}

// orList writes words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// choices are the values completion offers for a key whatever the
// daemon holds: true and false, or an enum's words.
func (k keySpec) choices() []string {
	switch k.kind {
	case kBool:
		return []string{"false", "true"}
	case kEnum:
		return slices.Sorted(slices.Values(k.values))
	}
	return nil
}

// namesKind is the kind of live names Names offers for a key, "" for
// none.
func (k keySpec) namesKind() string {
	switch k.kind {
	case kInstance:
		return "instance"
	case kBase:
		return "base"
	case kImage:
		return "image"
	case kStoragePool:
		return "pool"
	case kProfile:
		return "profile"
	}
	return ""
}

// cmdArgs are a command's arguments after checkArgs: every key declared
// and given once, every value checked against its kind and in canonical
// form (a bool is "true" or "false"). It is a map, so args["name"] reads
// a value as given; the methods read the typed ones.
type cmdArgs map[string]string

// has reports whether key was given, empty or not.
func (a cmdArgs) has(key string) bool {
	_, ok := a[key]
	return ok
}

// flag is a checked bool key; false when it was not given.
func (a cmdArgs) flag(key string) bool {
	b, _ := parseBool(key, a[key])
	return b
}

// seconds is a checked seconds key as a duration, and whether it was
// given.
func (a cmdArgs) seconds(key string) (time.Duration, bool) {
	v, ok := a[key]
	if !ok {
		return 0, false
	}
	secs, _ := parseSeconds(key, v)
	return time.Duration(secs * float64(time.Second)), true
}

// byteSize is a checked kBytes key in bytes, or def when it was not
// given.
func (a cmdArgs) byteSize(key string, def int64) int64 {
	v, ok := a[key]
	if !ok {
		return def
	}
	if key == "maxsize" {
		n, _ := parseMaxSize(v)
		return n
	}
	n, _ := parseByteSize(key, v)
	return int64(n)
}

// mode is a checked kMode key, or 0 when it was not given.
func (a cmdArgs) mode(key string) uint32 {
	v, ok := a[key]
	if !ok {
		return 0
	}
	m, _ := parseMode(v)
	return m
}

// id is a checked kID key, or nil when it was not given.
func (a cmdArgs) id(key string) *int64 {
	v, ok := a[key]
	if !ok {
		return nil
	}
	n, _ := parseID(key, v)
	return n
}

// memory is memory= (checked) as LXD's limits.memory takes it, and
// whether it was given.
func (a cmdArgs) memory() (string, bool) {
	v, ok := a["memory"]
	if !ok {
		return "", false
	}
	m, _ := parseMemory(v)
	return m, true
}

// number is a checked kNumber key, or def when it was not given.
func (a cmdArgs) number(key string, def int) int {
	v, ok := a[key]
	if !ok {
		return def
	}
	n, _ := strconv.Atoi(v)
	return n
}
