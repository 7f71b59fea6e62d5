package lxd

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// defaultWaitTimeout is wait's timeout= when none is given.
const defaultWaitTimeout = 60 * time.Second

// Polling bounds for the conditions LXD sends no event for (an address
// appearing, a guest that starts to answer execs): the first check again
// after pollMin, doubling up to pollMax, as start wait=ready does.
const (
	pollMin = 5 * time.Millisecond
	pollMax = 500 * time.Millisecond
)

// testHookWaiting, when a test sets it, is called each time wait has
// looked at the instance, not seen the condition, and goes on to wait for
// LXD's next event: a test acts on the instance then, rather than after a
// guessed sleep.
var testHookWaiting func(name string)

// waitFor is one condition wait knows.
type waitFor string

const (
	forRunning waitFor = "running"
	forReady   waitFor = "ready"
	forIPv4    waitFor = "ipv4"
	forStopped waitFor = "stopped"
)

// wait blocks until an instance reaches a state: wait name=
// for=running|ready|ipv4|stopped [timeout=seconds] (default 60).
// running and stopped are LXD's status; ready means the guest answers an
// execute (/bin/sh -c : exits 0, the probe of start wait=ready, its output
// dropped, each probe bounded by probeTimeout); ipv4 means it runs and has
// a global IPv4 address on a link other than lo. wait listens to LXD's lifecycle events (GET /1.0/events),
// checking the state once after subscribing and again on each event about
// the instance; for ready and ipv4, which LXD sends no event for once the
// instance runs, it also checks again after 5 ms, doubling to 500 ms.
//
// RESULT fields: CONTAINER, FOR, STATUS (as last seen), IPV4 (for=ipv4),
// WAITEDMS. A timeout is RC 1 with a message that says what was seen.
func (e *view) wait(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	cond := waitFor(strings.ToLower(args["for"]))
	res.set("CONTAINER", name)
	res.set("FOR", string(cond))
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	timeout, ok := args.seconds("timeout")
	if !ok {
		timeout = defaultWaitTimeout
	}
	start := time.Now()
	defer func() { res.set("WAITEDMS", strconv.FormatInt(time.Since(start).Milliseconds(), 10)) }()
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// Subscribe first, then look: an event between the two is not lost.
	events, err := e.lxd().Events(wctx, "lifecycle")
	if err != nil {
		return err
	}
	defer events.Close()
	changed := make(chan struct{}, 1)
	source := "/1.0/instances/" + name
	go func() {
		for {
			ev, err := events.Next()
			if err != nil {
				close(changed)
				return
			}
			if le, err := ev.Lifecycle(); err == nil && (le.Source == source || strings.HasPrefix(le.Source, source+"?")) {
				select {
				case changed <- struct{}{}:
				default:
				}
			}
		}
	}()

	poll := pollMin
	var last waitSeen
	for {
		seen, err := e.waitCheck(wctx, name, cond, res)
		if seen.status != "" {
			last.status = seen.status
			res.set("STATUS", seen.status)
		}
		if seen.probe != nil {
			last.probe = seen.probe
		}
		if err != nil && wctx.Err() == nil {
			return err
		}
		if seen.ok {
			res.output = fmt.Sprintf("%s is %s", name, cond)
			return nil
		}
		if testHookWaiting != nil {
			testHookWaiting(name)
		}
		var tick <-chan time.Time
		if (cond == forReady || cond == forIPv4) && last.status == "Running" {
			tick = time.After(poll)
			poll = min(2*poll, pollMax)
		}
		select {
		case <-wctx.Done():
			return e.waitTimedOut(ctx, name, cond, timeout, last)
		case _, open := <-changed:
			if !open && wctx.Err() == nil {
				return fmt.Errorf("waiting for %s: LXD's event stream ended", name)
			}
		case <-tick:
		}
	}
}

// waitSeen is what one check of wait saw.
type waitSeen struct {
	ok     bool
	status string // LXD's status of the instance ("" when unknown)
	probe  error  // for=ready: what the readiness probe saw when it failed
}

// waitCheck looks once whether name meets cond.
func (e *view) waitCheck(ctx context.Context, name string, cond waitFor, res *result) (waitSeen, error) {
	st, err := e.lxd().GetInstanceState(ctx, name)
	if err != nil {
		return waitSeen{}, notFound(name, err)
	}
	seen := waitSeen{status: st.Status}
	switch cond {
	case forRunning:
		seen.ok = st.Status == "Running"
	case forStopped:
		seen.ok = st.Status == "Stopped"
	case forIPv4:
		ip := addressesOf(st, "inet")
		res.set("IPV4", ip)
		seen.ok = st.Status == "Running" && ip != ""
	case forReady:
		if st.Status == "Running" {
			seen.probe = e.probe(ctx, name)
			seen.ok = seen.probe == nil
		}
	}
	return seen, nil
}

// waitTimedOut is the error after wait's timeout= ran out, or the
// program's interruption; it says what was last seen.
func (e *view) waitTimedOut(ctx context.Context, name string, cond waitFor, timeout time.Duration, last waitSeen) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("waiting for %s to be %s: %w", name, cond, err)
	}
	seen := "its status is " + last.status
	if last.status == "" {
		seen = "its status is unknown"
	}
	if cond == forReady && last.probe != nil {
		seen += "; " + lastProbe(last.probe)
	}
	return &waitTimeoutError{fmt.Sprintf("%s was not %s within %s seconds (%s)", name, cond,
		strconv.FormatFloat(timeout.Seconds(), 'f', -1, 64), seen)}
}

// waitTimeoutError is wait's timeout= running out: RC 1, as any state LXD
// reports that is not the wanted one.
type waitTimeoutError struct{ msg string }

func (e *waitTimeoutError) Error() string { return e.msg }
