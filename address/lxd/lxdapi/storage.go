package lxdapi

import (
	"context"
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
