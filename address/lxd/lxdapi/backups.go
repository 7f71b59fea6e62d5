package lxdapi

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"time"
)

// BackupPost is the body of POST /1.0/instances/{name}/backups.
type BackupPost struct {
	Name string `json:"name"`
	// ExpiresAt makes LXD delete the backup by itself after that time,
	// should its maker not live to do it.
	ExpiresAt time.Time `json:"expires_at"`
	// InstanceOnly leaves the instance's snapshots out.
	InstanceOnly bool `json:"instance_only"`
	// OptimizedStorage stores the pool driver's own format (a btrfs or
	// ZFS stream), which only a pool of the same driver can import.
	OptimizedStorage bool `json:"optimized_storage"`
}

func backupPath(instance, name string) string {
	return instancePath(instance) + "/backups/" + url.PathEscape(name)
}

// CreateBackup starts making a backup of an instance on the server.
// Wait for the returned operation.
func (c *Client) CreateBackup(ctx context.Context, instance string, b BackupPost) (*Operation, error) {
	return c.async(ctx, request{method: http.MethodPost, path: instancePath(instance) + "/backups", body: b})
}

// ExportBackup opens a backup's tarball for reading (GET
// .../backups/{name}/export); size is -1 when LXD does not say. The
// caller closes the body.
func (c *Client) ExportBackup(ctx context.Context, instance, name string) (body io.ReadCloser, size int64, err error) {
	body, _, size, err = c.download(ctx, backupPath(instance, name)+"/export")
	return body, size, err
}

// DeleteBackup starts deleting a backup from the server. Wait for the
// returned operation.
func (c *Client) DeleteBackup(ctx context.Context, instance, name string) (*Operation, error) {
	return c.async(ctx, request{method: http.MethodDelete, path: backupPath(instance, name)})
}

// ImportBackup starts making an instance from a backup tarball (POST
// /1.0/instances with the tarball as the body). name, when not "",
// renames the instance the backup holds; pool, when not "", puts it on
// that storage pool instead of the backup's. Wait for the returned
// operation, whose Resources name the instance.
func (c *Client) ImportBackup(ctx context.Context, r io.Reader, size int64, name, pool string) (*Operation, error) {
	h := http.Header{}
	h.Set("Content-Type", "application/octet-stream")
	if name != "" {
		h.Set("X-LXD-name", name)
	}
	if pool != "" {
		h.Set("X-LXD-pool", pool)
	}
	return c.async(ctx, request{method: http.MethodPost, path: "/1.0/instances", reader: r, size: size, header: h})
}

// ListBackups returns the names of an instance's backups on the server.
func (c *Client) ListBackups(ctx context.Context, instance string) ([]string, error) {
	var list []struct {
		Name string `json:"name"`
	}
	if _, err := c.get(ctx, instancePath(instance)+"/backups", url.Values{"recursion": {"1"}}, &list); err != nil {
		return nil, err
	}
	names := make([]string, len(list))
	for i, b := range list {
		names[i] = b.Name
	}
	return names, nil
}
