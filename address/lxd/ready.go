package lxd

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// readiness is wait= and timeout= of start and clone_from_base: whether
// to wait until the guest answers, and for how long at most.
type readiness struct {
	wanted  bool
	timeout time.Duration
}

// parseWait reads wait= of start and clone_from_base: "running" (the
// default: LXD reports the instance Running) or "ready" (the guest also
// answers an execute), and timeout=, which bounds the wait=ready part in
// seconds (default 60, as wait's) and needs wait=ready.
func parseWait(args cmdArgs) (readiness, error) {
	r := readiness{timeout: defaultWaitTimeout}
	r.wanted = args["wait"] == "ready" // checked: "", running or ready
	if limit, ok := args.seconds("timeout"); ok {
		if !r.wanted {
			return r, &UsageError{Msg: "timeout= needs wait=ready: it bounds the wait for the guest to answer"}
		}
		r.timeout = limit
	}
	return r, nil
}

// probeCommand is the readiness probe: the shell execute runs commands
// with, doing nothing. It is named by absolute path, so that a `true`
// the guest puts first on PATH is not what runs. That is no defence in
// itself (the guest owns /bin/sh too, and may make it print without end
// or never exit); the defence is that the probe's output is dropped and
// each probe and each wait is bounded in time.
var probeCommand = []string{"/bin/sh", "-c", ":"}

// probeTimeout bounds one readiness probe: one that has not ended by then
// is killed and counts as "not ready", and the next is tried.
const probeTimeout = 10 * time.Second

// probe runs the readiness probe once in name; nil means it exited 0.
// Its error says what was seen, worded to follow "the probe (COMMAND)".
func (e *view) probe(ctx context.Context, name string) error {
	out, err := e.quietExec(ctx, name, probeCommand, probeTimeout)
	var notEnded *notEndedError
	switch {
	case errors.As(err, &notEnded):
		return err
	case err != nil:
		return fmt.Errorf("failed: %w", err)
	case out.code != 0:
		return fmt.Errorf("exited with status %d (%d bytes of output)", out.code, out.printed)
	}
	return nil
}

// lastProbe is a failed probe's error as a message shows it.
func lastProbe(err error) string {
	return fmt.Sprintf("the last probe (%s) %v", strings.Join(probeCommand, " "), err)
}

// waitReady returns once the guest name answers an execute: its init has
// set up enough for commands to run. LXD has no event for that, so the
// probe is retried with a growing pause (5 ms doubling to 200 ms) until
// it succeeds, timeout runs out (an RC 1 error that says what the last
// probe saw) or ctx ends; a guest that is up at once costs one execute.
func (e *view) waitReady(ctx context.Context, name string, timeout time.Duration) error {
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	pause := 5 * time.Millisecond
	var last error
	for {
		err := e.probe(rctx, name)
		if err == nil {
			return nil
		}
		if lxdapi.IsNotFound(err) {
			return err
		}
		last = err
		select {
		case <-rctx.Done():
			if ctx.Err() != nil {
				return fmt.Errorf("%s did not become ready (%s): %w", name, lastProbe(last), ctx.Err())
			}
			return &waitTimeoutError{fmt.Sprintf("%s did not answer within %s seconds (%s)",
				name, strconv.FormatFloat(timeout.Seconds(), 'f', -1, 64), lastProbe(last))}
		case <-time.After(pause):
		}
		pause = min(2*pause, 200*time.Millisecond)
	}
}
