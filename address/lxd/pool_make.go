package lxd

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// poolSpec is what making members of a pool needs: its name, its base
// (read and checked by Env.base) and the size stamp new members carry.
type poolSpec struct {
	pool  string
	base  *lxdapi.Instance
	size  int
	sized string
}

// made is the outcome of making one member.
type made struct {
	name     string
	location string
	err      error
	elapsed  time.Duration
}

// nameAttempts is how often making a member tries another name when its
// name is taken (another process's member, which is never touched).
const nameAttempts = 3

// makeMembers makes n members of a pool, each clone → start → ready →
// marked ready as soon as its previous step is done (the pipeline of
// count= fleets), with at most defaultParallel LXD operations in flight.
// targets[i] places the i-th on a cluster member ("" lets LXD choose).
// With taken set, the members are claimed by it from the start (acquire
// makes them so when the pool has too few ready): nobody else can take
// them. A member that fails is deleted again; the others are kept.
func (e *view) makeMembers(ctx context.Context, spec poolSpec, targets []string, taken string) []made {
	out := make([]made, len(targets))
	sl := make(slots, defaultParallel)
	step := func(f func() error) error {
		if err := sl.acquire(ctx); err != nil {
			return err
		}
		defer sl.release()
		return f()
	}
	var wg sync.WaitGroup
	for i, target := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			out[i] = e.makeMember(ctx, spec, target, taken, step)
			out[i].elapsed = time.Since(start)
		}()
	}
	wg.Wait()
	return out
}

// makeMember makes one member; step runs each LXD step in a slot.
func (e *view) makeMember(ctx context.Context, spec poolSpec, target, taken string, step func(func() error) error) made {
	extra := map[string]string{
		keyCloneOf:   spec.base.Name,
		keyPool:      spec.pool,
		keyPoolSize:  strconv.Itoa(spec.size),
		keyPoolSized: spec.sized,
	}
	if taken != "" {
		extra[keyPoolTaken] = taken
	}
	var m made
	for attempt := 1; ; attempt++ {
		m.name = newMemberName(spec.pool)
		err := step(func() error {
			var err error
			m.location, err = e.copyInstanceAt(ctx, spec.base, m.name, true, extra, "", target)
			return err
		})
		if err == nil {
			break
		}
		if !lxdapi.IsConflict(err) || attempt == nameAttempts {
			m.err = err
			return m
		}
	}
	m.location = memberName(m.location)
	// Each step's failure, a slot not granted included (the refill
	// was cut short), deletes the member again: none is left half made.
	err := step(func() error {
		op, err := e.lxd().StartInstance(ctx, m.name)
		if err != nil {
			return err
		}
		err = op.Wait(ctx)
		if ctx.Err() != nil {
			// Cut short (Close): see the start through before the
			// member is deleted, or the delete would fail on the busy
			// instance and leave it running.
			wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
			defer cancel()
			_ = op.Wait(wctx)
			return ctx.Err()
		}
		return err
	})
	if err == nil {
		if err = step(func() error { return e.waitReady(ctx, m.name, defaultWaitTimeout) }); err == nil {
			err = step(func() error { return e.markReady(ctx, m.name, taken) })
		}
	}
	switch {
	case err == nil:
	case errors.Is(err, errClaimedMeanwhile):
		m.err = err // the claimer deletes it
	default:
		m.err = e.unmake(ctx, m.name, err)
	}
	return m
}

// unmake deletes a member that could not be made ready (cause says why),
// asking again while LXD says it is busy with another operation on it.
func (e *view) unmake(ctx context.Context, name string, cause error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	for {
		err := e.forceDelete(ctx, name)
		if err == nil || lxdapi.IsNotFound(err) {
			return fmt.Errorf("made %s but could not make it ready, so deleted it again: %w", name, cause)
		}
		if !isBusy(err) || ctx.Err() != nil {
			return fmt.Errorf("made %s but could not make it ready: %w; deleting it again failed too: %v", name, cause, err)
		}
		time.Sleep(busyRetry)
	}
}

// errClaimedMeanwhile is a member that another process claimed (to drain
// it) while it was being made: not a failure of the pool.
var errClaimedMeanwhile = errors.New("claimed by another process while it was being made")

