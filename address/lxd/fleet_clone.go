package lxd

import (
	"context"
	"fmt"
	"strconv"
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
// Interrupted (HALT), it removes the clones it made unless keep=true and
// reports each one's true state (fleet_interrupt.go).
//
// On a cluster the clones go to target= if given, else are spread over
// the online members (see fleetTargets).
//
// RESULT: the fleet list (RESULT.0, RESULT.i.NAME, .SUCCESS, .ERROR,
// .STATUS, .ELAPSEDMS, .BASE, .IMAGE, .LOCATION, and .STATE after an
// interruption), COUNT, SUCCEEDED and BASE.
func (e *view) cloneFleet(ctx context.Context, args cmdArgs, res *result) int {
	const op = "clone_from_base"
	base, prefix := args["base"], args["name"]
	res.set("BASE", base)
	names, err := countNames(prefix, args.number("count", 0))
	if err != nil {
		return failed(op, err, res)
	}
	parallel := args.number("parallel", defaultParallel)
	startIt, ready, err := parseStartWait(args)
	if err != nil {
		return failed(op, err, res)
	}
	keep := args.flag("keep")
	mode, err := cloneModeArg(args) // clone_ensure.go
	if err != nil {
		return failed(op, err, res)
	}
	if err := checkInstanceName("base", base); err != nil {
		return failed(op, usage(err), res)
	}
	inst, err := e.cloneSource(ctx, base, args)
	if err != nil {
		return failed(op, err, res)
	}
	targets, err := e.fleetTargets(ctx, args, len(names), res)
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
	tracks := make([]cloneTrack, len(names)) // what each got to, for an interruption
	members := eachMember(names, op, "cloning", e.out.stderr, func(i int, name string, r *result) int {
		cctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
		defer cancel()
		r.set("BASE", base)
		// Each LXD step, once begun, is seen through (fleet_interrupt.go).
		kept := false
		err := step(cctx, func() error {
			return seeThrough(ctx, cctx, func(sctx context.Context) error {
				var err error
				if kept, err = e.claimCloneName(sctx, mode, base, name, r); err != nil || kept {
					return err
				}
				tracks[i].sent.Store(true)
				err = e.cloneOne(sctx, inst, name, targets[i], r)
				tracks[i].made.Store(err == nil)
				return err
			})
		})
		if err == nil && kept {
			// Not this command's clone: started or waited for as asked,
			// never deleted when that fails (clone_ensure.go).
			err = step(cctx, func() error { return e.keepClone(cctx, name, startIt, ready, r) })
		} else if err == nil && startIt {
			err = step(cctx, func() error {
				return seeThrough(ctx, cctx, func(sctx context.Context) error { return e.startClone(sctx, name, readiness{}, r) })
			})
			if err == nil && ready.wanted {
				err = step(cctx, func() error {
					if err := e.waitReady(cctx, name, ready.timeout); err != nil {
						return e.undoCreate(cctx, name, "get an answer from it", err)
					}
					return nil
				})
			}
		}
		tracks[i].err = err
		r.trackChange(err) // RESULT.i.CHANGED
		if err != nil {
			return failed(op, err, r)
		}
		r.success = true
		return 0
	})
	if interrupted(ctx) {
		return e.settleClones(ctx, op, members, tracks, keep, parallel, res)
	}
	return e.fleetResult(op, members, res)
}

// countNames reads count= and returns the names prefix-1 … prefix-N,
// each checked against LXD's name rules.
func countNames(prefix string, n int) ([]string, error) {
	names := make([]string, n)
	for i := range names {
		names[i] = prefix + "-" + strconv.Itoa(i+1)
		if err := checkInstanceName("name", names[i]); err != nil {
			return nil, usage(fmt.Errorf("with count=%d: %w", n, err))
		}
	}
	return names, nil
}
