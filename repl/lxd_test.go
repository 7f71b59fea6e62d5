package repl_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// lxdTerm starts a session on a terminal and switches it to ADDRESS LXD;
// it returns the session, a client of the real daemon, and a unique
// instance name (prefix-...) that is deleted when the test ends. It skips
// without LXD unless REXXLXD_REQUIRE_LXD=1.
func lxdTerm(t *testing.T, prefix string) (*term, *lxdapi.Client, string) {
	t.Helper()
	c := lxdtest.Connect(t)
	name := lxdtest.Name(t, prefix)
	lxdtest.Cleanup(t, c, name)
	tm := startTerm(t, t.TempDir())
	tm.Expect("rexx> ")
	tm.Send("address lxd\r")
	tm.Expect("rexx[LXD]> ")
	return tm, c, name
}

// TestTermCompletesLiveNames completes an image alias and an instance
// name from the real daemon inside ADDRESS LXD command strings, and uses
// the completed name to delete the instance. It skips without LXD unless
// REXXLXD_REQUIRE_LXD=1.
func TestTermCompletesLiveNames(t *testing.T) {
	tm, c, name := lxdTerm(t, "rxrepl")
	image, pool := lxdtest.Image(), lxdtest.Pool()

	// The image alias, from all but its last three characters.
	tm.Send(`"create name=` + name + ` storage=` + pool + ` image=` + image[:len(image)-3] + "\t")
	tm.Expect(image)
	tm.Send("\"\r")
	tm.Expect("\n") // the end of the entry; the next prompt comes when it has run
	tm.Expect("rexx[LXD]> ")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.GetInstance(ctx, name); err != nil {
		t.Fatalf("the instance created with a completed image alias: %v", err)
	}

	// The instance name, from its unique prefix (all but the counter).
	prefix := name[:strings.LastIndexByte(name, '-')+1]
	tm.Send(`"delete name=` + prefix + "\t")
	tm.Expect(name)
	tm.Send("\"\r")
	tm.Expect("\n")
	screen := tm.Expect("rexx[LXD]> ")
	if !strings.Contains(screen, "ok delete container="+name) {
		t.Fatalf("delete with the completed name failed:\n%s", screen)
	}
	if _, err := c.GetInstance(ctx, name); !lxdapi.IsNotFound(err) {
		t.Errorf("after delete name=<completed>: GetInstance error %v, want not found", err)
	}
	tm.WaitRaw() // the line editor has the terminal: Ctrl-D typed before is lost
	tm.Send("\x04")
	tm.Wait()
}

// TestTermViewsLXDResults runs ADDRESS LXD commands in a session on a
// terminal against the real daemon and reads what the session shows:
// one line for a single command (ok and its key fields, or RC and the
// reason) and a table for list. It skips without LXD unless
// REXXLXD_REQUIRE_LXD=1.
func TestTermViewsLXDResults(t *testing.T) {
	tm, _, name := lxdTerm(t, "rxview")
	image, pool := lxdtest.Image(), lxdtest.Pool()

	tm.Send("\"status\"\r")
	tm.Expect("ok status version=")
	tm.Expect(" ms)\r\n")
	tm.Expect("rexx[LXD]> ")

	tm.Send(`"create name=` + name + ` image=` + image + ` storage=` + pool + `"` + "\r")
	tm.Expect("ok create container=" + name + " image=" + image + " status=Stopped (")
	tm.Expect("rexx[LXD]> ")

	tm.Send("\"list\"\r")
	tm.Expect("ok list: ")
	tm.Expect("  name ")
	header := tm.Expect("\r\n")
	for _, col := range []string{"status", "type", "ipv4", "image", "base"} {
		if !strings.Contains(header, col) {
			t.Errorf("the list table's header %q lacks %s", header, col)
		}
	}
	table := tm.Expect("rexx[LXD]> ")
	if !strings.Contains(table, name) && !strings.Contains(table, "more in RESULT.i") {
		t.Errorf("the list table shows neither %s nor that rows were left out:\n%s", name, table)
	}

	// A failure: RC and the reason, with LXD's words, on one line.
	tm.Send(`"start name=` + name + `-missing"` + "\r")
	tm.Expect("rc=1 start: no instance " + name + "-missing")
	line := tm.Expect("\r\n")
	if !strings.Contains(line, "Instance not found") {
		t.Errorf("the failed start's line does not give LXD's reason: %q", line)
	}
	tm.Expect("rexx[LXD]> ")

	tm.Send(`"delete name=` + name + `"` + "\r")
	tm.Expect("ok delete container=" + name + " status=Deleted (")
	tm.Expect("rexx[LXD]> ")
	tm.Send("\x04")
	tm.Wait()
}