// markReady records that name answered in its current boot. A free
// member that another process claimed meanwhile (a drain) is left to that
// process. For one made for taken, the claim must
// still be taken's. The write is conditional, so it never undoes a change
// that another process made meanwhile.
func (e *view) markReady(ctx context.Context, name, taken string) error {
	pool := ""
	for attempt := 0; attempt < claimAttempts; attempt++ {
		inst, err := e.lxd().GetInstance(ctx, name)
		if lxdapi.IsNotFound(err) && pool != "" {
			// Deleted: by a drain that claimed it?
			if l, lerr := e.readClaims(ctx, pool); lerr == nil && l.claimed(name) != "" {
				return errClaimedMeanwhile
			}
		}
		if err != nil {
			return err
		}
		pool = inst.Config[keyPool]
		if taken == "" {
			l, err := e.readClaims(ctx, pool)
			if err != nil {
				return err
			}
			l.overlay(inst)
		}
		if inst.Config[keyPoolTaken] != taken {
			return errClaimedMeanwhile
		}
		patch := map[string]any{"config": map[string]string{keyPoolReady: bootStamp(inst)}, "description": inst.Description}
		err = e.lxd().PatchInstanceIf(ctx, name, patch, inst.ETag)
		if !lxdapi.IsLostUpdate(err) {
			return err
		}
	}
	return fmt.Errorf("marking %s ready: it kept changing under %d attempts", name, claimAttempts)
}

// claimAttempts bounds the re-reads of one member whose conditional
// update lost to another change of it (a resize stamping it, say).
const claimAttempts = 4

// removeMembers claims those of victims (members of pool) that are still
// in state want for removal, and deletes the ones it won, then their
// claims; it returns how many it deleted. Members another process claimed
// first are that process's business.
func (e *view) removeMembers(ctx context.Context, pool string, victims []*lxdapi.Instance, want memberState) (int, error) {
	if len(victims) == 0 {
		return 0, nil
	}
	// The victims' states are as their reader saw them; a claim made
	// since is met by the create, which then fails.
	won, err := e.claimMembers(ctx, pool, nil, victims, want, takenRemoving)
	if err != nil && len(won) == 0 {
		return 0, err
	}
	n, derr := e.deleteClaimed(ctx, pool, instNames(won))
	return n, errors.Join(err, derr)
}

// deleteClaimed deletes the members names, which this process holds
// claimed for removal, then the claims of those it deleted; a member
// already gone counts as deleted. It returns how many it deleted. A
// member that could not be deleted keeps its claim, until
// finishRemovals finds it stale.
func (e *view) deleteClaimed(ctx context.Context, pool string, names []string) (int, error) {
	errs := inParallel(ctx, len(names), func(i int) error {
		if err := e.forceDelete(ctx, names[i]); err != nil && !lxdapi.IsNotFound(err) {
			return fmt.Errorf("removing %s: %w", names[i], err)
		}
		return nil
	})
	var removed []string
	for i, err := range errs {
		if err == nil {
			removed = append(removed, names[i])
		}
	}
	if err := e.dropClaims(ctx, pool, removed); err != nil {
		errs = append(errs, err)
	}
	return len(removed), errors.Join(errs...)
}

// finishRemovals deletes the members of v whose removal claim is older
// than a member may take to be made (stuckAfter): their remover was
// killed, or failed, between the claim and the delete, and without this
// the member would stay claimed, and running, for ever. Nobody else may
// claim such a member, and a second delete of it (its remover woke up
// after all) finds it gone, so the stale claim is enough to act on.
func (e *view) finishRemovals(ctx context.Context, v *poolView) (int, error) {
	var stale []string
	for _, m := range v.members {
		if e.state(m) != stateRemoving {
			continue
		}
		if at, ok := claimTime(m.Config[keyPoolTaken]); ok && time.Since(at) > e.stuckAfter() {
			stale = append(stale, m.Name)
		}
	}
	if len(stale) == 0 {
		return 0, nil
	}
	return e.deleteClaimed(ctx, v.name, stale)
}

// settleAttempts bounds settle's rounds.
const settleAttempts = 5

// settle removes free members beyond the pool's size, which appear when
// two processes fill one pool at once (two resizes, or a resize and a
// refill): every process that made members calls it once it is done.
// Ready members go first, newest first: members still being made may be
// another process's work in progress. Each victim is claimed before it is
// deleted, so two settles never both delete one, and a member claimed by
// acquire meanwhile is left alone; after a lost claim it looks again.
func (e *view) settle(ctx context.Context, pool string) (int, error) {
	total := 0
	for round := 0; round < settleAttempts; round++ {
		v, err := e.readPool(ctx, pool)
		if err != nil {
			return total, err
		}
		excess := e.free(v) - v.size
		if excess <= 0 {
			return total, nil
		}
		var ready, starting []*lxdapi.Instance
		for _, m := range v.members {
			switch e.state(m) {
			case stateReady:
				ready = append(ready, m)
			case stateStarting:
				starting = append(starting, m)
			}
		}
		newest := func(l []*lxdapi.Instance) {
			sort.Slice(l, func(i, j int) bool { return l[i].CreatedAt.After(l[j].CreatedAt) })
		}
		newest(ready)
		newest(starting)
		victims := append(ready, starting...)[:excess]
		n, err := e.removeMembers(ctx, pool, victims[:min(len(ready), excess)], stateReady)
		total += n
		if err != nil {
			return total, err
		}
		if len(victims) > len(ready) {
			n, err = e.removeMembers(ctx, pool, victims[len(ready):], stateStarting)
			total += n
			if err != nil {
				return total, err
			}
		}
	}
	return total, nil
}

