package lxd

import (
	"context"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// An ephemeral instance is one LXD deletes itself when it stops: create,
// copy and clone_from_base take ephemeral=true, so a sandbox whose script
// died before its delete is gone at the next stop (or host reboot)
// instead of lingering. The default stays false: existing scripts stop
// and start their instances again.

// asSource returns inst as the source of a copy that is to be ephemeral
// or not: copyInstanceAt makes the copy ephemeral when its source says so
// (as lxc copy keeps the flag), so the caller decides by passing this
// shallow copy. inst itself is not changed.
func asSource(inst *lxdapi.Instance, ephemeral bool) *lxdapi.Instance {
	src := *inst
	src.Ephemeral = ephemeral
	return &src
}

// cloneSource is the registered base that clone_from_base copies, as its
// clones should see it: ephemeral= applied with asSource.
func (e *view) cloneSource(ctx context.Context, base string, args cmdArgs) (*lxdapi.Instance, error) {
	inst, err := e.base(ctx, base)
	if err != nil {
		return nil, err
	}
	return asSource(inst, args.flag("ephemeral")), nil
}
