package lxd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// What a command whose connection to LXD broke while it made an instance
// found once the daemon answered again; RESULT.STATUS says it.
const (
	lostMissing = "Missing" // the instance does not exist: nothing was made
	lostBroken  = "Broken"  // it exists, but its storage cannot be read
	lostUnknown = "Unknown" // LXD did not answer again in time
)

// lostError is a connection to LXD that broke while a command was making
// instance name, with what a check found afterwards. It wraps the
// lxdapi.ErrConnectionLost error, so the command's RC is
// RCConnectionLost.
type lostError struct {
	name   string
	cause  error
	status string // lostMissing, lostBroken, lostUnknown or the instance's status when it is whole
	detail string // why it is broken or unknown
	after  time.Duration
}

func (e *lostError) Unwrap() error { return e.cause }

func (e *lostError) Error() string {
	return fmt.Sprintf("the connection to LXD was lost while making %s (%v); %s", e.name, e.cause, e.state())
}

// brokenHint says how to remove a broken instance; the details are in
// docs/address-lxd.md.
const brokenHint = "delete it, and if LXD refuses, remove it as docs/address-lxd.md (\"Broken instances\") says"

// state describes what was found, for RESULT.ERROR.
func (e *lostError) state() string {
	switch e.status {
	case lostMissing:
		return fmt.Sprintf("LXD answered again after %v and %s does not exist: nothing was made", e.after.Round(time.Millisecond), e.name)
	case lostBroken:
		return fmt.Sprintf("LXD answered again after %v: %s exists but is broken, its storage cannot be read (%s), so it cannot start; %s",
			e.after.Round(time.Millisecond), e.name, e.detail, brokenHint)
	case lostUnknown:
		return fmt.Sprintf("the state of %s is unknown: %s", e.name, e.detail)
	}
	return fmt.Sprintf("LXD answered again after %v: %s exists (%s) and its root filesystem is readable, but the command that made it was cut off: check it before use, or delete it and make it again",
		e.after.Round(time.Millisecond), e.name, e.status)
}

// recoverTick is the pause between two attempts to reach a daemon that
// went away.
const recoverTick = 250 * time.Millisecond

// checkMade is called when the connection to LXD broke while this command
// was making instance name (cause wraps lxdapi.ErrConnectionLost). It
// waits up to Config.RecoverTimeout for the daemon to answer again, then
// looks at what was left and returns a *lostError that says so. It never
// deletes anything: the request may not have been taken, and then the
// name may be another's instance.
func (e *view) checkMade(ctx context.Context, name string, cause error) error {
	lost := &lostError{name: name, cause: cause, status: lostUnknown}
	start := time.Now()
	rctx, cancel := context.WithTimeout(ctx, e.cfg.RecoverTimeout)
	defer cancel()
	for {
		inst, err := e.lxd().GetInstance(rctx, name)
		lost.after = time.Since(start)
		switch {
		case err == nil:
			if _, err := e.lxd().CheckRootFS(rctx, name); err != nil {
				var le *lxdapi.Error
				if !errors.As(err, &le) {
					lost.detail = "checking its storage failed: " + err.Error()
					return lost
				}
				lost.status, lost.detail = lostBroken, le.Message
				return lost
			}
			lost.status = inst.Status
			return lost
		case lxdapi.IsNotFound(err):
			lost.status = lostMissing
			return lost
		case errors.Is(err, lxdapi.ErrUnreachable), errors.Is(err, lxdapi.ErrConnectionLost), errors.Is(err, lxdapi.ErrNoResponse):
			// Not back yet.
		default:
			lost.detail = "checking it failed: " + err.Error()
			return lost
		}
		select {
		case <-rctx.Done():
			if ctx.Err() != nil {
				lost.detail = "the command was interrupted or timed out before LXD answered again"
			} else {
				lost.detail = fmt.Sprintf("LXD did not answer again within %v (Config.RecoverTimeout)", e.cfg.RecoverTimeout)
			}
			return lost
		case <-time.After(recoverTick):
		}
	}
}
