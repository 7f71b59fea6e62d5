package lxdapi

import (
	"context"
	"net/http"
	"net/url"
)

// ClusterMember is one member of an LXD cluster, as GET
// /1.0/cluster/members/{name} describes it.
type ClusterMember struct {
	ServerName    string   `json:"server_name"`
	URL           string   `json:"url"` // e.g. "https://10.0.0.5:8443"
	Database      bool     `json:"database"`
	Status        string   `json:"status"` // "Online", "Offline", "Evacuated", "Blocked"
	Message       string   `json:"message"`
	Roles         []string `json:"roles"` // e.g. "database-leader", "database"
	Architecture  string   `json:"architecture"`
	FailureDomain string   `json:"failure_domain"`
	Description   string   `json:"description"`
	Groups        []string `json:"groups"`
}

// ListClusterMembers returns the members of the cluster the daemon belongs
// to (GET /1.0/cluster/members?recursion=1). A standalone daemon has none:
// it answers with an error, which callers should check for with
// Server.Environment.ServerClustered first.
func (c *Client) ListClusterMembers(ctx context.Context) ([]ClusterMember, error) {
	var list []ClusterMember
	_, err := c.get(ctx, "/1.0/cluster/members", url.Values{"recursion": {"1"}}, &list)
	return list, err
}

// MoveInstance starts moving the stopped instance name to the cluster
// member target (POST /1.0/instances/{name}?target= with a migration
// request); wait for the returned operation. LXD copies the instance's
// storage to the target and removes it from its old member.
func (c *Client) MoveInstance(ctx context.Context, name, target string) (*Operation, error) {
	body := map[string]any{"name": name, "migration": true}
	return c.async(ctx, request{method: http.MethodPost, path: instancePath(name), query: url.Values{"target": {target}}, body: body})
}
