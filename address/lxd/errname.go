package lxd

import "strings"

// Every failure of a command on one instance names the instance, so a
// line in a job's log says where it happened: LXD's own words often do
// not ("Instance is not running", "The instance is already stopped").

// nameInstance puts the instance a failed command was for in front of
// its reason ("execute: web-1: LXD: Instance is not running"), unless the
// reason names it already, and makes the message again from the two
// (result.fail). A failure recorded apart in res.err (execute's exit
// status, which names the instance) is left as it is.
func nameInstance(op string, args cmdArgs, res *result) {
	if res.success || res.reason == "" || res.err != "" {
		return
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
		if mentions(res.reason, v) {
			return
		}
		if first == "" {
			first = v
		}
	}
	if first != "" {
		res.fail(op, first+": "+res.reason)
	}
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
