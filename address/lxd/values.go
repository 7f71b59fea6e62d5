package lxd

import (
	"fmt"
	"slices"
	"strings"
)

// checkValues refuses, before anything is sent, a NUL character in any
// value but those of kind kBinary (push's content=, execute's stdin=:
// bytes that go into a guest file or a guest process's stdin as they
// are). Every other value ends up in an LXD config key, a path, a name or
// an argv string, where a NUL cannot be meant (the kernel ends a C string
// at it, and LXD stores config as text). Keys of a family (config.KEY=,
// env.NAME=) are text too.
func checkValues(c *command, args map[string]string) error {
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the first offending key in a stable order
	for _, k := range keys {
		if strings.IndexByte(args[k], 0) < 0 {
			continue
		}
		if spec, ok := c.keySpecOf(k); ok && spec.kind == kBinary {
			continue
		}
		return &UsageError{c.name, fmt.Sprintf("%s= holds a NUL character, which LXD cannot be given", k)}
	}
	return nil
}

// hasKey reports whether key was given, empty or not.
func hasKey(args map[string]string, key string) bool {
	_, ok := args[key]
	return ok
}