// poolTargets places n new members of pool: "" each on a standalone
// server; on a cluster each goes to the online member with the fewest of
// the pool's members so far (counting the new ones), then the fewest
// instances, then by name. A pool is spread as fleets are (fleetTargets),
// but over its own members first: with other work already unevenly
// placed, a fleet's rule would put a small pool all on the idlest member,
// where one member going down would take the whole pool with it.
func (e *view) poolTargets(ctx context.Context, pool string, n int) ([]string, error) {
	targets := make([]string, n)
	clustered, err := e.clustered(ctx)
	if err != nil || !clustered {
		return targets, err
	}
	members, err := e.lxd().ListClusterMembers(ctx)
	if err != nil {
		return nil, err
	}
	own, load := map[string]int{}, map[string]int{}
	var online []string
	for _, m := range members {
		if m.Status == "Online" {
			online = append(online, m.ServerName)
			own[m.ServerName], load[m.ServerName] = 0, 0
		}
	}
	if len(online) == 0 {
		return nil, fmt.Errorf("no cluster member is online to place members of pool %s on", pool)
	}
	l, err := e.readClaims(ctx, pool)
	if err != nil {
		return nil, err
	}
	list, err := e.lxd().ListInstances(ctx)
	if err != nil {
		return nil, err
	}
	for _, inst := range list {
		if _, ok := load[inst.Location]; !ok {
			continue
		}
		load[inst.Location]++
		l.overlay(&inst)
		if inst.Config[keyPool] == pool && inst.Config[keyPoolTaken] == "" {
			own[inst.Location]++
		}
	}
	sort.Strings(online)
	for i := range targets {
		best := online[0]
		for _, m := range online[1:] {
			if own[m] < own[best] || own[m] == own[best] && load[m] < load[best] {
				best = m
			}
		}
		targets[i] = best
		own[best]++
		load[best]++
	}
	return targets, nil
}

// refillWait bounds how long Close waits for the refills this process
// started; refills still running then are cut short (and what they were
// making is deleted again). A variable only so that a test can cut
// refills short at once.
var refillWait = 2 * time.Minute

// refills tracks the background work of this process's pools, so Close
// can wait for it. The zero value is ready to use.
type refills struct {
	mu     sync.Mutex
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
	errs   []error // what went wrong, newest last (at most maxRefillErrors)
}

// maxRefillErrors bounds the failures a refills keeps.
const maxRefillErrors = 20

// fail records what went wrong in a refill: nobody waits for a refill's
// result, but tests (and a later look) can ask.
func (r *refills) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, err)
	if len(r.errs) > maxRefillErrors {
		r.errs = r.errs[len(r.errs)-maxRefillErrors:]
	}
}

// failures returns the failures recorded so far.
func (r *refills) failures() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]error(nil), r.errs...)
}

// start runs f in the background, under a context that wait cancels when
// its bound runs out.
func (r *refills) start(f func(ctx context.Context)) {
	r.mu.Lock()
	if r.ctx == nil {
		r.ctx, r.cancel = context.WithCancel(context.Background())
	}
	ctx := r.ctx
	r.wg.Add(1)
	r.mu.Unlock()
	go func() {
		defer r.wg.Done()
		f(ctx)
	}()
}

// wait returns once every refill started so far is done, or after limit;
// then the rest are cancelled and waited for while they undo what they
// had half made (bounded by cleanupTimeout).
func (r *refills) wait(limit time.Duration) {
	done := make(chan struct{})
	go func() {
		r.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return
	case <-time.After(limit):
	}
	r.mu.Lock()
	if r.cancel != nil {
		r.cancel()
		r.ctx, r.cancel = nil, nil
	}
	r.mu.Unlock()
	select {
	case <-done:
	case <-time.After(cleanupTimeout):
	}
}
