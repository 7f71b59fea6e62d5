package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/rexxlxd/rexxlxd/interp"
)

// buildCommit is the commit make built from, with "-modified" when the
// work tree had changes (-ldflags -X main.buildCommit=...), for builds
// the go command stamps no VCS data into: in a git worktree, whose .git
// is a file, or with GOFLAGS=-buildvcs=false. The go command's own
// stamp wins when there is one.
var buildCommit string

// versionText is what --version prints: the language level line PARSE
// VERSION gives (first, so scripts that read it keep working), then the
// module's version and the commit the binary was built from, as the go
// command stamped them (debug.ReadBuildInfo), and the Go release. A
// binary built by `go install module@v1.2.3` has a module version; one
// built in a checkout has "(devel)" and the commit, with "modified" when
// the work tree had changes.
func versionText(info *debug.BuildInfo, ok bool) string {
	var b strings.Builder
	b.WriteString(interp.Version + "\n")
	if !ok {
		b.WriteString("rexxlxd: no build information in this binary\n")
		return b.String()
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	fmt.Fprintf(&b, "%s %s\n", info.Main.Path, version)
	vcs := map[string]string{}
	for _, s := range info.Settings {
		vcs[s.Key] = s.Value
	}
	switch rev := vcs["vcs.revision"]; {
	case rev != "":
		fmt.Fprintf(&b, "commit %s", rev)
		if t := vcs["vcs.time"]; t != "" {
			fmt.Fprintf(&b, " (%s", t)
			if vcs["vcs.modified"] == "true" {
				b.WriteString(", modified")
			}
			b.WriteString(")")
		}
		b.WriteString("\n")
	case buildCommit != "":
		fmt.Fprintf(&b, "commit %s\n", buildCommit)
	default:
		b.WriteString("commit unknown (built outside a git checkout, or with -buildvcs=false)\n")
	}
	goVersion := info.GoVersion
	if goVersion == "" {
		goVersion = runtime.Version()
	}
	fmt.Fprintf(&b, "%s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}
