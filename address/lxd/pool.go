package lxd

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// A warm pool is a set of clones of one base, started and ready before a
// script asks for them, so that acquire hands them out with one create of
// a claim instead of clone + start + readiness wait. Everything about a
// pool lives in LXD, in user.* keys on its members and in its claims
// (profiles named after the members they claim, see pool_claims.go), so a
// pool outlives the script that made it and is shared by every process
// that speaks to the daemon; no file on the host and no lock of our own is
// involved. A member's claim is a create of a uniquely named object, which
// LXD makes atomic: of several processes claiming at once, exactly one
// wins each member.
const (
	// keyPool names the pool an instance is a member of.
	keyPool = "user.rexxlxd.pool"
	// keyPoolSize is the pool's size, the number of free members it
	// keeps, as the newest pool command set it (see keyPoolSized).
	keyPoolSize = "user.rexxlxd.pool.size"
	// keyPoolSized stamps keyPoolSize: when and by whom it was set. Of
	// members that disagree (two resizes at once), the newest stamp wins.
	keyPoolSized = "user.rexxlxd.pool.sized"
	// keyPoolReady is the start time (LXD's last_used_at) of the boot in
	// which the member answered an execute. A member whose start time
	// differs was restarted since, and is not known to be ready.
	keyPoolReady = "user.rexxlxd.pool.ready"
	// keyPoolTaken says who holds a member and since when: "acquired by
	// HOST:PID at TIME" for one handed out by acquire, "removing by ..."
	// for one being drained or replaced. Claims are claim profiles;
	// only a member made for an acquire carries this key itself, from
	// birth. Reading a pool lays the claims over its members under this
	// key, so state() sees both alike.
	keyPoolTaken = "user.rexxlxd.pool.taken"
)

// Claim words at the start of keyPoolTaken.
const (
	takenAcquired = "acquired"
	takenRemoving = "removing"
)

// maxPoolName bounds a pool name so that member names (name-XXXXXXXX-N)
// stay within LXD's 63 characters.
const maxPoolName = 40

// maxPoolSize bounds size=, as maxCount bounds count=.
const maxPoolSize = maxCount

// stuckAfter is how long a member may stay unready before it counts as
// dead: its maker was killed (a refill cut short leaves none behind).
// Making one member is bounded by Config.Timeout; this is past it.
func (e *shared) stuckAfter() time.Duration { return e.cfg.Timeout + time.Minute }

// processID is 8 random hex digits, distinct for every process, which
// with a counter makes member names that no two processes choose alike.
var processID = sync.OnceValue(func() string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		return fmt.Sprintf("%08x", uint32(time.Now().UnixNano()))
	}
	return hex.EncodeToString(b)
})

var memberCounter atomic.Uint64

// newMemberName returns a fresh member name for pool: pool-XXXXXXXX-N,
// XXXXXXXX this process's random id and N its counter.
func newMemberName(pool string) string {
	return fmt.Sprintf("%s-%s-%d", pool, processID(), memberCounter.Add(1))
}

// memberPattern matches the names newMemberName makes for pool, and no
// name of another pool (pool "web" does not match web-x-1a2b3c4d-1).
func memberPattern(pool string) *regexp.Regexp {
	return regexp.MustCompile("^" + regexp.QuoteMeta(pool) + "-[0-9a-f]{8}-[0-9]+$")
}

// whoAmI says which process holds a claim: HOST:PID.
var whoAmI = sync.OnceValue(func() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return host + ":" + strconv.Itoa(os.Getpid())
})

// stampFormat writes times with a fixed width, so stamps compare as strings.
const stampFormat = "2006-01-02T15:04:05.000000000Z07:00"

// newStamp is a keyPoolSized value: now, and who.
func newStamp() string { return time.Now().UTC().Format(stampFormat) + " " + whoAmI() }

// claimValue is a keyPoolTaken value: why, who and when.
func claimValue(why string) string {
	return why + " by " + whoAmI() + " at " + time.Now().UTC().Format(time.RFC3339)
}

// claimTime returns when a claimValue was made; false when it says no
// time (a claim made by hand, say).
func claimTime(claim string) (time.Time, bool) {
	i := strings.LastIndex(claim, " at ")
	if i < 0 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, claim[i+len(" at "):])
	return t, err == nil
}

// bootStamp is the keyPoolReady value for the current boot of inst.
func bootStamp(inst *lxdapi.Instance) string { return inst.LastUsedAt.UTC().Format(time.RFC3339Nano) }

// checkPoolName applies the rules of instance names to a pool name, and
// the bound that keeps its members' names within LXD's.
func checkPoolName(key, name string) error {
	if err := checkInstanceName(key, name); err != nil {
		return usage(err)
	}
	if len(name) > maxPoolName {
		return &UsageError{Msg: fmt.Sprintf("%s=%s is %d characters long; a pool name may have at most %d, to leave room for its members' suffixes",
			key, name, len(name), maxPoolName)}
	}
	return nil
}

// memberState is what a member is good for, read from one GET or list.
type memberState int

