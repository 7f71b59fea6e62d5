package lxd

import "strings"

// Every failure of a command on one instance names the instance, so a
// line in a job's log says where it happened: LXD's own words often do
// not ("Instance is not running", "The instance is already stopped").

// nameInstance puts the instance a failed command was for after the
// command's name in its message ("execute: web-1: LXD: Instance is not
// running"), unless the message names it already.
func nameInstance(op string, args map[string]string, res *result) {
	msg := &res.output
	if res.err != "" {
		msg = &res.err // errorText's choice
	}
	keys := []string{"name"}
	if op == "copy" {
		keys = []string{"source", "destination"}
	}
	first := ""
	for _, k := range keys {
		v := args[k]
		if v == "" {
			continue
		}
		if mentions(*msg, v) {
			return
		}
		if first == "" {
			first = v
		}
	}
	if first == "" {
		return
	}
	rest, ok := strings.CutPrefix(*msg, op+": ")
	if !ok {
		return
	}
	*msg = op + ": " + first + ": " + rest
}

// mentions reports whether msg holds name as a word of its own, not as
// part of a longer name (web-1 in "web-10").
func mentions(msg, name string) bool {
	for i := 0; ; {
		j := strings.Index(msg[i:], name)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(name)
		if (start == 0 || !nameByte(msg[start-1])) && (end == len(msg) || !nameByte(msg[end])) {
			return true
		}
		i = start + 1
	}
}

// nameByte reports whether b may be part of an instance name.
func nameByte(b byte) bool {
	return b == '-' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}
