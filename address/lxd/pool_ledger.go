package lxd

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// A pool's claims live in its ledger: one empty, never started instance
// per pool (rexxlxd-ledger-P, made with source type "none") whose user.*
// config lists the members that are taken, one key per member. Claiming
// K members is one conditional PATCH of the ledger (If-Match with the
// ETag of its GET) instead of one PATCH per member: LXD 5.0 commits
// instance updates one at a time, ~12-25 ms each here, so acquire
// count=8 paid for eight commits where it now pays for one.
//
// Why an instance and not a profile: LXD 5.0.2 checks a profile's ETag
// outside its update, so of 8 PATCHes of one profile sent at once with
// the same ETag, several (all 8, in one try) were answered 200 and only
// the last one's keys were kept. An instance update takes the instance's
// operation lock, and of 8 at once exactly one wins (five tries of 8),
// the others failing with 412 or "matching non-reusable operation".
//
// Every claim of an existing member goes through the ledger: acquire's
// ("acquired by ...") and the removal of a dead, surplus or drained one
// ("removing by ..."), so the two never both win one member. A member
// made for an acquire on the spot is taken from birth in its own config
// (keyPoolTaken), as before: nobody else can see it free. Claims are
// not copied onto the members: such a write would take the member's
// operation lock just as the script that acquired it may stop or delete
// it, which LXD then refuses as busy.
//
// An entry whose member is gone is stale: names are never reused, so it
// blocks nothing, and it is dropped at the next prune.
const (
	// ledgerPrefix starts a ledger's name: rexxlxd-ledger-P is 15
	// characters plus at most maxPoolName.
	ledgerPrefix = "rexxlxd-ledger-"
	// keyLedgerOf marks an instance as the ledger of the pool it names.
	keyLedgerOf = "user.rexxlxd.ledger"
	// keyClaimPrefix starts a ledger key; the member's name follows.
	keyClaimPrefix = "user.rexxlxd.claim."
)

// ledgerName is the name of pool's ledger instance.
func ledgerName(pool string) string { return ledgerPrefix + pool }

// ledgerDescription is the description of pool's ledger, sent with each
// PATCH as the members' claims were, so that none clears it.
func ledgerDescription(pool string) string {
	return "claims of rexxlxd pool " + pool + " (never started; deleted when the pool is drained)"
}

// ledger is a pool's ledger as one GET saw it.
type ledger struct {
	pool   string
	etag   string
	claims map[string]string // member name -> claim value
}

// claimed returns the claim on member name, or "".
func (l *ledger) claimed(name string) string {
	if l == nil {
		return ""
	}
	return l.claims[name]
}

// overlay writes the ledger's claim on inst into its config, where
// state() reads it; a member's own keyPoolTaken (one made taken, or the
// mirror) stays when the ledger has none.
func (l *ledger) overlay(inst *lxdapi.Instance) {
	if c := l.claimed(inst.Name); c != "" {
		if inst.Config == nil {
			inst.Config = map[string]string{}
		}
		inst.Config[keyPoolTaken] = c
	}
}

// readLedger reads pool's ledger; nil (and no error) when it has none.
func (e *view) readLedger(ctx context.Context, pool string) (*ledger, error) {
	return readLedger(ctx, e.lxd(), pool)
}

func readLedger(ctx context.Context, c *lxdapi.Client, pool string) (*ledger, error) {
	inst, err := c.GetInstance(ctx, ledgerName(pool))
	if lxdapi.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the ledger of pool %s: %w", pool, err)
	}
	if inst.Config[keyLedgerOf] != pool {
		return nil, fmt.Errorf("instance %s is not the ledger of pool %s (its %s is %q); rename or delete it",
			inst.Name, pool, keyLedgerOf, inst.Config[keyLedgerOf])
	}
	l := &ledger{pool: pool, etag: inst.ETag, claims: map[string]string{}}
	for k, v := range inst.Config {
		if name, ok := strings.CutPrefix(k, keyClaimPrefix); ok && v != "" {
			l.claims[name] = v
		}
	}
	return l, nil
}

// ensureLedger returns pool's ledger, making it when there is none: an
// empty, stopped instance with profiles (the base's or a member's, for
// their root disk), which another process may make at the same moment.
func (e *view) ensureLedger(ctx context.Context, pool string, profiles []string) (*ledger, error) {
	if l, err := e.readLedger(ctx, pool); l != nil || err != nil {
		return l, err
	}
	err := waiter(ctx)(e.lxd().CreateInstance(ctx, lxdapi.InstancesPost{
		Name:        ledgerName(pool),
		Source:      lxdapi.InstanceSource{Type: "none"},
		Profiles:    profiles,
		Config:      map[string]string{keyLedgerOf: pool},
		Description: ledgerDescription(pool),
	}))
	if err != nil && !lxdapi.IsConflict(err) {
		return nil, fmt.Errorf("making the ledger of pool %s: %w", pool, err)
	}
	l, err := e.readLedger(ctx, pool)
	if err == nil && l == nil {
		err = fmt.Errorf("the ledger of pool %s was deleted as it was made (a drain at the same moment?)", pool)
	}
	return l, err
}

