package lxd

import (
	"fmt"
	"slices"
	"strings"
)

// nulAllowed lists, by command, the keys whose values may rightly hold a
// NUL character: bytes that go into a guest file or a guest process's
// stdin as they are. Every other value ends up in an LXD config key, a
// path, a name or an argv string, where a NUL cannot be meant (the kernel
// ends a C string at it, and LXD stores config as text); see checkValues.
var nulAllowed = map[string][]string{
	"push":    {"content"},
	"execute": {"stdin"},
}

// checkValues refuses, before anything is sent, the values no command can
// use: a NUL in any value but those of nulAllowed (config.KEY=, command=,
// cwd=, value= ...), and parallel= out of range also when name= names one
// instance, so that a typo is found on the first run and not only when
// the script meets a fleet.
func checkValues(c *command, args map[string]string) error {
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the first offending key in a stable order
	for _, k := range keys {
		if strings.IndexByte(args[k], 0) >= 0 && !slices.Contains(nulAllowed[c.help.Name], k) {
			return &UsageError{c.help.Name, fmt.Sprintf("%s= holds a NUL character, which LXD cannot be given", k)}
		}
	}
	if _, ok := args["parallel"]; ok {
		if _, err := parseParallel(args); err != nil {
			return &UsageError{c.help.Name, err.Error()} // its Msg: parseParallel names no command
		}
	}
	return nil
}

// hasKey reports whether key was given, empty or not.
func hasKey(args map[string]string, key string) bool {
	_, ok := args[key]
	return ok
}
