package lxd

import (
	"context"
	"fmt"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// restart restarts a running instance: restart name= [force=true]
// [timeout=seconds]. A clean restart asks the guest to shut down (within
// timeout=, default Config.StopTimeout) and starts it again; force=true
// kills it first.
//
// RESULT fields: CONTAINER, STATUS ("Running"), CHANGED.
func (e *view) restart(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	force, timeout := e.stopArgs(args)
	if err := waiter(ctx)(e.lxd().RestartInstance(ctx, name, force, timeout)); err != nil {
		return notFound(name, err)
	}
	res.set("STATUS", "Running")
	res.output = "restarted " + name
	return nil
}

// rename renames a stopped instance: rename name= to=.
//
// RESULT fields: CONTAINER (the new name), FROM (the old name), CHANGED.
func (e *view) rename(ctx context.Context, args cmdArgs, res *result) error {
	name, to := args["name"], args["to"]
	res.set("CONTAINER", to)
	res.set("FROM", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	if err := checkInstanceName("to", to); err != nil {
		return usage(err)
	}
	if err := waiter(ctx)(e.lxd().RenameInstance(ctx, name, to)); err != nil {
		if lxdapi.IsConflict(err) {
			return &existsError{to, err}
		}
		return notFound(name, err)
	}
	res.output = fmt.Sprintf("renamed %s to %s", name, to)
	return nil
}
