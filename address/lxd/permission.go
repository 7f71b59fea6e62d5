package lxd

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// A unix socket that refuses the user is no daemon that is down: LXD's
// socket is open to root and to the members of one group (lxd, or what
// the daemon was started with --group), so the way out is membership, and
// a new membership reaches only sessions begun after it.

// permissionHint tells the user of a socket that said "permission
// denied" how to be let in, naming the socket and its group when it can
// read them.
func permissionHint(err error) string {
	path, group := "LXD's socket", "lxd"
	var op *net.OpError
	if errors.As(err, &op) && op.Addr != nil && op.Addr.Network() == "unix" {
		path = op.Addr.String()
		group = socketGroup(path, group)
	}
	return fmt.Sprintf("%s is open only to root and the members of the group %s: add this user to it "+
		"(sudo usermod -aG %s $USER), then log in again or run newgrp %s (a session started before "+
		"sees no new group), or run rexxlxd as root", path, group, group, group)
}

// socketGroup is the name of the group that owns path, or def when it
// cannot be read.
func socketGroup(path, def string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return def
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return def
	}
	g, err := user.LookupGroupId(strconv.FormatUint(uint64(st.Gid), 10))
	if err != nil {
		return def
	}
	return g.Name
}
