package lxd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// A member of a pool is claimed by creating an LXD profile named after
// it: rexxlxd-claim-MEMBER (rexxlxd-claim-PROJECT.MEMBER outside the
// default project), whose description says who holds the member and why
// ("acquired by HOST:PID at TIME", or "removing by ..." while it is being
// deleted). A profile's name is unique in LXD's database, so its create
// is atomic: of any number of processes creating one claim at once,
// exactly one succeeds and the others are refused ("already exists").
// That create is the whole decision of who won a member; nothing is read
// and then written back.
//
// Claims were once the keys of one ledger instance, written with a
// conditional PATCH (If-Match with the ETag of a GET). LXD 5.0.2 checks
// the ETag before it takes the instance's update lock, so two PATCHes
// that both read the old ledger could both be answered 200, the later
// overwriting the earlier's keys: seen as 2 of 8 winners on a busy host,
// which would hand one sandbox to two scripts. A profile costs no
// storage and its create and delete are one database write each. Seen on
// a busy 2-core host (load 13-18, medians): through the client a profile
// create 12 ms and a delete 16 ms, 8 creates at once 102 ms (LXD commits
// them one at a time), one instance PATCH 30 ms; by curl in one sitting a
// profile create/delete 25/38 ms, an image alias's 32/37 ms (and an alias
// needs an image to point at). See docs/performance.md for what acquire
// pays.
//
// Claims are also the shared view of who holds what: one list of the
// profiles shows the claims of a pool (acquire reads only their names),
// and acquire skips the members claimed without reading them. Every claim of an existing member
// goes through a claim profile: acquire's and the removal of a dead,
// surplus or drained one, so the two never both win one member. A member
// made for an acquire on the spot is taken from birth in its own config
// (keyPoolTaken): nobody else can see it free. Release and every removal
// delete the member first and its claim after; a claim whose member is
// gone (deleted by hand, or its remover killed in between) is stale:
// names are never reused, so it blocks nothing, and the next prune (a
// pool command, a refill, a release from a drained pool) deletes it. A
// process killed during a create leaves either a whole claim or none.
//
// A project with features.profiles=false keeps its profiles in the
// default project, and LXD makes its claims there: the project's name in
// the claim's name keeps them apart from the default project's own (an
// instance name has no ".").
const claimPrefix = "rexxlxd-claim-"

// claimName is the name of the profile that claims member.
func (e *view) claimName(member string) string { return claimNameIn(e.lxd(), member) }

func claimNameIn(c *lxdapi.Client, member string) string {
	if p := c.Project(); p != "default" {
		return claimPrefix + p + "." + member
	}
	return claimPrefix + member
}

// claimView is a pool's claims as one list of the profiles saw them.
type claimView struct {
	pool   string
	claims map[string]string // member name -> claim (the profile's description)
}

// claimed returns the claim on member name, or "".
func (l *claimView) claimed(name string) string {
	if l == nil {
		return ""
	}
	return l.claims[name]
}

// overlay writes the claim on inst into its config, where state() reads
// it; a member's own keyPoolTaken (one made taken) stays when it has no
// claim profile.
func (l *claimView) overlay(inst *lxdapi.Instance) {
	if c := l.claimed(inst.Name); c != "" {
		if inst.Config == nil {
			inst.Config = map[string]string{}
		}
		inst.Config[keyPoolTaken] = c
	}
}

// readClaims lists the claims on pool's members.
func (e *view) readClaims(ctx context.Context, pool string) (*claimView, error) {
	return readClaims(ctx, e.lxd(), pool)
}

func readClaims(ctx context.Context, c *lxdapi.Client, pool string) (*claimView, error) {
	list, err := c.ListProfiles(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the claims of pool %s: %w", pool, err)
	}
	l := &claimView{pool: pool, claims: map[string]string{}}
	member := claimedMember(c, pool)
	for _, p := range list {
		if name := member(p.Name); name != "" {
			l.claims[name] = p.Description
		}
	}
	return l, nil
}

// claimedNames lists which of pool's members are claimed, not why: from
// the profiles' names alone, which costs the daemon less than
// readClaims. Each claim reads as takenClaimed (a taken member).
func (e *view) claimedNames(ctx context.Context, pool string) (*claimView, error) {
	names, err := e.lxd().ListProfileNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the claims of pool %s: %w", pool, err)
	}
	l := &claimView{pool: pool, claims: map[string]string{}}
	member := claimedMember(e.lxd(), pool)
	for _, n := range names {
		if name := member(n); name != "" {
			l.claims[name] = takenClaimed
		}
	}
	return l, nil
}

