package lxd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// createEnsure is create with ensure=: when the instance exists already,
// it is success with CHANGED 0 and nothing else is checked (not its
// image or limits); with start=true a stopped one is started (CHANGED 1).
func (e *view) createEnsure(ctx context.Context, args cmdArgs, res *result) error {
	if !args.flag("ensure") {
		return e.create(ctx, args, res)
	}
	name := args["name"]
	res.set("CONTAINER", name)
	res.set("IMAGE", args["image"])
	// Bad keys are an error whether or not the instance exists.
	if _, err := e.instanceRequest(ctx, name, args, res); err != nil {
		return err
	}
	inst, err := e.lxd().GetInstance(ctx, name)
	if lxdapi.IsNotFound(err) {
		return e.create(ctx, args, res)
	}
	if err != nil {
		return err
	}
	res.set("STATUS", inst.Status)
	res.output = name + " exists already"
	if !args.flag("start") || inst.Status == "Running" {
		res.unchanged()
		return nil
	}
	if err := waiter(ctx)(e.lxd().StartInstance(ctx, name)); err != nil && !isAlreadyRunning(err) {
		return err
	}
	res.set("STATUS", "Running")
	res.output = name + " exists already; started it"
	return nil
}

// startEnsure is start with ensure=: a running instance is success with
// CHANGED 0.
// With wait=ready it still waits until a running instance answers.
func (e *view) startEnsure(ctx context.Context, args cmdArgs, res *result) error {
	if err := e.ensureState(ctx, args, res, (*view).start, isAlreadyRunning, "Running", "is running already"); err != nil {
		return err
	}
	if ready, _ := parseWait(args); ready.wanted && res.change == changeNone {
		if err := e.waitReady(ctx, args["name"], ready.timeout); err != nil {
			return fmt.Errorf("%s runs, but it did not answer: %w", args["name"], err)
		}
	}
	return nil
}

// stopEnsure is stop with ensure=: a stopped instance is success with
// CHANGED 0.
func (e *view) stopEnsure(ctx context.Context, args cmdArgs, res *result) error {
	return e.ensureState(ctx, args, res, (*view).stop, isAlreadyStopped, "Stopped", "is stopped already")
}

// deleteEnsure is delete with ensure=: a missing instance is success
// with CHANGED 0.
func (e *view) deleteEnsure(ctx context.Context, args cmdArgs, res *result) error {
	return e.ensureState(ctx, args, res, (*view).delete, lxdapi.IsNotFound, "Deleted", "does not exist")
}

// ensureState runs a state change; with ensure=true, an error that says
// the instance is in the wanted state already (already) is success with
// CHANGED 0. Asking LXD to act and reading its refusal costs one round
// trip, as a GET first would, and cannot race with another change.
func (e *view) ensureState(ctx context.Context, args cmdArgs, res *result,
	run func(*view, context.Context, cmdArgs, *result) error,
	already func(error) bool, status, msg string) error {
	ensure := args.flag("ensure")
	err := run(e, ctx, args, res)
	if err == nil {
		return nil
	}
	if ensure && already(err) {
		res.unchanged()
		res.set("STATUS", status)
		res.output = args["name"] + " " + msg
		return nil
	}
	if !ensure && already(err) && status != "Deleted" {
		return fmt.Errorf("%s %s (ensure=true accepts that): %w", args["name"], msg, err)
	}
	return err
}

// isAlreadyRunning reports whether err is LXD refusing to start an
// instance that runs.
func isAlreadyRunning(err error) bool {
	var le *lxdapi.Error
	return errors.As(err, &le) && strings.Contains(le.Message, "already running")
}
