package lxd

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
)

// A name set is what name= holds when it names several instances: a
// comma-separated list whose items are instance names or shell-style
// patterns (web-*, web-?, web-[1-3], web-[!3]). It is matched against the
// instances that exist when the command runs.

// isNameSet reports whether a name= value names a set rather than one
// instance: it holds a comma or a pattern character. Instance names can
// hold neither, so no single name is ever read as a set.
func isNameSet(v string) bool {
	return strings.ContainsAny(v, ",*?[")
}

// isPattern reports whether one item of a name set is a pattern.
func isPattern(item string) bool {
	return strings.ContainsAny(item, "*?[")
}

// nameSetItems splits a name set into its items, blanks around commas
// removed. An empty item (web-1,,web-2) is a usage error.
func nameSetItems(key, v string) ([]string, error) {
	items := strings.Split(v, ",")
	for i, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			return nil, fmt.Errorf("%s=%s holds an empty name", key, v)
		}
		if isPattern(it) {
			// Shell patterns negate a class with [!...]; path.Match
			// with [^...].
			it = strings.ReplaceAll(it, "[!", "[^")
			if _, err := path.Match(it, ""); err != nil {
				return nil, fmt.Errorf("%s=%s: %q is no valid pattern (use *, ?, [abc], [a-z], [!a])", key, v, items[i])
			}
		} else if err := checkInstanceName(key, it); err != nil {
			return nil, err
		}
		items[i] = it
	}
	return items, nil
}

// expandNames turns a name set into the instances it names, in natural
// order (web-2 before web-10). Literal names are kept whether they exist
// or not (acting on a missing one fails for that instance alone); a
// pattern matches the existing instances except registered bases, which
// are acted on only when named literally. A pattern that matches nothing
// is an error, so that a typo never silently does nothing.
func (e *view) expandNames(ctx context.Context, key, v string) ([]string, error) {
	items, err := nameSetItems(key, v)
	if err != nil {
		return nil, usage(err)
	}
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	var patterns []string
	for _, it := range items {
		if isPattern(it) {
			patterns = append(patterns, it)
		} else {
			add(it)
		}
	}
	if len(patterns) > 0 {
		list, err := e.lxd().ListInstances(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range patterns {
			matched := false
			for _, inst := range list {
				if inst.Config[keyBase] == "true" {
					continue
				}
				if ok, _ := path.Match(p, inst.Name); ok {
					matched = true
					add(inst.Name)
				}
			}
			if !matched {
				return nil, &noMatchError{strings.ReplaceAll(p, "[^", "[!")}
			}
		}
	}
	slices.SortFunc(names, naturalCompare)
	return names, nil
}

// naturalCompare orders names as a person counts: runs of digits compare
// by their value, so web-2 < web-10, and everything else byte by byte.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na := strings.TrimLeft(a[:da], "0")
			nb := strings.TrimLeft(b[:db], "0")
			if c := len(na) - len(nb); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			if c := da - db; c != 0 { // web-01 after web-1
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

// digitRun is the length of the run of ASCII digits that s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}
