package lxdapi

import (
	"context"
	"net/url"
)

// Profile is an LXD profile (GET /1.0/profiles/{name}).
type Profile struct {
	Name        string                       `json:"name"`
	Description string                       `json:"description"`
	Config      map[string]string            `json:"config"`
	Devices     map[string]map[string]string `json:"devices"`
}

// GetProfile returns the profile name.
func (c *Client) GetProfile(ctx context.Context, name string) (*Profile, error) {
	p := &Profile{}
	if _, err := c.get(ctx, "/1.0/profiles/"+url.PathEscape(name), nil, p); err != nil {
		return nil, err
	}
	return p, nil
}

// RootPool returns the storage pool of the root disk (type disk, path /)
// among devices, or "".
func RootPool(devices map[string]map[string]string) string {
	for _, d := range devices {
		if d["type"] == "disk" && d["path"] == "/" {
			return d["pool"]
		}
	}
	return ""
}