// takenClaimed is the claim claimedNames reads: held, by whom unknown.
const takenClaimed = "claimed"

// claimedMember returns a function that returns the member of pool that
// a profile claims, or "".
func claimedMember(c *lxdapi.Client, pool string) func(profile string) string {
	prefix, re := claimNameIn(c, ""), memberPattern(pool)
	return func(profile string) string {
		name, ok := strings.CutPrefix(profile, prefix)
		if !ok || !re.MatchString(name) {
			return ""
		}
		return name
	}
}

// claimOne creates the claim on member with value; won is false when
// another process holds it.
func (e *view) claimOne(ctx context.Context, member, value string) (won bool, err error) {
	err = e.lxd().CreateProfile(ctx, lxdapi.ProfilesPost{Name: e.claimName(member), Description: value})
	switch {
	case err == nil:
		return true, nil
	case lxdapi.IsConflict(err):
		return false, nil
	}
	return false, fmt.Errorf("claiming %s: %w", member, err)
}

// claimMembers claims those of insts that are in state want (with the
// claims of l laid over them) for why, each with its own create (all at
// once), and returns the ones it won: of processes claiming at once, each
// member goes to one. Members another process holds are left out, and so
// are members found gone once claimed (deleted by a remover between our
// read of them and our claim): their claims are dropped again.
func (e *view) claimMembers(ctx context.Context, pool string, l *claimView, insts []*lxdapi.Instance, want memberState, why string) ([]*lxdapi.Instance, error) {
	var cands []*lxdapi.Instance
	for _, inst := range insts {
		l.overlay(inst)
		if e.state(inst) == want {
			cands = append(cands, inst)
		}
	}
	if len(cands) == 0 {
		return nil, nil
	}
	value := claimValue(why)
	wins := make([]bool, len(cands))
	errs := inParallel(ctx, len(cands), func(i int) (err error) {
		wins[i], err = e.claimOne(ctx, cands[i].Name, value)
		return err
	})
	var won []*lxdapi.Instance
	for i, inst := range cands {
		if wins[i] {
			won = append(won, inst)
		}
	}
	if len(won) == 0 {
		return nil, errors.Join(errs...)
	}
	// A member read before a remover deleted it and dropped its claim
	// can be claimed after: one list of names, read after every claim
	// above, tells. A member listed there was not deleted by anyone who
	// claims first (every remover here), as our claim stood all along.
	names, err := e.lxd().ListInstanceNames(ctx)
	if err != nil {
		errs = append(errs, err)
		return nil, errors.Join(append(errs, e.dropClaims(ctx, pool, instNames(won)))...)
	}
	alive := map[string]bool{}
	for _, n := range names {
		alive[n] = true
	}
	var live []*lxdapi.Instance
	var gone []string
	for _, inst := range won {
		if alive[inst.Name] {
			inst.Config[keyPoolTaken] = value
			if l != nil {
				l.claims[inst.Name] = value
			}
			live = append(live, inst)
		} else {
			gone = append(gone, inst.Name)
		}
	}
	errs = append(errs, e.dropClaims(ctx, pool, gone))
	return live, errors.Join(errs...)
}

func instNames(insts []*lxdapi.Instance) []string {
	out := make([]string, len(insts))
	for i, inst := range insts {
		out[i] = inst.Name
	}
	return out
}

// dropClaims deletes the claims on names (members deleted, or never to
// be handed out), all at once; a claim already gone is no error.
func (e *view) dropClaims(ctx context.Context, pool string, names []string) error {
	errs := inParallel(ctx, len(names), func(i int) error {
		err := e.lxd().DeleteProfile(ctx, e.claimName(names[i]))
		if err != nil && !lxdapi.IsNotFound(err) {
			return fmt.Errorf("dropping the claim on %s of pool %s: %w", names[i], pool, err)
		}
		return nil
	})
	return errors.Join(errs...)
}

// pruneClaims drops the claims of pool's members that are gone. The
// claims are read before the names are listed, so every claim seen was
// made for a member that existed before the list (claims are made only
// on members read): one missing from the list is deleted, not yet to be
// made. A pool drained of its last member so keeps no claim.
func (e *view) pruneClaims(ctx context.Context, pool string) error {
	l, err := e.readClaims(ctx, pool)
	if err != nil || len(l.claims) == 0 {
		return err
	}
	names, err := e.lxd().ListInstanceNames(ctx)
	if err != nil {
		return err
	}
	alive := map[string]bool{}
	for _, n := range names {
		alive[n] = true
	}
	var gone []string
	for n := range l.claims {
		if !alive[n] {
			gone = append(gone, n)
		}
	}
	return e.dropClaims(ctx, pool, gone)
}
