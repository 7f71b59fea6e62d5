package lxdapi

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Snapshot is a snapshot of an instance (GET
// /1.0/instances/{name}/snapshots/{snapshot}).
type Snapshot struct {
	Name      string            `json:"name"`
	CreatedAt time.Time         `json:"created_at"`
	ExpiresAt time.Time         `json:"expires_at"`
	Stateful  bool              `json:"stateful"`
	Config    map[string]string `json:"config"`
	Profiles  []string          `json:"profiles"`
}

func snapshotsPath(instance string) string { return instancePath(instance) + "/snapshots" }

func snapshotPath(instance, snapshot string) string {
	return snapshotsPath(instance) + "/" + url.PathEscape(snapshot)
}

// ListSnapshots returns the snapshots of an instance, oldest first as LXD
// lists them; a missing instance is a 404 *Error.
func (c *Client) ListSnapshots(ctx context.Context, instance string) ([]Snapshot, error) {
	var list []Snapshot
	_, err := c.get(ctx, snapshotsPath(instance), url.Values{"recursion": {"1"}}, &list)
	return list, err
}

// GetSnapshot returns one snapshot; a missing one is a 404 *Error.
func (c *Client) GetSnapshot(ctx context.Context, instance, snapshot string) (*Snapshot, error) {
	s := &Snapshot{}
	if _, err := c.get(ctx, snapshotPath(instance, snapshot), nil, s); err != nil {
		return nil, err
	}
	return s, nil
}

// CreateSnapshot starts a stateless snapshot of an instance (POST
// /1.0/instances/{name}/snapshots); an empty name lets LXD choose one by
// the instance's snapshots.pattern ("snap0", "snap1", ...). Wait for the
// returned operation.
func (c *Client) CreateSnapshot(ctx context.Context, instance, name string) (*Operation, error) {
	body := map[string]any{}
	if name != "" {
		body["name"] = name
	}
	return c.async(ctx, request{method: http.MethodPost, path: snapshotsPath(instance), body: body})
}

// RestoreSnapshot starts putting an instance back to a snapshot (PUT
// /1.0/instances/{name} with "restore"). Wait for the returned operation.
func (c *Client) RestoreSnapshot(ctx context.Context, instance, snapshot string) (*Operation, error) {
	return c.async(ctx, request{method: http.MethodPut, path: instancePath(instance),
		body: map[string]string{"restore": snapshot}})
}

// DeleteSnapshot starts deleting a snapshot. Wait for the returned
// operation.
func (c *Client) DeleteSnapshot(ctx context.Context, instance, snapshot string) (*Operation, error) {
	return c.async(ctx, request{method: http.MethodDelete, path: snapshotPath(instance, snapshot)})
}
