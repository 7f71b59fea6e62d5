package lxdapi

import (
	"context"
	"net/http"
	"net/url"
)

// StoragePool is a storage pool of the daemon.
type StoragePool struct {
	Name        string            `json:"name"`
	Driver      string            `json:"driver"` // "btrfs", "zfs", "dir", "lvm", ...
	Description string            `json:"description"`
	Config      map[string]string `json:"config"`
	UsedBy      []string          `json:"used_by"`
	Status      string            `json:"status"`
	Locations   []string          `json:"locations"`
}

// ListStoragePools returns all storage pools.
func (c *Client) ListStoragePools(ctx context.Context) ([]StoragePool, error) {
	var list []StoragePool
	_, err := c.get(ctx, "/1.0/storage-pools", url.Values{"recursion": {"1"}}, &list)
	return list, err
}

// GetStoragePool returns one storage pool; a missing one is a 404 *Error.
func (c *Client) GetStoragePool(ctx context.Context, name string) (*StoragePool, error) {
	p := &StoragePool{}
	if _, err := c.get(ctx, "/1.0/storage-pools/"+url.PathEscape(name), nil, p); err != nil {
		return nil, err
	}
	return p, nil
}

// StoragePoolResources is the space of a pool in bytes (GET
// /1.0/storage-pools/{name}/resources).
type StoragePoolResources struct {
	Space struct {
		Used  int64 `json:"used"`
		Total int64 `json:"total"`
	} `json:"space"`
	Inodes struct {
		Used  int64 `json:"used"`
		Total int64 `json:"total"`
	} `json:"inodes"`
}

// GetStoragePoolResources returns how much of a pool is used.
func (c *Client) GetStoragePoolResources(ctx context.Context, name string) (*StoragePoolResources, error) {
	r := &StoragePoolResources{}
	if _, err := c.get(ctx, "/1.0/storage-pools/"+url.PathEscape(name)+"/resources", nil, r); err != nil {
		return nil, err
	}
	return r, nil
}

// CreateStoragePool creates a pool with a driver ("dir", "btrfs", ...) and
// its config (e.g. "source" for dir, "size" for a loop file).
func (c *Client) CreateStoragePool(ctx context.Context, name, driver string, config map[string]string) error {
	return c.maybeAsync(ctx, request{method: http.MethodPost, path: "/1.0/storage-pools",
		body: map[string]any{"name": name, "driver": driver, "config": config}})
}

// DeleteStoragePool deletes an unused pool.
func (c *Client) DeleteStoragePool(ctx context.Context, name string) error {
	return c.maybeAsync(ctx, request{method: http.MethodDelete, path: "/1.0/storage-pools/" + url.PathEscape(name)})
}
