package lxd

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// cloneFleet makes count= clones of a base: clone_from_base base=B name=P
// count=N [start=true [wait=ready]] [parallel=K] makes P-1 … P-N.
//
// Each clone goes clone → start → ready on its own, as soon as its
// previous step is done (a pipeline, not three phases that each wait for
// their slowest member), with at most K LXD operations in flight. A clone
// that fails is deleted again if this command made it; a name that was
// taken fails with LXD's "already exists" and the instance holding it is
// never touched.
//
// RESULT: the fleet list (RESULT.0, RESULT.i.NAME, .SUCCESS, .ERROR,
// .STATUS, .ELAPSEDMS, .BASE, .IMAGE), COUNT, SUCCEEDED and BASE.
func (e *Env) cloneFleet(ctx context.Context, args map[string]string, res *result, stderr io.Writer) int {
	const op = "clone_from_base"
	base, prefix := args["base"], args["name"]
	res.set("BASE", base)
	names, err := countNames(prefix, args["count"])
	if err != nil {
		return failed(op, err, res)
	}
	parallel, err := parseParallel(args)
	if err != nil {
		return failed(op, err, res)
	}
	startIt, ready, err := parseStartWait(args)
	if err != nil {
		return failed(op, err, res)
	}
	if err := checkInstanceName("base", base); err != nil {
		return failed(op, usage(err), res)
	}
	inst, err := e.base(ctx, base)
	if err != nil {
		return failed(op, err, res)
	}

	sl := make(slots, parallel)
	// step runs one LXD step of one clone in a slot.
	step := func(ctx context.Context, f func() error) error {
		if err := sl.acquire(ctx); err != nil {
			return err
		}
		defer sl.release()
		return f()
	}
	prog := newProgress(stderr, "cloning", len(names))
	members := make([]member, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer prog.step()
			m := member{name: name, res: &result{operation: op}}
			t0 := time.Now()
			cctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
			defer cancel()
			m.res.set("BASE", base)
			err := step(cctx, func() error { return e.cloneOne(cctx, inst, name, m.res) })
			if err == nil && startIt {
				err = step(cctx, func() error { return e.startClone(cctx, name, false, m.res) })
				if err == nil && ready {
					err = step(cctx, func() error {
						if err := e.waitReady(cctx, name); err != nil {
							return e.undoCreate(cctx, name, "get an answer from it", err)
						}
						return nil
					})
				}
			}
			if err != nil {
				m.rc = failed(op, err, m.res)
			} else {
				m.res.success = true
			}
			m.res.elapsed = time.Since(t0)
			members[i] = m
		}()
	}
	wg.Wait()
	prog.done()
	return fleetResult(op, members, res)
}

// countNames reads count= and returns the names prefix-1 … prefix-N,
// each checked against LXD's name rules.
func countNames(prefix, count string) ([]string, error) {
	n, err := strconv.Atoi(strings.TrimSpace(count))
	if err != nil || n < 1 || n > maxCount {
		return nil, &UsageError{Msg: fmt.Sprintf("count=%s must be a whole number from 1 to %d", count, maxCount)}
	}
	names := make([]string, n)
	for i := range names {
		names[i] = prefix + "-" + strconv.Itoa(i+1)
		if err := checkInstanceName("name", names[i]); err != nil {
			return nil, usage(fmt.Errorf("with count=%d: %w", n, err))
		}
	}
	return names, nil
}
