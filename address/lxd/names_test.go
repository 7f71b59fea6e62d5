package lxd

import (
	"strings"
	"testing"
)

func TestCheckInstanceName(t *testing.T) {
	good := []string{"a", "c1", "my-container", "Web-01", strings.Repeat("a", 63)}
	for _, n := range good {
		if err := checkInstanceName("name", n); err != nil {
			t.Errorf("checkInstanceName(%q) = %v, want nil", n, err)
		}
	}
	bad := map[string]string{
		"":                      "empty",
		strings.Repeat("a", 64): "at most 63",
		"-a":                    "starts with '-'",
		"1abc":                  "starts with a digit",
		"abc-":                  "ends with '-'",
		"a_b":                   `contains '_'`,
		"a.b":                   `contains '.'`,
		"a b":                   `contains ' '`,
		"a/../b":                `contains '/'`,
		"caf\u00e9":             `contains 'é'`,
		"a;rm":                  `contains ';'`,
	}
	for n, want := range bad {
		err := checkInstanceName("name", n)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("checkInstanceName(%q) = %v, want an error containing %q", n, err, want)
		}
	}
}
