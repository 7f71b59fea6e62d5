package repl

import (
	"os"
	"path/filepath"
	"testing"
)

func TestHistoryPath(t *testing.T) {
	t.Setenv("HOME", "/home/someone")
	t.Setenv("XDG_STATE_HOME", "/var/state")
	if p, err := HistoryPath(); err != nil || p != "/var/state/rexxlxd/history" {
		t.Errorf("with XDG_STATE_HOME: %q, %v", p, err)
	}
	for _, v := range []string{"", "relative/dir"} {
		t.Setenv("XDG_STATE_HOME", v)
		if p, err := HistoryPath(); err != nil || p != "/home/someone/.local/state/rexxlxd/history" {
			t.Errorf("with XDG_STATE_HOME=%q: %q, %v", v, p, err)
		}
	}
}

func TestPrepareHistory(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	p, err := prepareHistory("")
	if err != nil {
		t.Fatal(err)
	}
	if p != filepath.Join(dir, "rexxlxd", "history") {
		t.Errorf("path %q", p)
	}
	fi, err := os.Stat(filepath.Dir(p))
	if err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Errorf("history directory: %v, %v", fi, err)
	}
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o600)
	if _, err := prepareHistory(filepath.Join(blocker, "sub", "history")); err == nil {
		t.Error("no error for a history directory under a file")
	}
}
