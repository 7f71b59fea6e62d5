package lxdapi

import (
	"os"
	"path/filepath"
)

// snapSocket and debSocket are where the snap and the distribution packages
// put the daemon's unix socket.
const (
	snapSocket = "/var/snap/lxd/common/lxd/unix.socket"
	debSocket  = "/var/lib/lxd/unix.socket"
)

// DefaultSocket returns the unix socket of the local daemon, found the way
// LXD's own client finds it: $LXD_SOCKET, else $LXD_DIR/unix.socket, else the
// snap's socket when it exists, else /var/lib/lxd/unix.socket.
func DefaultSocket() string {
	if p := os.Getenv("LXD_SOCKET"); p != "" {
		return p
	}
	if d := os.Getenv("LXD_DIR"); d != "" {
		return filepath.Join(d, "unix.socket")
	}
	if _, err := os.Stat(snapSocket); err == nil {
		return snapSocket
	}
	return debSocket
}
