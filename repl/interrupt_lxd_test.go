package repl_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestTermCtrlCCloneFleet: Ctrl-C typed while clone_from_base count=6
// start=true runs in a session on a terminal removes the clones it made,
// and the table the session shows says so (STATE removed or not made,
// STATUS Missing), as LXD agrees. Before, 5 of 6 clones were left, some
// running, while the table said Stopped or "context canceled".
func TestTermCtrlCCloneFleet(t *testing.T) {
	tm, c, base := lxdTerm(t, "rxint")
	const n = 6
	prefix := base + "-c"
	for i := 1; i <= n; i++ {
		lxdtest.Cleanup(t, c, fmt.Sprintf("%s-%d", prefix, i))
	}
	tm.Send(`"register_base name=` + base + ` image=` + lxdtest.Image() + ` storage=` + lxdtest.Pool() + `"` + "\r")
	tm.Expect("ok register_base")
	tm.Expect("rexx[LXD]> ")

	tm.Send(`"clone_from_base base=` + base + ` name=` + prefix + fmt.Sprintf(" count=%d start=true parallel=2", n) + `"` + "\r")
	tm.Expect("\n")
	clones := func() map[string]string { return lxdtest.Existing(t, c, prefix+"-") }
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		running := 0
		for _, s := range clones() {
			if s == "Running" {
				running++
			}
		}
		if running > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no clone running within a minute")
		}
	}
	tm.Send("\x03")
	screen := tm.Expect("rexx[LXD]> ")
	if left := clones(); len(left) > 0 {
		t.Errorf("clones left after Ctrl-C: %v\n%s", left, screen)
	}
	if !strings.Contains(screen, "interrupted: made ") || !strings.Contains(screen, " state ") {
		t.Errorf("the session does not show the interrupted fleet's summary and states:\n%s", screen)
	}
	for _, line := range strings.Split(screen, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), prefix+"-") &&
			(strings.Contains(line, "Running") || strings.Contains(line, "Stopped") || !strings.Contains(line, "Missing")) {
			t.Errorf("a row does not show the clone gone: %q", line)
		}
	}
	tm.WaitRaw() // the line editor has the terminal: Ctrl-D typed before is lost
	tm.Send("\x04")
	tm.Wait()
}
