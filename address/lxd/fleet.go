package lxd

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rexxlxd/rexxlxd/termtext"
)

// A fleet command is one command over several instances: name= holds a
// list or patterns (see names_match.go), or clone_from_base has count=.
// Every instance runs the command on its own, concurrently with the
// others but with at most parallel= LXD operations in flight, and one
// instance failing never stops the others. The result is a list:
// RESULT.0 instances, RESULT.i.NAME, .SUCCESS, .ERROR, .STATUS,
// .ELAPSEDMS and the command's own fields per instance.

// defaultParallel is how many LXD operations a fleet command keeps in
// flight when parallel= is not given. LXD serialises much of its work on
// a small host, so beyond some number each operation only waits longer;
// fewer leave the daemon idle between steps. BenchmarkFleetParallel (the
// root package) measured 2 to 10 on a 2-core host: 8 was the first at or
// below the phase-parallel REST schedule (docs/performance.md).
const defaultParallel = 8

// maxParallel and maxCount bound parallel= and count=: far beyond what one
// daemon serves, and small enough that a typo cannot start a runaway.
const (
	maxParallel = 64
	maxCount    = 1000
)

// member is what one instance of a fleet command did.
type member struct {
	name string
	rc   int
	res  *result
}

// slots bounds the LXD operations a fleet command has in flight.
type slots chan struct{}

// acquire takes a slot, or gives up when ctx ends.
func (s slots) acquire(ctx context.Context) error {
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s slots) release() { <-s }

// inParallel calls f(i) for i from 0 to n-1, at most defaultParallel at a
// time, and returns each call's error at its index: ctx's error for a call
// that never got a slot.
func inParallel(ctx context.Context, n int, f func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	sl := make(slots, defaultParallel)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i] = sl.acquire(ctx); errs[i] != nil {
				return
			}
			defer sl.release()
			errs[i] = f(i)
		}()
	}
	wg.Wait()
	return errs
}

// runFleet runs command c once per instance of the name set in
// args[key], at most parallel at a time, and writes the list result.
func (e *view) runFleet(ctx context.Context, c *command, key string, args cmdArgs, res *result) int {
	parallel := args.number("parallel", defaultParallel)
	if err := fleetOutputArgs(c.name, args); err != nil { // execute_files.go
		return failed(c.name, err, res)
	}
	names, err := e.expandNames(ctx, key, args[key])
	if err != nil {
		if args.flag("ensure") {
			if rc, ok := emptyFleet(c.name, err, res); ok { // clone_ensure.go
				return rc
			}
		}
		return failed(c.name, err, res)
	}
	sl := make(slots, parallel)
	ctx = withFleetMemo(ctx) // e.g. push reads its host tree once for all
	began := make([]atomic.Bool, len(names))
	one := *e
	one.out.progress = nil // the fleet's line shows progress, not each member's operations
	members := eachMember(names, c.name, c.name, e.out.stderr, func(i int, name string, r *result) int {
		sub := make(map[string]string, len(args))
		for k, v := range args {
			if k != "parallel" {
				sub[k] = v
			}
		}
		sub[key] = name
		if err := fleetMemberArgs(c.name, sub, name); err != nil {
			return failed(c.name, err, r)
		}
		if err := sl.acquire(ctx); err != nil {
			return failed(c.name, err, r)
		}
		defer sl.release()
		if ctx.Err() != nil {
			return failed(c.name, ctx.Err(), r)
		}
		began[i].Store(true)
		rctx, cancel := memberContext(ctx, c.name) // fleet_interrupt.go
		defer cancel()
		return one.runOne(rctx, c, sub, r)
	})
	if interrupted(ctx) {
		return e.settleFleet(ctx, c.name, members, began, res) // fleet_interrupt.go
	}
	e.locateMembers(ctx, members)
	return e.fleetResult(c.name, members, res)
}

// eachMember runs one for every name (the i-th of names) at once, each
// with a fresh result of operation op, while a progress line ("verb 3/10")
// counts them on a terminal stderr. It returns the members in the order
// of names, each with the RC one returned and the time it took. Bounding
// the LXD operations in flight is one's job (slots).
func eachMember(names []string, op, verb string, stderr io.Writer, one func(i int, name string, r *result) int) []member {
	prog := newProgress(stderr, verb, len(names))
	members := make([]member, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer prog.step()
			m := member{name: name, res: &result{operation: op}}
			start := time.Now()
			m.rc = one(i, name, m.res)
			m.res.elapsed = time.Since(start)
			members[i] = m
		}()
	}
	wg.Wait()
	prog.done()
	return members
}

// fleetResult writes the members' outcomes into res as a list, in the
// order given, and returns RC (see fleetOutcome): 0 when every member
// succeeded, else 1, or the members' common RC when all failed alike
// (all usage errors: 2; the daemon unreachable: -1), so that a fault of
// the whole command stays as visible as for one instance. Each row's
// RETCODE is the RC the command had on that instance alone.
func (e *view) fleetResult(op string, members []member, res *result) int {
	res.isList = true
	var failures []memberFailure
	for _, m := range members {
		r := m.res
		row := []field{
			{"NAME", m.name},
			{"SUCCESS", boolString(m.rc == 0 && r.success)},
			{"ERROR", r.errorText()},
			{"STATUS", r.get("STATUS")},
			{"ELAPSEDMS", strconv.FormatInt(r.elapsed.Milliseconds(), 10)},
			{"RETCODE", strconv.Itoa(m.rc)},
		}
		for _, f := range r.fields {
			switch f.tail {
			case "NAME", "SUCCESS", "ERROR", "STATUS", "ELAPSEDMS", "CONTAINER", "RETCODE":
				continue
			}
			row = append(row, f)
		}
		res.addRow(row...)
		if m.rc != 0 || !r.success {
			failures = append(failures, memberFailure{name: m.name, reason: r.why(),
				rc: m.rc, guestSaidNo: r.exitedNonZero})
		}
	}
	return e.fleetOutcome(op, members, failures, res) // fleet_errors.go
}

// progress shows one line on a terminal while a fleet command runs
// ("start 7/10 …") and clears it when done; it writes nothing when w is
// no terminal, so logs and captured streams stay clean.
type progress struct {
	mu    sync.Mutex
	line  *termtext.StatusLine // nil: no terminal, or one instance
	verb  string
	n     int
	total int
}

func newProgress(w io.Writer, verb string, total int) *progress {
	if total < 2 {
		return &progress{}
	}
	p := &progress{line: termtext.NewStatusLine(w), verb: verb, total: total}
	p.show()
	return p
}

func (p *progress) show() {
	p.line.Show(fmt.Sprintf("%s %d/%d …", p.verb, p.n, p.total))
}

func (p *progress) step() {
	if p.line == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	p.show()
}

func (p *progress) done() { p.line.Clear() }
