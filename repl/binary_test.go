package repl_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBinary runs the rexxlxd command itself on a terminal: with no
// script it opens the session, and -i FILE opens it in the script's
// variables after the script ran.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "rexxlxd")
	build := exec.Command("go", "build", "-o", bin, "github.com/rexxlxd/rexxlxd/cmd/rexxlxd")
	build.Env = append(os.Environ(), "CGO_ENABLED=0") // as make build ships it
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	tm := startCmd(t, exec.Command(bin), dir)
	tm.Expect("rexx> ")
	tm.Send("say 6*7\r")
	tm.Expect("42\r\n")
	tm.Send("exit 9\r")
	if st := tm.Wait(); st != 9 {
		t.Errorf("exit status %d, want 9", st)
	}

	script := filepath.Join(dir, "setup.rexx")
	if err := os.WriteFile(script, []byte("name = 'web1'; count = 3\nsay 'script ran'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm = startCmd(t, exec.Command(bin, "-i", script), dir)
	tm.Expect("script ran\r\n")
	tm.Expect("has run")
	tm.Expect("rexx> ")
	tm.Send("say name count\r")
	tm.Expect("web1 3\r\n")
	tm.WaitRaw() // the line editor has the terminal: Ctrl-D typed before is lost
	tm.Send("\x04")
	if st := tm.Wait(); st != 0 {
		t.Errorf("exit status after Ctrl-D %d, want 0", st)
	}
}
