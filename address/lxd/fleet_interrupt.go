package lxd

// What a fleet command does when the program is interrupted (Ctrl-C,
// SIGTERM: the HALT condition) while it runs. Its context is cancelled,
// so waits end at once, but LXD goes on with what it was asked: a copy
// whose request was sent makes its instance whether or not anyone reads
// the answer. So after an interruption the command
//
//   - begins no new LXD step, but lets a copy already sent finish (on a
//     context the first interrupt does not end), so that each clone is
//     either made or never asked for;
//   - then, on a fresh context bounded by cleanupTimeout, removes what it
//     made (clone_from_base count=) unless keep=true, and looks at every
//     member in LXD, so each row says its true state: RESULT.i.STATE
//     "removed", "left" or "not made", RESULT.i.STATUS as LXD has it
//     ("Missing" when it does not exist), RESULT.i.ERROR in words;
//   - ends with RC -2 and a summary ("made 15 of 20; removed 15"), which
//     an unhandled HALT prints as the command's error line.
//
// A name= fleet (start, stop, delete, execute, ...) removes nothing, as
// it made nothing; its members' rows get LXD's status and say whether
// each finished, was cut off or never began (settleFleet).
//
// A second interrupt while it cleans up (interp.HaltedAgain) ends the
// clean-up: removals under way finish, no more begin, and what is not
// removed is reported "left" with its status, looked up under a short
// bound of its own.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// Values of RESULT.i.STATE after an interrupted clone_from_base count=.
const (
	stateRemoved = "removed"  // this command made it and removed it again
	stateLeft    = "left"     // this command made it and it still exists
	stateNotMade = "not made" // this command never made it
)

// lookTimeout bounds each look at an instance after an interruption; it
// is not ended by a second interrupt, so the report stays true.
const lookTimeout = 5 * time.Second

// lookStatus returns name's status in LXD ("Missing" when it does not
// exist, "Unknown" with the reason when LXD did not say), under a bound
// of its own.
func (e *view) lookStatus(ctx context.Context, name string) (status, why string) {
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookTimeout)
	defer cancel()
	inst, err := e.lxd().GetInstance(lctx, name)
	switch {
	case err == nil:
		return inst.Status, ""
	case lxdapi.IsNotFound(err):
		return lostMissing, ""
	}
	return lostUnknown, err.Error()
}

// cloneTrack is what one clone of an interrupted clone_from_base got to.
type cloneTrack struct {
	sent atomic.Bool // its copy was asked of LXD
	made atomic.Bool // the copy succeeded
	err  error       // the member's error, nil when it succeeded
}

// settleClones finishes a clone_from_base count= that was interrupted:
// it removes the clones this command made (unless keep), at most
// parallel at a time, writes each member's true state, and returns the
// command's RC (RCTimeout) with the summary in res.
func (e *view) settleClones(ctx context.Context, op string, members []member, tracks []cloneTrack, keep bool, parallel int, res *result) int {
	sctx, cancel := settleContext(ctx)
	defer cancel()
	var (
		wg                  sync.WaitGroup
		mu                  sync.Mutex
		made, removed, left int
		leftNames           = make([]string, len(members))
	)
	sl := make(slots, max(parallel, defaultParallel))
	for i := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sl <- struct{}{}
			defer sl.release()
			state, status := e.settleClone(sctx, op, &members[i], &tracks[i], keep)
			mu.Lock()
			defer mu.Unlock()
			switch state {
			case stateRemoved:
				made++
				removed++
			case stateLeft:
				made++
				left++
				leftNames[i] = members[i].name + " (" + status + ")"

			}
		}()
	}
	wg.Wait()
	e.fleetResult(op, members, res)
	reason := fmt.Sprintf("interrupted: made %d of %d; removed %d", made, len(members), removed)
	if left > 0 {
		reason += fmt.Sprintf("; left %d: %s", left, strings.Join(slices.DeleteFunc(leftNames, func(s string) bool { return s == "" }), ", "))
	}
	if !keep && left > 0 {
		reason += " (not removed: see RESULT.i.ERROR)"
	}
	res.fail(op, reason)
	res.err = res.output
	return RCTimeout
}

