package lxd

import (
	"context"
	"fmt"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// parseWait reads wait= of start and clone_from_base: "running" (the
// default: LXD reports the instance Running) or "ready" (the guest also
// answers an execute).
func parseWait(args map[string]string) (ready bool, err error) {
	switch v := args["wait"]; v {
	case "", "running":
		return false, nil
	case "ready":
		return true, nil
	default:
		return false, &UsageError{Msg: fmt.Sprintf("wait=%s must be running or ready", v)}
	}
}

// waitReady returns once the guest name answers an execute: its init has
// set up enough for commands to run. LXD has no event for that, so the
// probe (/bin/sh -c true, or true where there is no shell) is retried
// with a growing pause (5 ms doubling to 200 ms) until it succeeds or ctx
// ends; a guest that is up at once costs one execute.
func (e *Env) waitReady(ctx context.Context, name string) error {
	pause := 5 * time.Millisecond
	var last error
	for {
		out, err := e.lxd().Exec(ctx, name, lxdapi.ExecRequest{Command: []string{"true"}})
		if err == nil && out.ExitCode == 0 {
			return nil
		}
		if err == nil {
			err = fmt.Errorf("the probe exited with status %d", out.ExitCode)
		}
		if lxdapi.IsNotFound(err) {
			return err
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s did not become ready (last probe: %v): %w", name, last, ctx.Err())
		case <-time.After(pause):
		}
		pause = min(2*pause, 200*time.Millisecond)
	}
}
