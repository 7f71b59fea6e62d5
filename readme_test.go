package rexxlxd_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeGoVersion: the Go release the README asks for is go.mod's go
// line, the oldest toolchain that builds the module.
func TestReadmeGoVersion(t *testing.T) {
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := "Go " + string(m[1]) + " or newer"
	if n := strings.Count(string(readme), want); n < 2 {
		t.Errorf("README.md says %q %d times, want it where the command is built and where it is embedded", want, n)
	}
	if regexp.MustCompile(`Go \(1\.\d+,`).Match(readme) {
		t.Errorf("README.md still names a Go release other than go.mod's")
	}
}