// settleClone removes one clone of an interrupted clone_from_base (unless
// keep), writes its row's STATE, STATUS and ERROR, and returns its state
// and status.
func (e *view) settleClone(ctx context.Context, op string, m *member, tr *cloneTrack, keep bool) (state, status string) {
	r, name := m.res, m.name
	cutOff := tr.err != nil && errors.Is(tr.err, context.Canceled)
	// Ours: the copy succeeded, or it was sent and then cut off by a
	// second interrupt (the name was free when LXD took the copy).
	ours := tr.made.Load() || tr.sent.Load() && cutOff
	status, why := e.lookStatus(ctx, name)
	var removeErr error
	if ours && status != lostMissing && !keep {
		if removeErr = e.removeMade(ctx, name); removeErr == nil {
			status = lostMissing
		} else {
			status, why = e.lookStatus(ctx, name)
		}
	}
	if status == lostUnknown {
		status += ": " + why
	}
	r.set("STATUS", status)
	switch {
	case !ours:
		state = stateNotMade
		if tr.err != nil && !cutOff {
			break // failed on its own before the interruption: its error says why
		}
		r.success, m.rc = false, RCTimeout
		reason := fmt.Sprintf("interrupted before %s was made", name)
		if status != lostMissing {
			reason += fmt.Sprintf("; an instance of that name exists (%s), not made by this command, and is left alone", status)
		}
		r.fail(op, reason)
	case status == lostMissing:
		state = stateRemoved
		r.success, m.rc = false, RCTimeout
		r.fail(op, fmt.Sprintf("interrupted: %s was made and has been removed", name))
	default:
		state = stateLeft
		if keep && m.rc == 0 {
			break // whole, and kept as asked: its row stays a success
		}
		r.success, m.rc = false, RCTimeout
		switch {
		case keep:
			r.fail(op, fmt.Sprintf("interrupted: %s was made and is left (keep=true), %s", name, status))
		case errors.Is(removeErr, errCleanupCut):
			r.fail(op, fmt.Sprintf("interrupted: %s was made and is left, %s; not removed: %v", name, status, removeErr))
		case removeErr != nil:
			r.fail(op, fmt.Sprintf("interrupted: %s was made and is left, %s; removing it failed: %v", name, status, removeErr))
		default:
			r.fail(op, fmt.Sprintf("interrupted: %s was made and is left, %s", name, status))
		}
	}
	r.set("STATE", state)
	return state, status
}

// errCleanupCut is a removal not begun because the clean-up was
// interrupted again or ran out of time.
var errCleanupCut = errors.New("the clean-up was interrupted again or ran out of time")

// removeMade force-deletes name, which this command made, unless ctx (the
// clean-up's) has ended. A removal once begun is seen through, bounded by
// cleanupTimeout, even if a second interrupt comes: a stop or delete cut
// off midway goes on in LXD, and the report could not say what is left.
func (e *view) removeMade(ctx context.Context, name string) error {
	if ctx.Err() != nil {
		return errCleanupCut
	}
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	for {
		err := e.forceDelete(dctx, name)
		if !isBusy(err) {
			return err
		}
		// Another operation (a start, a stop) still runs on it
		// (isBusy, bases.go).
		select {
		case <-dctx.Done():
			return err
		case <-time.After(recoverTick):
		}
	}
}

// settleFleet finishes a name= fleet command that was interrupted: every
// member's STATUS becomes what LXD says now, and a member cut off (or
// never begun) says so in its ERROR instead of a bare "context
// canceled". began[i] tells whether member i got to send anything to
// LXD. It returns RCTimeout with the summary in res.
func (e *view) settleFleet(ctx context.Context, op string, members []member, began []atomic.Bool, res *result) int {
	var wg sync.WaitGroup
	var ok, failed, cut, notBegun atomic.Int32
	sl := make(slots, defaultParallel)
	for i := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sl <- struct{}{}
			defer sl.release()
			m := &members[i]
			r := m.res
			status, why := e.lookStatus(ctx, m.name)
			if status == lostUnknown {
				status += ": " + why
			}
			r.set("STATUS", status)
			switch {
			case m.rc == 0 && r.success:
				ok.Add(1)
				return
			case !began[i].Load():
				notBegun.Add(1)
				r.fail(op, fmt.Sprintf("interrupted before it began on %s; %s", m.name, statusWords(m.name, status)))
			case m.rc == RCTimeout:
				cut.Add(1)
				reason := r.why()
				if errors.Is(r.cause, context.Canceled) {
					reason = "interrupted while it ran on " + m.name
				}
				r.fail(op, reason+"; "+statusWords(m.name, status))
			default:
				failed.Add(1) // it failed on its own before the interruption
				return
			}
			r.success, m.rc = false, RCTimeout
		}()
	}
	wg.Wait()
	e.fleetResult(op, members, res)
	res.fail(op, fmt.Sprintf("interrupted: %d of %d succeeded, %d failed, %d cut off, %d not begun",
		ok.Load(), len(members), failed.Load(), cut.Load(), notBegun.Load()))
	res.err = res.output
	return RCTimeout
}

// statusWords says what LXD says of name now.
func statusWords(name, status string) string {
	if status == lostMissing {
		return name + " does not exist now"
	}
	return name + " is " + status + " now"
}
