package lxd

import (
	"context"
	"fmt"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// checkProject makes sure the view's project exists. LXD answers a list
// of instances in a project that does not exist with an empty list, so a
// mistyped project= would look like a project with nothing in it; list
// and list_bases call this when their list is empty (the project's
// existence then costs one request), connect always.
func (e *view) checkProject(ctx context.Context) error {
	if e.lxd().Project() == "default" {
		return nil
	}
	_, err := e.lxd().GetProject(ctx)
	if lxdapi.IsNotFound(err) {
		return fmt.Errorf("project %s does not exist on remote %s (lxc project list shows the projects)", e.lxd().Project(), e.remoteLabel())
	}
	return err
}
