package lxd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// ensureArg reads ensure= (default false).
func ensureArg(args map[string]string) (bool, error) {
	v, ok := args["ensure"]
	if !ok {
		return false, nil
	}
	b, err := parseBool("ensure", v)
	return b, usage(err)
}

// changed wraps a command that always changes something when it
// succeeds: RESULT.CHANGED is 1 after success, 0 after a failure.
func changed(run func(*Env, context.Context, map[string]string, *result) error) func(*Env, context.Context, map[string]string, *result) error {
	return func(e *Env, ctx context.Context, args map[string]string, res *result) error {
		res.set("CHANGED", "0")
		if err := run(e, ctx, args, res); err != nil {
			return err
		}
		res.set("CHANGED", "1")
		return nil
	}
}

// createEnsure is create with ensure=: when the instance exists already,
// it is success with CHANGED 0 and nothing else is checked (not its
// image or limits); with start=true a stopped one is started (CHANGED 1).
func (e *Env) createEnsure(ctx context.Context, args map[string]string, res *result) error {
	ensure, err := ensureArg(args)
	if err != nil || !ensure {
		res.set("CHANGED", "0")
		if err != nil {
			return err
		}
		return changed((*Env).create)(e, ctx, args, res)
	}
	name := args["name"]
	res.set("CONTAINER", name)
	res.set("IMAGE", args["image"])
	res.set("CHANGED", "0")
	// Bad keys are an error whether or not the instance exists.
	if _, err := e.instanceRequest(ctx, name, args, res); err != nil {
		return err
	}
	start := false
	if v, ok := args["start"]; ok {
		if start, err = parseBool("start", v); err != nil {
			return usage(err)
		}
	}
	inst, err := e.lxd().GetInstance(ctx, name)
	if lxdapi.IsNotFound(err) {
		return changed((*Env).create)(e, ctx, args, res)
	}
	if err != nil {
		return err
	}
	res.set("STATUS", inst.Status)
	res.output = name + " exists already"
	if start && inst.Status != "Running" {
		if err := waiter(ctx)(e.lxd().StartInstance(ctx, name)); err != nil && !isAlreadyRunning(err) {
			return err
		}
		res.set("STATUS", "Running")
		res.set("CHANGED", "1")
		res.output = name + " exists already; started it"
	}
	return nil
}

// startEnsure is start with ensure=: a running instance is success with
// CHANGED 0.
// With wait=ready it still waits until a running instance answers.
func (e *Env) startEnsure(ctx context.Context, args map[string]string, res *result) error {
	if err := e.ensureState(ctx, args, res, (*Env).start, isAlreadyRunning, "Running", "is running already"); err != nil {
		return err
	}
	if ready, _ := parseWait(args); ready.wanted && res.get("CHANGED") == "0" {
		if err := e.waitReady(ctx, args["name"], ready.timeout); err != nil {
			return fmt.Errorf("%s runs, but it did not answer: %w", args["name"], err)
		}
	}
	return nil
}

// stopEnsure is stop with ensure=: a stopped instance is success with
// CHANGED 0.
func (e *Env) stopEnsure(ctx context.Context, args map[string]string, res *result) error {
	return e.ensureState(ctx, args, res, (*Env).stop, isAlreadyStopped, "Stopped", "is stopped already")
}

// deleteEnsure is delete with ensure=: a missing instance is success
// with CHANGED 0.
func (e *Env) deleteEnsure(ctx context.Context, args map[string]string, res *result) error {
	return e.ensureState(ctx, args, res, (*Env).delete, lxdapi.IsNotFound, "Deleted", "does not exist")
}

// ensureState runs a state change; with ensure=true, an error that says
// the instance is in the wanted state already (already) is success with
// CHANGED 0. Asking LXD to act and reading its refusal costs one round
// trip, as a GET first would, and cannot race with another change.
func (e *Env) ensureState(ctx context.Context, args map[string]string, res *result,
	run func(*Env, context.Context, map[string]string, *result) error,
	already func(error) bool, status, msg string) error {
	res.set("CHANGED", "0")
	ensure, err := ensureArg(args)
	if err != nil {
		res.set("CONTAINER", args["name"])
		return err
	}
	err = run(e, ctx, args, res)
	if err == nil {
		res.set("CHANGED", "1")
		return nil
	}
	if ensure && already(err) {
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
