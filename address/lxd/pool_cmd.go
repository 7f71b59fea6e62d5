package lxd

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// poolCmd makes, resizes or drains a warm pool: pool name=P size=N
// [base=B]. base= is needed only to make a pool that has no members yet;
// given for an existing pool it must be the pool's base.
//
// The size is stamped on every member (the newest stamp wins when two
// resizes meet). Dead members are removed; if the pool has fewer free
// members than size, the rest are made, each clone → start → ready as
// count= fleets are made, spread over a cluster's members; members
// claimed for removal longer ago than a member takes to be made (their
// remover was killed before the delete) are deleted; if it has
// more, the newest ready ones are removed. The command returns once the
// pool holds size ready members. size=0 drains it: every free member is
// deleted; members that scripts still hold stay until released.
//
// RESULT fields: POOL, BASE, SIZE, READY, TAKEN, STARTING (after the
// command), MADE (members made), REMOVED (members deleted: beyond the
// size, dead, or left by a killed remover).
func (e *view) poolCmd(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("POOL", name)
	if err := checkPoolName("name", name); err != nil {
		return err
	}
	size := args.number("size", 0)
	base, given := args["base"]
	if given {
		if err := checkInstanceName("base", base); err != nil {
			return usage(err)
		}
	}
	v, err := e.readPool(ctx, name)
	if err != nil {
		return err
	}
	switch {
	case !given && v.base == "" && size > 0:
		return &UsageError{Msg: fmt.Sprintf("pool %s has no members yet; give base= to make it", name)}
	case !given:
		base = v.base
	case v.base != "" && base != v.base:
		return fmt.Errorf("pool %s holds clones of base %s, not %s; drain it first (pool name=%s size=0) to make it anew from %s",
			name, v.base, base, name, base)
	}
	res.set("BASE", base)
	res.set("SIZE", strconv.Itoa(size))
	spec := poolSpec{pool: name, size: size, sized: newStamp()}
	if size > 0 {
		if spec.base, err = e.base(ctx, base); err != nil {
			return err
		}
	}
	if v, err = e.stampSize(ctx, v, size, spec.sized); err != nil {
		return err
	}

	var dead []*lxdapi.Instance
	for _, m := range v.members {
		if e.state(m) == stateDead {
			dead = append(dead, m)
		}
	}
	removed, err := e.removeMembers(ctx, name, dead, stateDead)
	if err != nil {
		return err
	}
	n, err := e.finishRemovals(ctx, v)
	removed += n
	if err != nil {
		return err
	}
	var failures []string
	madeCount := 0
	if missing := size - e.free(v); missing > 0 {
		targets, err := e.poolTargets(ctx, name, missing)
		if err != nil {
			return err
		}
		for _, m := range e.makeMembers(ctx, spec, targets, "") {
			switch {
			case m.err == nil:
				madeCount++
			case !errors.Is(m.err, errClaimedMeanwhile):
				failures = append(failures, m.name+": "+m.err.Error())
			}
		}
	}
	n, err = e.settle(ctx, name)
	removed += n
	if err != nil {
		return err
	}
	if err := e.pruneClaims(ctx, name); err != nil {
		return err
	}
	if v, err = e.readPool(ctx, name); err != nil {
		return err
	}
	c := e.count(v)
	res.set("READY", strconv.Itoa(c[stateReady]))
	res.set("TAKEN", strconv.Itoa(c[stateTaken]))
	res.set("STARTING", strconv.Itoa(c[stateStarting]))
	res.set("MADE", strconv.Itoa(madeCount))
	res.set("REMOVED", strconv.Itoa(removed))
	if len(failures) > 0 {
		return fmt.Errorf("pool %s: %d of %d new member(s) failed: %s", name, len(failures), len(failures)+madeCount,
			strings.Join(failures, "; "))
	}
	res.output = fmt.Sprintf("pool %s: %d ready of size %d (made %d, removed %d, %d taken)",
		name, c[stateReady], size, madeCount, removed, c[stateTaken])
	return nil
}

