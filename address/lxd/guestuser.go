package lxd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

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
func (e *Env) resolveUser(ctx context.Context, instance, user string) (guestUser, error) {
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
	passwd, err := e.readGuestFile(ctx, instance, "/etc/passwd")
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

// readGuestFile reads a file of an instance (GET
// /1.0/instances/{name}/files?path=). lxdapi has no call for the file API
// yet, so this speaks it directly over the same socket; it belongs in
// lxdapi as GetFile.
func (e *Env) readGuestFile(ctx context.Context, instance, path string) ([]byte, error) {
	e.mu.Lock()
	if e.files == nil {
		socket := e.cfg.Socket
		if socket == "" {
			socket = lxdapi.DefaultSocket()
		}
		var d net.Dialer
		e.files = &http.Client{Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				return d.DialContext(ctx, "unix", socket)
			},
		}}
	}
	hc := e.files
	e.mu.Unlock()
	apiPath := "/1.0/instances/" + url.PathEscape(instance) + "/files"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://unix.socket"+apiPath+"?path="+url.QueryEscape(path), nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %v", lxdapi.ErrUnreachable, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		msg := strings.TrimSpace(string(data))
		var env struct {
			Error string `json:"error"`
		}
		if jsonErr := json.Unmarshal(data, &env); jsonErr == nil && env.Error != "" {
			msg = env.Error
		}
		return nil, &lxdapi.Error{Method: http.MethodGet, Path: apiPath, StatusCode: resp.StatusCode, Code: resp.StatusCode, Message: msg}
	}
	return data, nil
}