const (
	stateReady    memberState = iota // free, running, answered in this boot
	stateStarting                    // free, being made, started or probed
	stateDead                        // free but stopped, broken, restarted, or stuck starting
	stateTaken                       // handed out by acquire
	stateRemoving                    // claimed to be deleted (drained or replaced)
)

// state classifies a pool member. A free member that once was ready
// counts as dead when it no longer runs or was restarted since it
// answered (its start time changed): it is replaced, never handed out.
func (e *shared) state(inst *lxdapi.Instance) memberState {
	taken := inst.Config[keyPoolTaken]
	switch {
	case strings.HasPrefix(taken, takenRemoving):
		return stateRemoving
	case taken != "":
		return stateTaken
	}
	ready, marked := inst.Config[keyPoolReady]
	switch {
	case marked && inst.StatusCode == lxdapi.StatusRunning && ready == bootStamp(inst):
		return stateReady
	case marked:
		return stateDead
	case time.Since(inst.CreatedAt) > e.stuckAfter():
		return stateDead
	}
	return stateStarting
}

// poolView is what the daemon holds of one pool at one moment.
type poolView struct {
	name    string
	base    string // the base its members are clones of
	size    int    // free members to keep, by the newest stamp
	sized   string // that stamp; "" when no member carries one
	members []*lxdapi.Instance
	claims  *claimView // its claims, laid over members
}

// add takes in a member and lets its size stamp compete with the others'.
func (v *poolView) add(inst *lxdapi.Instance) {
	v.members = append(v.members, inst)
	if s := inst.Config[keyPoolSized]; v.sized == "" || s > v.sized {
		n, err := strconv.Atoi(inst.Config[keyPoolSize])
		if err == nil {
			v.sized, v.size = s, n
			v.base = inst.Config[keyCloneOf]
		}
	}
	if v.base == "" {
		v.base = inst.Config[keyCloneOf]
	}
}

// count returns how many members are in each state.
func (e *view) count(v *poolView) map[memberState]int {
	n := map[memberState]int{}
	for _, m := range v.members {
		n[e.state(m)]++
	}
	return n
}

// free is the number of members that count toward the pool's size: ready
// or on their way to it.
func (e *view) free(v *poolView) int {
	n := e.count(v)
	return n[stateReady] + n[stateStarting]
}

// readPool reads the members of pool: the instance names that match its
// member names, each read with GET (concurrently) for its config, status
// and ETag. Names alone are one cheap database read, where a list with
// config of every instance on a busy daemon is not.
//
// The pool's claims are read first and laid over the members (see
// pool_claims.go).
func (e *view) readPool(ctx context.Context, pool string) (*poolView, error) {
	l, err := e.readClaims(ctx, pool)
	if err != nil {
		return nil, err
	}
	names, err := e.lxd().ListInstanceNames(ctx)
	if err != nil {
		return nil, err
	}
	re := memberPattern(pool)
	var mine []string
	for _, n := range names {
		if re.MatchString(n) {
			mine = append(mine, n)
		}
	}
	insts := make([]*lxdapi.Instance, len(mine))
	errs := inParallel(ctx, len(mine), func(i int) (err error) {
		insts[i], err = e.lxd().GetInstance(ctx, mine[i])
		return err
	})
	v := &poolView{name: pool, claims: l}
	for i, inst := range insts {
		switch {
		case lxdapi.IsNotFound(errs[i]):
			// Deleted since the names were read.
		case errs[i] != nil:
			return nil, errs[i]
		case inst.Config[keyPool] == pool:
			l.overlay(inst)
			v.add(inst)
		}
	}
	return v, nil
}

// pools lists the pools: pools.
//
// RESULT fields: COUNT and RESULT.0 (the number of pools); for each pool
// i, sorted by name: RESULT.i.NAME, .BASE, .SIZE (free members it keeps),
// .READY (free, running, answered), .TAKEN (handed out, not yet released),
// .STARTING (being made or started) and .DEAD (stopped, broken or stuck,
// to be replaced).
func (e *view) pools(ctx context.Context, _ cmdArgs, res *result) error {
	res.isList = true
	list, err := e.lxd().ListInstances(ctx)
	if err != nil {
		return err
	}
	byName := map[string]*poolView{}
	for i := range list {
		inst := &list[i]
		name := inst.Config[keyPool]
		if name == "" {
			continue
		}
		if byName[name] == nil {
			byName[name] = &poolView{name: name}
		}
		byName[name].add(inst)
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		v := byName[n]
		l, err := e.readClaims(ctx, n)
		if err != nil {
			return err
		}
		for _, m := range v.members {
			l.overlay(m)
		}
		c := e.count(v)
		res.addRow(
			field{"NAME", n},
			field{"BASE", v.base},
			field{"SIZE", strconv.Itoa(v.size)},
			field{"READY", strconv.Itoa(c[stateReady])},
			field{"TAKEN", strconv.Itoa(c[stateTaken])},
			field{"STARTING", strconv.Itoa(c[stateStarting])},
			field{"DEAD", strconv.Itoa(c[stateDead])},
		)
	}
	res.set("COUNT", strconv.Itoa(len(names)))
	res.output = fmt.Sprintf("%d pool(s)", len(names))
	return nil
}