// stampSize writes size and its stamp onto every member whose stamp is
// older (free and taken ones alike, so the size is known while any member
// is left), and reads the pool again. Each write is conditional; one that
// lost to another change of the member is read and tried again.
func (e *view) stampSize(ctx context.Context, v *poolView, size int, sized string) (*poolView, error) {
	var stale []*lxdapi.Instance
	for _, m := range v.members {
		if m.Config[keyPoolSized] < sized && e.state(m) != stateRemoving {
			stale = append(stale, m)
		}
	}
	errs := inParallel(ctx, len(stale), func(i int) error {
		if err := e.stampOne(ctx, stale[i], size, sized); err != nil {
			return fmt.Errorf("recording the size on %s: %w", stale[i].Name, err)
		}
		return nil
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return e.readPool(ctx, v.name)
}

func (e *view) stampOne(ctx context.Context, inst *lxdapi.Instance, size int, sized string) error {
	for attempt := 0; attempt < claimAttempts; attempt++ {
		if inst.Config[keyPoolSized] >= sized || e.state(inst) == stateRemoving {
			return nil
		}
		patch := map[string]any{"config": map[string]string{keyPoolSize: strconv.Itoa(size), keyPoolSized: sized},
			"description": inst.Description}
		err := e.lxd().PatchInstanceIf(ctx, inst.Name, patch, inst.ETag)
		if err == nil || lxdapi.IsNotFound(err) {
			return nil
		}
		if !lxdapi.IsLostUpdate(err) {
			return err
		}
		if inst, err = e.lxd().GetInstance(ctx, inst.Name); err != nil {
			if lxdapi.IsNotFound(err) {
				return nil
			}
			return err
		}
	}
	return fmt.Errorf("it kept changing under %d attempts", claimAttempts)
}

// acquire hands out ready members of a pool: acquire pool=P [count=K].
//
// The ready members found are claimed together, each by an atomic create
// of its claim (all at once), so of processes acquiring at the same moment
// each gets different members, never one member twice. Members are read in random
// order, so concurrent acquirers seldom want the same. A member that is not
// running, or was restarted since it answered, is never handed out: it is
// removed and replaced. When fewer ready members are free than asked
// for, the rest are made on the spot (WARM 0), already claimed. Then the
// pool refills in the background, as many as were taken plus the dead
// ones removed; Close (the end of the script) waits for that.
//
// RESULT fields without count= (or count=1): NAME and CONTAINER (the
// member), POOL, BASE, LOCATION (its cluster member), STATUS ("Running"),
// WARM (1 when it was ready in the pool, 0 when made on the spot) and
// REFILLING (members the pool is making to refill). With count=K>1 the
// list result: RESULT.i.NAME, .SUCCESS, .ERROR, .STATUS, .ELAPSEDMS,
// .BASE, .LOCATION, .WARM per member, and COUNT, SUCCEEDED, POOL, WARM
// (how many were warm) and REFILLING.
func (e *view) acquire(ctx context.Context, args cmdArgs, res *result) error {
	pool := args["pool"]
	res.set("POOL", pool)
	if err := checkPoolName("pool", pool); err != nil {
		return err
	}
	count := args.number("count", 1)
	list := count > 1
	start := time.Now()
	v, got, dead, err := e.scanAndClaim(ctx, pool, count)
	if err != nil && len(got) == 0 {
		return err
	}
	if len(v.members) == 0 {
		return fmt.Errorf("no pool %s; make it with pool name=%s base=BASE size=N", pool, pool)
	}
	if len(got) == 0 && v.size == 0 {
		return fmt.Errorf("pool %s is drained (size 0); make it again with pool name=%s size=N", pool, pool)
	}
	warmTime := time.Since(start)
	spec := poolSpec{pool: pool, size: v.size, sized: v.sized}

	var members []member
	for _, inst := range got {
		r := &result{operation: "acquire", success: true, elapsed: warmTime}
		r.set("STATUS", "Running")
		r.set("BASE", v.base)
		r.set("LOCATION", memberName(inst.Location))
		r.set("WARM", "1")
		members = append(members, member{name: inst.Name, res: r})
	}
	if missing := count - len(got); missing > 0 {
		// Too few ready: make the rest now, claimed from the start.
		if spec.base, err = e.base(ctx, v.base); err != nil {
			return e.acquireFailed(err, got)
		}
		targets, err := e.poolTargets(ctx, pool, missing)
		if err != nil {
			return e.acquireFailed(err, got)
		}
		for _, m := range e.makeMembers(ctx, spec, targets, claimValue(takenAcquired)) {
			r := &result{operation: "acquire", elapsed: warmTime + m.elapsed}
			r.set("STATUS", "Running")
			r.set("BASE", v.base)
			r.set("LOCATION", m.location)
			r.set("WARM", "0")
			rc := 0
			if m.err != nil {
				rc = failed("acquire", m.err, r)
				r.set("STATUS", "")
			} else {
				r.success = true
			}
			members = append(members, member{name: m.name, rc: rc, res: r})
		}
	}
	refilling := len(got) + len(dead)
	e.refillFor(v, spec, len(got), dead)

	res.set("BASE", v.base)
	res.set("REFILLING", strconv.Itoa(refilling))
	if !list {
		m := members[0]
		res.set("NAME", m.name)
		res.set("CONTAINER", m.name)
		for _, f := range m.res.fields {
			res.set(f.tail, f.value)
		}
		if m.rc != 0 || !m.res.success {
			return errors.New(m.res.why())
		}
		res.output = fmt.Sprintf("acquired %s from pool %s", m.name, pool)
		if m.res.get("WARM") == "0" {
			res.output = fmt.Sprintf("acquired %s, made for pool %s (no ready member was free)", m.name, pool)
		}
		return nil
	}
	res.set("WARM", strconv.Itoa(len(got)))
	if rc := e.fleetResult("acquire", members, res); rc != 0 {
		res.err = ""
		return errors.New(res.why())
	}
	res.output = fmt.Sprintf("acquired %d member(s) of pool %s (%d warm)", len(members), pool, len(got))
	return nil
}

// acquireFailed is the error of an acquire that could not make the
// members it lacked; those it had claimed already are named, so the
// script can release them.
func (e *view) acquireFailed(err error, got []*lxdapi.Instance) error {
	if len(got) == 0 {
		return err
	}
	names := make([]string, len(got))
	for i, m := range got {
		names[i] = m.Name
	}
	return fmt.Errorf("%w (already claimed, release them: %s)", err, strings.Join(names, " "))
}

// refillRounds is how often a refill makes a member that failed.
const refillRounds = 2

// refillFor starts the background refill of an acquire: taken members
// and the dead ones found are replaced from the pool's base.
func (e *view) refillFor(v *poolView, spec poolSpec, taken int, dead []*lxdapi.Instance) {
	if taken == 0 && len(dead) == 0 {
		return
	}
	e = e.quiet() // it outlives the command: no progress on the caller's streams
	e.refills.start(func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
		defer cancel()
		fail := func(err error) { e.refills.fail(fmt.Errorf("refilling pool %s: %w", spec.pool, err)) }
		removed, err := e.removeMembers(ctx, spec.pool, dead, stateDead)
		if err != nil {
			fail(err)
		}
		n := taken + removed
		if n == 0 {
			return
		}
		base, err := e.base(ctx, v.base)
		if err != nil {
			fail(err)
			return
		}
		spec.base = base
		targets, err := e.poolTargets(ctx, spec.pool, n)
		if err != nil {
			fail(err)
			return
		}
		// A member that fails (a start LXD refused on a busy host) is
		// made once more, so one hiccup does not leave the pool short.
		for round := 0; round < refillRounds && len(targets) > 0; round++ {
			var again []string
			for i, m := range e.makeMembers(ctx, spec, targets, "") {
				if m.err != nil && !errors.Is(m.err, errClaimedMeanwhile) {
					fail(fmt.Errorf("%s: %w", m.name, m.err))
					again = append(again, targets[i])
				}
			}
			targets = again
		}
		if _, err := e.settle(ctx, spec.pool); err != nil {
			fail(err)
		}
		if err := e.pruneClaims(ctx, spec.pool); err != nil {
			fail(err)
		}
	})
}

// listWithin is how many instances per member wanted the daemon may hold
// for acquire to read them all in one list rather than one GET each.
const listWithin = 3

// claimRounds bounds scanAndClaim's rounds of finding and claiming: each
// reads names not tried before, so they run out first on any pool of
// reasonable size.
const claimRounds = 24

// scanAndClaim finds up to count ready members of pool and claims them
// (see claimMembers). It reads the pool's claims and the member names,
// and skips the members claimed; the rest are read (from one list of all
// instances when the daemon holds few, see listWithin, else by GET) in
// random order, count at a time (a worker per member wanted, each reading
// until it finds a ready one), so acquire count=1 reads one member, not
// the pool. The ready ones found are claimed together; members lost to
// another process are replaced by reading on. It returns what it read (as
// a view: the pool's size and base as far as its members tell), the
// members won, and the dead ones seen.
func (e *view) scanAndClaim(ctx context.Context, pool string, count int) (*poolView, []*lxdapi.Instance, []*lxdapi.Instance, error) {
	v := &poolView{name: pool}
	// The claims and the names are read at once; they only choose the
	// candidates: a claim made meanwhile is met when ours is refused.
	var (
		l      *claimView
		lerr   error
		ledged = make(chan struct{})
	)
	go func() {
		defer close(ledged)
		l, lerr = e.claimedNames(ctx, pool)
	}()
	all, err := e.lxd().ListInstanceNames(ctx)
	<-ledged
	if err = errors.Join(err, lerr); err != nil {
		return v, nil, nil, err
	}
	v.claims = l
	re := memberPattern(pool)
	var names []string
	for _, n := range all {
		if re.MatchString(n) {
			names = append(names, n)
		}
	}
	rand.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	// With few instances on the daemon, one list of them all is cheaper
	// than count GETs (measured with 8 members among ~10 instances: the
	// list 10 ms, 8 GETs at once 22 ms); with many, the list costs more
	// for instances that do not matter.
	listed := map[string]*lxdapi.Instance{}
	if count > 1 && len(all) <= listWithin*count {
		list, err := e.lxd().ListInstances(ctx)
		if err != nil {
			return v, nil, nil, err
		}
		for i := range list {
			listed[list[i].Name] = &list[i]
		}
	}
	var (
		mu        sync.Mutex
		next      int
		got, dead []*lxdapi.Instance
		errs      []error
	)
	pop := func() string {
		mu.Lock()
		defer mu.Unlock()
		for next < len(names) {
			next++
			// Claimed: read only when the view needs it
			// (below), not as a candidate.
			if n := names[next-1]; l.claimed(n) == "" {
				return n
			}
		}
		return ""
	}
	// find reads members until it has want ready ones (or none are left).
	find := func(want int) []*lxdapi.Instance {
		var (
			found []*lxdapi.Instance
			wg    sync.WaitGroup
		)
		for w := 0; w < want; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for name := pop(); name != "" && ctx.Err() == nil; name = pop() {
					inst, err := listed[name], error(nil)
					if inst == nil {
						inst, err = e.lxd().GetInstance(ctx, name)
					}
					if lxdapi.IsNotFound(err) {
						continue
					}
					mu.Lock()
					if err != nil {
						errs = append(errs, err)
						mu.Unlock()
						continue
					}
					if inst.Config[keyPool] != pool {
						mu.Unlock()
						continue
					}
					l.overlay(inst)
					v.add(inst)
					st := e.state(inst)
					if st == stateDead {
						dead = append(dead, inst)
					}
					if st == stateReady {
						found = append(found, inst)
					}
					mu.Unlock()
					if st == stateReady {
						return
					}
				}
			}()
		}
		wg.Wait()
		return found
	}
	// Members lost to another claimer are replaced by reading on; each
	// round reads names not tried before, so it ends when they run out.
	for round := 0; len(got) < count && round < claimRounds; round++ {
		found := find(count - len(got))
		if len(found) == 0 {
			break
		}
		won, err := e.claimMembers(ctx, pool, l, found, stateReady, takenAcquired)
		got = append(got, won...)
		if err != nil {
			errs = append(errs, err)
			break
		}
	}
	// The members claimed count in the view (its
	// size, base and TAKEN) without being read: a pool all taken still
	// knows its base from them, read here only when nothing else told.
	if v.base == "" {
		for _, n := range names {
			if l.claimed(n) == "" {
				continue
			}
			if inst, err := e.lxd().GetInstance(ctx, n); err == nil && inst.Config[keyPool] == pool {
				l.overlay(inst)
				v.add(inst)
				break
			}
		}
	}
	return v, got, dead, errors.Join(errs...)
}

