package lxd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// fleetMemberArgs adjusts one member's arguments of a fleet command. A
// fleet pull with target=T writes each instance under T/NAME/ (T is made
// when missing), so instances' files never mix and a single file lands as
// T/NAME/FILE; every landing rule then holds per instance, and each
// instance's row counts its own FILES, BYTES and SKIPPED.
func fleetMemberArgs(cmd string, sub map[string]string, name string) error {
	t, ok := sub["target"]
	if cmd != "pull" || !ok || t == "" {
		return nil
	}
	dir := filepath.Join(t, name)
	for i, d := range []string{t, dir} {
		made := true
		if err := os.Mkdir(d, 0o700); errors.Is(err, fs.ErrExist) {
			made = false
		} else if err != nil {
			return fmt.Errorf("target=%s: %w", t, err)
		}
		// T may be a symlink the user chose; T/NAME must be a directory
		// of its own, never a link.
		stat := os.Stat
		if i == 1 {
			stat = os.Lstat
		}
		if fi, err := stat(d); err != nil {
			return err
		} else if !fi.IsDir() {
			return fmt.Errorf("pulling from %s: %s exists and is no directory; not writing through it", name, d)
		}
		if made {
			if err := os.Chmod(d, 0o755); err != nil {
				return err
			}
		}
	}
	sub["target"] = dir
	return nil
}
