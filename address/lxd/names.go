package lxd

import "fmt"

// checkInstanceName applies LXD's instance-name rules (those of LXD 5.0,
// which are hostname rules) before any call, so a bad name costs no round
// trip and gets a message that says which rule it broke. key is the
// command key that carried the name, for the message.
func checkInstanceName(key, name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%s= is empty; an instance name needs 1 to 63 characters", key)
	case len(name) > 63:
		return fmt.Errorf("%s=%s is %d characters long; LXD allows at most 63", key, name, len(name))
	case name[0] == '-':
		return fmt.Errorf("%s=%s starts with '-'; instance names must start with a letter", key, name)
	case '0' <= name[0] && name[0] <= '9':
		return fmt.Errorf("%s=%s starts with a digit; instance names must start with a letter", key, name)
	case name[len(name)-1] == '-':
		return fmt.Errorf("%s=%s ends with '-'; instance names must end with a letter or digit", key, name)
	}
	for _, c := range name {
		if c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		return fmt.Errorf("%s=%s contains %q; instance names may hold only ASCII letters, digits and '-'", key, name, c)
	}
	return nil
}
