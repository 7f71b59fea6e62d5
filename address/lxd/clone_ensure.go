package lxd

import (
	"context"
	"errors"
	"fmt"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// Reruns that converge: clone_from_base with ensure=true keeps a clone
// left by an earlier run, with replace=true deletes it and clones anew,
// and delete with ensure=true is content when a pattern matches nothing.
//
// A clone "matches" when LXD holds an instance of that name made by
// clone_from_base from the same base: its user.rexxlxd.clone-of is
// base=. Nothing else is compared (not its state, limits or files, nor
// whether the base changed since it was cloned): the rerun keeps what
// the first run made. An instance of that name that is not such a clone
// (made from another base, by create or copy, a base itself) is never
// touched by ensure=true: that slot fails and its error names the
// instance and what it is.

// cloneMode is what clone_from_base does when the clone's name is taken.
type cloneMode int

const (
	cloneNew     cloneMode = iota // fail with "already exists" (the default)
	cloneEnsure                   // keep a matching clone (ensure=true)
	cloneReplace                  // delete whatever holds the name first (replace=true)
)

// cloneModeArg reads ensure= and replace= of clone_from_base; both true
// at once is a usage error.
func cloneModeArg(args cmdArgs) (cloneMode, error) {
	ensure, replace := args.flag("ensure"), args.flag("replace")
	switch {
	case ensure && replace:
		return cloneNew, &UsageError{Msg: "ensure=true keeps an existing clone and replace=true deletes it: give one of them"}
	case ensure:
		return cloneEnsure, nil
	case replace:
		return cloneReplace, nil
	}
	return cloneNew, nil
}

// existsError is LXD refusing to make an instance whose name is taken.
// Its message is the one thing a user needs; LXD's own text (a sentence
// about its database) stays reachable through Unwrap for IsConflict.
type existsError struct {
	name string
	err  error
}

func (e *existsError) Error() string {
	return "instance " + e.name + " already exists"
}

func (e *existsError) Unwrap() error { return e.err }

// notMatchingError is ensure=true finding the clone's name held by an
// instance that is no clone of the base.
type notMatchingError struct {
	name, base, is string
}

func (e *notMatchingError) Error() string {
	return fmt.Sprintf("instance %s already exists and is no clone of base %s (%s); ensure=true keeps only clones of base=, replace=true deletes it first",
		e.name, e.base, e.is)
}

// claimCloneName looks at the clone's name before the clone is made, for
// ensure= and replace=. It returns kept=true when ensure=true found a
// matching clone (r then describes it; nothing was changed). With
// replace=true it deletes what holds the name (never a registered base
// or a warm pool's member) and sets REPLACED=1, CHANGED=1. With neither
// it does nothing: LXD's refusal says the name is taken.
func (e *view) claimCloneName(ctx context.Context, mode cloneMode, base, name string, r *result) (kept bool, err error) {
	switch mode {
	case cloneNew:
		return false, nil
	case cloneEnsure:
		r.set("KEPT", "0")
	case cloneReplace:
		r.set("REPLACED", "0")
	}
	inst, err := e.lxd().GetInstance(ctx, name)
	if lxdapi.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	switch mode {
	case cloneEnsure:
		if of := inst.Config[keyCloneOf]; of != base || inst.Config[keyBase] == "true" {
			return false, &notMatchingError{name: name, base: base, is: whatInstanceIs(inst)}
		}
		r.set("IMAGE", inst.Config[keyImage])
		r.set("EPHEMERAL", flag(inst.Ephemeral))
		r.set("STATUS", inst.Status)
		r.set("LOCATION", inst.Location)
		r.set("KEPT", "1")
		return true, nil
	case cloneReplace:
		if inst.Config[keyBase] == "true" {
			return false, fmt.Errorf("instance %s is a registered base; replace=true never deletes a base (delete it by name first if you mean it)", name)
		}
		if p := inst.Config[keyPool]; p != "" {
			return false, fmt.Errorf("instance %s is a member of the warm pool %s; replace=true never deletes a pool's member (release it, or drain the pool with pool name=%s size=0)", name, p, p)
		}
		if err := e.forceDelete(ctx, name); err != nil && !lxdapi.IsNotFound(err) {
			return false, fmt.Errorf("replace=true could not delete the existing %s: %w", name, err)
		}
		r.set("REPLACED", "1")
		r.madeChange()
	}
	return false, nil
}

// whatInstanceIs says what an instance that holds a clone's name is, for
// ensure='s refusal.
func whatInstanceIs(inst *lxdapi.Instance) string {
	switch {
	case inst.Config[keyBase] == "true":
		return "it is a registered base"
	case inst.Config[keyCloneOf] != "":
		return "it is a clone of base " + inst.Config[keyCloneOf]
	case inst.Config[keyPool] != "":
		return "it is a member of the warm pool " + inst.Config[keyPool]
	}
	return "it was not made by clone_from_base"
}

// keepClone brings a clone that ensure=true kept to what the command asks:
// with start=true a stopped one is started (CHANGED 1), and with
// wait=ready it must answer. It is not this command's clone, so a failure
// leaves it as it is.
func (e *view) keepClone(ctx context.Context, name string, startIt bool, ready readiness, r *result) error {
	r.unchanged()
	if startIt && r.get("STATUS") != "Running" {
		if err := waiter(ctx)(e.lxd().StartInstance(ctx, name)); err != nil && !isAlreadyRunning(err) {
			return fmt.Errorf("starting the existing clone %s (kept by ensure=true): %w", name, err)
		}
		r.set("STATUS", "Running")
		r.madeChange()
	}
	if startIt && ready.wanted {
		if err := e.waitReady(ctx, name, ready.timeout); err != nil {
			return fmt.Errorf("the existing clone %s (kept by ensure=true) did not answer: %w", name, err)
		}
	}
	return nil
}

// noMatchError is a name pattern that matches no instance.
type noMatchError struct{ pattern string }

func (e *noMatchError) Error() string {
	return "no instance matches the pattern " + e.pattern + " (patterns never match registered bases)"
}

// emptyFleet is the result of delete name=PATTERN ensure=true when the
// pattern matched nothing: there is nothing left to delete, which is what
// was asked, so RC 0 with an empty list and CHANGED 0.
func emptyFleet(op string, err error, res *result) (int, bool) {
	var nm *noMatchError
	if op != "delete" || !errors.As(err, &nm) {
		return 0, false
	}
	res.isList = true
	res.success = true
	res.set("COUNT", "0")
	res.set("SUCCEEDED", "0")
	res.set("CHANGED", "0")
	res.output = fmt.Sprintf("%s: no instance matches the pattern %s; nothing to delete", op, nm.pattern)
	return 0, true
}
