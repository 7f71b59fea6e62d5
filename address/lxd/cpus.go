package lxd

import (
	"context"
	"errors"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// serverCPUs returns the online CPU ids of the server c talks to, read
// once per remote (GET /1.0/resources) and then kept: a server's CPUs do
// not change while a script runs, and a remote has other CPUs than the
// host rexxlxd runs on. (Keyed by the view's remote, not by c: views of
// one remote in several projects are distinct clients.) ok is false when the server would not say (an
// older or restricted server); the check is then left to LXD.
func (e *view) serverCPUs(ctx context.Context, c *lxdapi.Client) (ids []int, ok bool, err error) {
	e.mu.Lock()
	ids, ok = e.cpus[e.remoteLabel()]
	e.mu.Unlock()
	if ok {
		return ids, true, nil
	}
	r, err := c.GetResources(ctx)
	var le *lxdapi.Error
	if errors.As(err, &le) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	ids = r.OnlineCPUs()
	e.mu.Lock()
	if e.cpus == nil {
		e.cpus = map[string][]int{}
	}
	e.cpus[e.remoteLabel()] = ids
	e.mu.Unlock()
	return ids, true, nil
}

// checkCPUs refuses a limits.cpu value the server cannot honour.
func (e *view) checkCPUs(ctx context.Context, c *lxdapi.Client, cpus string) error {
	ids, ok, err := e.serverCPUs(ctx, c)
	if err != nil || !ok {
		return err
	}
	return usage(checkCPUsOn(cpus, ids))
}