// ledgerAttempts bounds the rounds of one ledger update that keeps losing
// to others: each round some process wins, so this is more than the
// processes that may claim from one pool at the same moment.
const ledgerAttempts = 24

// updateLedger changes pool's ledger: change gets the ledger as read and
// returns the keys to set (member -> claim, "" drops the entry); nil or
// empty means nothing to do. The write is conditional on the ETag read;
// when another write won meanwhile, the ledger is read again and change
// asked again, so it always decides on the current claims. It returns the
// ledger it wrote over (the one change last saw), or nil when the pool
// has no ledger.
func (e *view) updateLedger(ctx context.Context, pool string, l *ledger, change func(*ledger) map[string]string) (*ledger, error) {
	var err error
	for attempt := 0; attempt < ledgerAttempts; attempt++ {
		if l == nil {
			if l, err = e.readLedger(ctx, pool); l == nil || err != nil {
				return nil, err
			}
		}
		set := change(l)
		if len(set) == 0 {
			return l, nil
		}
		config := make(map[string]string, len(set))
		for name, v := range set {
			config[keyClaimPrefix+name] = v
		}
		err = e.lxd().PatchInstanceIf(ctx, ledgerName(pool), map[string]any{"config": config, "description": ledgerDescription(pool)}, l.etag)
		if err == nil {
			return l, nil
		}
		if !lxdapi.IsLostUpdate(err) {
			return nil, fmt.Errorf("writing the ledger of pool %s: %w", pool, err)
		}
		l = nil
		// Let the winner's update through before reading again.
		time.Sleep(time.Duration(1+rand.IntN(4+2*attempt)) * time.Millisecond)
	}
	return nil, fmt.Errorf("writing the ledger of pool %s: it kept changing under %d attempts", pool, ledgerAttempts)
}

// claimMembers claims those of insts that are in state want (with the
// ledger's claims laid over them) for why, in one ledger write, and
// returns the ones it won: of processes claiming at once, each member
// goes to one. Members claimed meanwhile by others are left out.
func (e *view) claimMembers(ctx context.Context, pool string, l *ledger, insts []*lxdapi.Instance, want memberState, why string) ([]*lxdapi.Instance, *ledger, error) {
	if len(insts) == 0 {
		return nil, l, nil
	}
	var won []*lxdapi.Instance
	value := claimValue(why)
	l, err := e.updateLedger(ctx, pool, l, func(l *ledger) map[string]string {
		won = won[:0]
		set := map[string]string{}
		for _, inst := range insts {
			l.overlay(inst)
			if e.state(inst) == want {
				won = append(won, inst)
				set[inst.Name] = value
			}
		}
		return set
	})
	if err != nil {
		return nil, l, err
	}
	if l == nil {
		return nil, nil, fmt.Errorf("pool %s has no ledger to claim members in (drained meanwhile?)", pool)
	}
	for _, inst := range won {
		inst.Config[keyPoolTaken] = value
	}
	return won, l, nil
}

// dropClaims removes the entries of names (members deleted) from pool's
// ledger.
func (e *view) dropClaims(ctx context.Context, pool string, names []string) error {
	if len(names) == 0 {
		return nil
	}
	_, err := e.updateLedger(ctx, pool, nil, func(l *ledger) map[string]string {
		set := map[string]string{}
		for _, n := range names {
			if l.claims[n] != "" {
				set[n] = ""
			}
		}
		return set
	})
	return err
}

// pruneLedger drops the entries of members that are gone, and deletes
// the ledger of a pool that has no members left and size 0 (drained).
// The ledger is read before the names are listed, so every entry it holds
// was made for a member that existed before the list: one missing from
// the list is deleted, not yet to be made.
func (e *view) pruneLedger(ctx context.Context, pool string, drained bool) error {
	l, err := e.readLedger(ctx, pool)
	if l == nil || err != nil {
		return err
	}
	names, err := e.lxd().ListInstanceNames(ctx)
	if err != nil {
		return err
	}
	re := memberPattern(pool)
	alive := map[string]bool{}
	for _, n := range names {
		if re.MatchString(n) {
			alive[n] = true
		}
	}
	if drained && len(alive) == 0 {
		err := waiter(ctx)(e.lxd().DeleteInstance(ctx, ledgerName(pool)))
		if err != nil && !lxdapi.IsNotFound(err) {
			return fmt.Errorf("deleting the ledger of drained pool %s: %w", pool, err)
		}
		return nil
	}
	var gone []string
	for n := range l.claims {
		if !alive[n] {
			gone = append(gone, n)
		}
	}
	return e.dropClaims(ctx, pool, gone)
}
