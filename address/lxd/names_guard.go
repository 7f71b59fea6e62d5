package lxd

import (
	"fmt"
	"strings"
)

// name= is a literal name or, on a fleet command, a list and patterns
// (names_match.go). A script that builds name= from text a guest supplied
// (a job's name, a file it wrote) would let the guest widen the command:
// "au-v*" runs an execute in every au-v instance, "*" deletes them all.
// Two keys close that:
//
//   - exact=true, on every command that takes name=, says name= is one
//     instance name and never a set: a comma or a pattern character in it
//     is a usage error (RC 2) before anything is sent.
//   - all=true, on the destructive fleet commands, must accompany a bare
//     wildcard: a pattern item with no fixed character (*, ?*, [a-z]*),
//     which matches any instance and so, whatever the script meant,
//     stands for "all of them".

// checkNames applies exact= and all= to name= (see above). It needs no
// daemon: both are decided from the text of name= alone.
func checkNames(c *command, args cmdArgs) error {
	exact, all := args.flag("exact"), args.flag("all")
	name := args["name"]
	if exact {
		if err := checkInstanceName("name", name); err != nil {
			return &UsageError{c.name, "exact=true: " + err.Error()}
		}
		return nil
	}
	if all || c.names != nameList || !c.destructive || !isNameSet(name) {
		return nil
	}
	for _, item := range strings.Split(name, ",") {
		if item = strings.TrimSpace(item); isPattern(item) && bareWildcard(item) {
			return &UsageError{c.name, fmt.Sprintf(
				"name=%s: the pattern %s has no fixed character, so it matches every instance (but bases); "+
					"add all=true if that is meant, or give a pattern with a fixed part (web-*)", name, item)}
		}
	}
	return nil
}

// bareWildcard reports whether a pattern item has no fixed character:
// only *, ? and bracket classes ([a-z], [!x] or [^x]). Every name it
// cannot match is so by length or class alone, so it stands for any
// instance; a pattern with one fixed character (web-*, *-1) does not.
func bareWildcard(item string) bool {
	for i := 0; i < len(item); i++ {
		switch item[i] {
		case '*', '?':
		case '[':
			end := strings.IndexByte(item[i+1:], ']')
			if end < 0 {
				return true // an unclosed class is no fixed character either
			}
			i += 1 + end
		default:
			return false
		}
	}
	return true
}
