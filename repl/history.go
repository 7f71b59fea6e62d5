package repl

import (
	"errors"
	"os"
	"path/filepath"
)

// HistoryPath returns the file the session keeps its history in:
// $XDG_STATE_HOME/rexxlxd/history, or ~/.local/state/rexxlxd/history when
// XDG_STATE_HOME is unset or not absolute (as the XDG Base Directory
// specification says to ignore relative paths).
func HistoryPath() (string, error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		if home == "" {
			return "", errors.New("no home directory for the history file")
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "rexxlxd", "history"), nil
}

// prepareHistory makes the directory of the history file (private to the
// user, as entries may hold secrets) and returns the file's path.
func prepareHistory(path string) (string, error) {
	if path == "" {
		p, err := HistoryPath()
		if err != nil {
			return "", err
		}
		path = p
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	return path, nil
}
