package lxdapi

import (
	"context"
	"net/http"
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

// ListProfiles returns the profiles of the client's project (GET
// /1.0/profiles?recursion=1); of the default project when the client's
// has no profiles of its own (features.profiles=false).
func (c *Client) ListProfiles(ctx context.Context) ([]Profile, error) {
	var list []Profile
	if _, err := c.get(ctx, "/1.0/profiles", url.Values{"recursion": {"1"}}, &list); err != nil {
		return nil, err
	}
	return list, nil
}

// ListProfileNames returns the names of the profiles of the client's
// project (GET /1.0/profiles without recursion; the default project's,
// as ListProfiles): cheaper for the daemon, which otherwise looks up
// what uses each profile.
func (c *Client) ListProfileNames(ctx context.Context) ([]string, error) {
	var urls []string
	if _, err := c.get(ctx, "/1.0/profiles", nil, &urls); err != nil {
		return nil, err
	}
	return namesOf(urls), nil
}

// ProfilesPost is the body of POST /1.0/profiles: a new profile.
type ProfilesPost struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Config      map[string]string `json:"config,omitempty"`
}

// CreateProfile creates a profile, in the default project when the
// client's has no profiles of its own (LXD's choice). The create is
// atomic: the name is unique in LXD's database, so of several creates of
// one name at once exactly one succeeds and the others fail with an
// error that IsConflict reports (LXD 5.0.2 answers 500 "The profile
// already exists", newer daemons 409).
func (c *Client) CreateProfile(ctx context.Context, p ProfilesPost) error {
	return c.maybeAsync(ctx, request{method: http.MethodPost, path: "/1.0/profiles", body: p})
}

// DeleteProfile deletes a profile that no instance uses.
func (c *Client) DeleteProfile(ctx context.Context, name string) error {
	return c.maybeAsync(ctx, request{method: http.MethodDelete, path: "/1.0/profiles/" + url.PathEscape(name)})
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
