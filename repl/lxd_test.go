package repl_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestTermCompletesLiveNames completes an image alias and an instance
// name from the real daemon inside ADDRESS LXD command strings, and uses
// the completed name to delete the instance. It skips without LXD unless
// REXXLXD_REQUIRE_LXD=1.
func TestTermCompletesLiveNames(t *testing.T) {
	c := lxdtest.Connect(t)
	name := lxdtest.Name(t, "rxrepl")
	lxdtest.Cleanup(t, c, name)
	image, pool := lxdtest.Image(), lxdtest.Pool()

	tm := startTerm(t, t.TempDir())
	tm.expect("rexx> ")
	tm.send("address lxd\r")
	tm.expect("rexx[LXD]> ")

	// The image alias, from all but its last three characters.
	tm.send(`"create name=` + name + ` storage=` + pool + ` image=` + image[:len(image)-3] + "\t")
	tm.expect(image)
	tm.send("\"\r")
	tm.expect("\n") // the end of the entry; the next prompt comes when it has run
	tm.expect("rexx[LXD]> ")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.GetInstance(ctx, name); err != nil {
		t.Fatalf("the instance created with a completed image alias: %v", err)
	}

	// The instance name, from its unique prefix (all but the counter).
	prefix := name[:strings.LastIndexByte(name, '-')+1]
	tm.send(`"delete name=` + prefix + "\t")
	tm.expect(name)
	tm.send("\"\r")
	tm.expect("\n")
	screen := tm.expect("rexx[LXD]> ")
	if strings.Contains(screen, "rc =") {
		t.Fatalf("delete with the completed name failed:\n%s", screen)
	}
	if _, err := c.GetInstance(ctx, name); !lxdapi.IsNotFound(err) {
		t.Errorf("after delete name=<completed>: GetInstance error %v, want not found", err)
	}
	tm.send("\x04")
	tm.wait()
}
