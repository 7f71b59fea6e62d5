package lxd

import (
	"fmt"
	"strconv"
	"strings"
)

// How a fleet command sums up its members: which RC the whole command
// gets, and one line that groups identical failures instead of repeating
// them per instance ("3 of 3 failed: instance already exists (hd-c-1,
// hd-c-2, hd-c-3)"). Each row's own ERROR stays as it was.

// memberFailure is one member that did not succeed.
type memberFailure struct {
	name   string
	reason string // its ERROR without the command's name in front
	rc     int    // the RC the command had on it alone
	// guestSaidNo: an execute whose command ran to its end and exited
	// non-zero; anything else failed to run or to finish.
	guestSaidNo bool
}

// maxGroupNames is how many names a group of identical failures lists
// before it says "and N more": RESULT.i.ERROR has every one.
const maxGroupNames = 10

// fleetOutcome sets the summary fields of a fleet's result (COUNT,
// SUCCEEDED, CHANGED when the rows have it, and for execute RAN and
// NONZERO) and returns the fleet's RC.
//
// A fan-out execute separates "the guest said no" from "the command
// failed": a command that ran to its end and exited non-zero is the
// guest's answer, kept in its row (SUCCESS 0, EXITCODE, RETCODE) and
// counted in NONZERO, but it does not make the fleet fail. RC is 0 when
// every command ran to its end, whatever its exit status, so SIGNAL ON
// ERROR catches only commands that could not run or finish (timeout,
// instance not running, LXD's refusal); a warning line then names the
// non-zero exits.
func (e *view) fleetOutcome(op string, members []member, failures []memberFailure, res *result) int {
	n := len(members)
	res.set("COUNT", strconv.Itoa(n))
	res.set("SUCCEEDED", strconv.Itoa(n-len(failures)))
	setFleetChanged(members, res)
	fatal := failures
	if op == "execute" {
		ran, nonzero := 0, 0
		fatal = nil
		for _, m := range members {
			if m.res.get("EXITCODE") != "" {
				ran++
			}
		}
		for _, f := range failures {
			if f.guestSaidNo {
				nonzero++
			} else {
				fatal = append(fatal, f)
			}
		}
		res.set("RAN", strconv.Itoa(ran))
		res.set("NONZERO", strconv.Itoa(nonzero))
		if len(fatal) == 0 && nonzero > 0 {
			res.success = true
			res.output = fmt.Sprintf("%s: %d of %d ran; %d exited non-zero: %s", op, n, n, nonzero, groupFailures(failures))
			e.warn(res, fmt.Sprintf("%d of %d exited non-zero: %s", nonzero, n, groupFailures(failures)))
			return 0
		}
	}
	if len(failures) == 0 {
		res.success = true
		res.output = fmt.Sprintf("%s: %d of %d succeeded", op, n, n)
		return 0
	}
	res.fail(op, fmt.Sprintf("%d of %d failed: %s", len(failures), n, groupFailures(failures)))
	res.err = res.output
	rcs := map[int]bool{}
	for _, f := range fatal {
		rcs[f.rc] = true
	}
	if len(fatal) == n && len(rcs) == 1 {
		for rc := range rcs {
			if rc == RCUsage || rc < 0 {
				return rc
			}
		}
	}
	return RCError
}

// setFleetChanged sets CHANGED of a fleet whose rows have it: 1 when any
// member changed something, else 0.
func setFleetChanged(members []member, res *result) {
	seen := false
	for _, m := range members {
		switch m.res.get("CHANGED") {
		case "1":
			res.set("CHANGED", "1")
			return
		case "0":
			seen = true
		}
	}
	if seen {
		res.set("CHANGED", "0")
	}
}

// groupFailures lists failures as one text: members that failed for the
// same reason (once their own name is taken out of it) share one entry,
// "reason (a, b, c)"; a reason of one member alone stays "a: reason".
// Groups keep the order of their first member.
func groupFailures(failures []memberFailure) string {
	type group struct {
		reason string
		names  []string
		first  memberFailure
	}
	var groups []*group
	byReason := map[string]*group{}
	for _, f := range failures {
		key := withoutName(f.reason, f.name)
		g, ok := byReason[key]
		if !ok {
			g = &group{reason: key, first: f}
			byReason[key] = g
			groups = append(groups, g)
		}
		g.names = append(g.names, f.name)
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		if len(g.names) == 1 {
			parts[i] = g.first.name + ": " + g.first.reason
			continue
		}
		shown := g.names
		more := ""
		if len(shown) > maxGroupNames {
			more = fmt.Sprintf(" and %d more", len(shown)-maxGroupNames)
			shown = shown[:maxGroupNames]
		}
		parts[i] = fmt.Sprintf("%s (%s%s)", g.reason, strings.Join(shown, ", "), more)
	}
	return strings.Join(parts, "; ")
}

// withoutName takes the member's own name out of its failure reason, so
// that reasons that differ only in it compare equal: "instance web-1
// already exists" and "the command exited with status 1 in web-1" become
// "instance already exists" and "the command exited with status 1".
// Only whole words are taken out (a short name like "a" must not eat
// letters); a reason that names the member some other way stays apart.
func withoutName(reason, name string) string {
	if name == "" {
		return reason
	}
	s := reason
	for _, cut := range []string{" in " + name + ";", " in " + name + ":", " in " + name + " ", " of " + name + " "} {
		s = strings.ReplaceAll(s, cut, cut[len(cut)-1:])
	}
	s = strings.TrimSuffix(s, " in "+name)
	s = strings.ReplaceAll(s, " "+name+" ", " ")
	s = strings.ReplaceAll(s, " "+name+":", ":")
	s = strings.ReplaceAll(s, " "+name+";", ";")
	s = strings.TrimSuffix(s, " "+name)
	s = strings.TrimPrefix(s, name+": ")
	return strings.TrimPrefix(s, name+" ")
}
