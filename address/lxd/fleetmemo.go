package lxd

import (
	"context"
	"sync"
)

// The instances of one fleet command may share work that is the same for
// all of them, such as a push's host tree and its archive: read once,
// sent to every instance.

type fleetMemoKey struct{}

// fleetMemo holds the values computed once for one fleet command.
type fleetMemo struct {
	mu sync.Mutex
	m  map[string]*memoCell
}

type memoCell struct {
	once sync.Once
	v    any
	err  error
}

// withFleetMemo gives the members of one fleet command a place to share
// values (see fleetOnce).
func withFleetMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, fleetMemoKey{}, &fleetMemo{m: map[string]*memoCell{}})
}

// fleetOnce returns f's result, computed once per key for the fleet
// command ctx belongs to; outside a fleet it just calls f. A member that
// arrives while another computes waits for it.
func fleetOnce(ctx context.Context, key string, f func() (any, error)) (any, error) {
	fm, ok := ctx.Value(fleetMemoKey{}).(*fleetMemo)
	if !ok {
		return f()
	}
	fm.mu.Lock()
	c := fm.m[key]
	if c == nil {
		c = &memoCell{}
		fm.m[key] = c
	}
	fm.mu.Unlock()
	c.once.Do(func() { c.v, c.err = f() })
	return c.v, c.err
}
