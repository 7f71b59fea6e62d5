package lxd

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
)

// maxPasswd bounds the /etc/passwd read to resolve user=.
const maxPasswd = 4 << 20

// guestUser is who execute runs a command as.
type guestUser struct {
	uid, gid uint32
	name     string // "" when only a number is known
	home     string // "" when unknown
}

// resolveUser turns execute's user= into a uid, gid and home directory.
// "root" and "0" need no lookup. "uid:gid" is taken as is. Any other
// name or uid is looked up in the guest's /etc/passwd (one file read, only
// when user= is given), so the command gets the user's primary group and
// HOME as a login would; a uid missing from /etc/passwd runs with gid =
// uid.
func (e *view) resolveUser(ctx context.Context, instance, user string) (guestUser, error) {
	if user == "root" || user == "0" {
		return guestUser{name: "root", home: "/root"}, nil
	}
	if u, g, ok := strings.Cut(user, ":"); ok {
		uid, err1 := strconv.ParseUint(u, 10, 32)
		gid, err2 := strconv.ParseUint(g, 10, 32)
		if err1 != nil || err2 != nil {
			return guestUser{}, &UsageError{Msg: fmt.Sprintf("user=%s: write uid:gid as two numbers, e.g. 1000:1000", user)}
		}
		return guestUser{uid: uint32(uid), gid: uint32(gid)}, nil
	}
	uid, numErr := strconv.ParseUint(user, 10, 32)
	if user == "" || numErr != nil && strings.ContainsAny(user, ": \t/") {
		return guestUser{}, &UsageError{Msg: fmt.Sprintf("user=%s is neither a user name nor a uid", user)}
	}
	passwd, err := e.lxd().ReadFile(ctx, instance, "/etc/passwd", maxPasswd)
	if err != nil {
		return guestUser{}, fmt.Errorf("reading %s's /etc/passwd to resolve user=%s: %w", instance, user, err)
	}
	if u, ok := lookupPasswd(passwd, user, numErr == nil); ok {
		return u, nil
	}
	if numErr == nil {
		return guestUser{uid: uint32(uid), gid: uint32(uid)}, nil
	}
	return guestUser{}, fmt.Errorf("user=%s: no such user in %s's /etc/passwd", user, instance)
}

// lookupPasswd finds a user by name (or by uid when byUID) in the text of
// an /etc/passwd file.
func lookupPasswd(passwd []byte, user string, byUID bool) (guestUser, bool) {
	sc := bufio.NewScanner(bytes.NewReader(passwd))
	for sc.Scan() {
		f := strings.Split(sc.Text(), ":")
		if len(f) < 7 {
			continue
		}
		if byUID && f[2] != user || !byUID && f[0] != user {
			continue
		}
		uid, err1 := strconv.ParseUint(f[2], 10, 32)
		gid, err2 := strconv.ParseUint(f[3], 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		return guestUser{uid: uint32(uid), gid: uint32(gid), name: f[0], home: f[5]}, true
	}
	return guestUser{}, false
}