// release deletes a member that acquire handed out: release name=X. The
// pool replaced it when it was acquired, so nothing is made here. A free
// member, or an instance of no pool, is refused: delete it, or shrink the
// pool.
//
// RESULT fields: CONTAINER and NAME (the member), POOL, STATUS ("Deleted").
func (e *view) release(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	res.set("NAME", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	inst, err := e.lxd().GetInstance(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	pool := inst.Config[keyPool]
	res.set("POOL", pool)
	if pool != "" {
		l, err := e.readClaims(ctx, pool)
		if err != nil {
			return err
		}
		l.overlay(inst)
	}
	switch st := e.state(inst); {
	case pool == "":
		return fmt.Errorf("%s is no member of a pool; delete it with delete name=%s", name, name)
	case st == stateRemoving:
		return fmt.Errorf("%s of pool %s is being removed already (%s)", name, pool, inst.Config[keyPoolTaken])
	case st != stateTaken:
		return fmt.Errorf("%s is a free member of pool %s, not acquired; acquire it first, or shrink the pool with pool name=%s size=N",
			name, pool, pool)
	}
	if err := e.forceDelete(ctx, name); err != nil {
		return notFound(name, err)
	}
	// The claim goes with the member; the stale claims of a drained
	// pool go with its last member.
	if err := e.dropClaims(ctx, pool, []string{name}); err != nil {
		return fmt.Errorf("released %s, but %w", name, err)
	}
	if inst.Config[keyPoolSize] == "0" {
		if err := e.pruneClaims(ctx, pool); err != nil {
			return fmt.Errorf("released %s, but %w", name, err)
		}
	}
	res.set("STATUS", "Deleted")
	res.output = fmt.Sprintf("released %s of pool %s", name, pool)
	return nil
}
