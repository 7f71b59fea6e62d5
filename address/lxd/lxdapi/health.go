package lxdapi

import (
	"context"
	"net/url"
)

// CheckRootFS lists the root directory of instance name through the files
// API (GET /1.0/instances/{name}/files?path=/), which works on stopped
// containers too. It fails when the instance's storage is missing or
// unreadable, as after a daemon was killed while making the instance (on
// LXD 5.0's btrfs driver: an empty folder where the subvolume should
// be), and returns the number of entries otherwise.
func (c *Client) CheckRootFS(ctx context.Context, name string) (int, error) {
	var entries []string
	if _, err := c.get(ctx, instancePath(name)+"/files", url.Values{"path": {"/"}}, &entries); err != nil {
		return 0, err
	}
	return len(entries), nil
}
