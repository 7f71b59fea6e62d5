package lxdapi

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// Profile is an LXD profile (GET /1.0/profiles/{name}).
type Profile struct {
	Name        string                       `json:"name"`
	Description string                       `json:"description"`
	Config      map[string]string            `json:"config"`
	Devices     map[string]map[string]string `json:"devices"`
	// UsedBy lists the URLs of the instances that use the profile, e.g.
	// "/1.0/instances/c1" (with "?project=P" for another project's).
	UsedBy []string `json:"used_by"`
	// ETag is the entity tag GetProfile saw; pass it to UpdateProfile to
	// refuse overwriting a concurrent change.
	ETag string `json:"-"`
}

// ProfilePut is the writable part of a profile, the body of PUT and
// PATCH /1.0/profiles/{name}.
type ProfilePut struct {
	Description string                       `json:"description"`
	Config      map[string]string            `json:"config"`
	Devices     map[string]map[string]string `json:"devices"`
}

// ProfilesPost is the body of POST /1.0/profiles: a new profile.
type ProfilesPost struct {
	Name        string                       `json:"name"`
	Description string                       `json:"description,omitempty"`
	Config      map[string]string            `json:"config,omitempty"`
	Devices     map[string]map[string]string `json:"devices,omitempty"`
}

// Writable returns the writable part of p, to change and pass to
// UpdateProfile.
func (p *Profile) Writable() ProfilePut {
	return ProfilePut{Description: p.Description, Config: p.Config, Devices: p.Devices}
}

// UsedByInstances returns the names of the instances in UsedBy, in its
// order. An instance of another project than project (the client's, ""
// for default) is given as "PROJECT/NAME", since its name alone may
// stand for an instance of this project.
func (p *Profile) UsedByInstances(project string) []string {
	if project == "" {
		project = "default"
	}
	var names []string
	for _, u := range p.UsedBy {
		parsed, err := url.Parse(u)
		if err != nil {
			continue
		}
		rest, ok := strings.CutPrefix(parsed.Path, "/1.0/instances/")
		if !ok || rest == "" {
			continue
		}
		name, err := url.PathUnescape(rest)
		if err != nil {
			name = rest
		}
		// LXD leaves ?project= out for the default project's instances.
		q := parsed.Query().Get("project")
		if q == "" {
			q = "default"
		}
		if q != project {
			name = q + "/" + name
		}
		names = append(names, name)
	}
	return names
}

func profilePath(name string) string { return "/1.0/profiles/" + url.PathEscape(name) }

// GetProfile returns the profile name; a missing one is an *Error with
// StatusCode 404 (see IsNotFound).
func (c *Client) GetProfile(ctx context.Context, name string) (*Profile, error) {
	p := &Profile{}
	etag, err := c.get(ctx, profilePath(name), nil, p)
	if err != nil {
		return nil, err
	}
	p.ETag = etag
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

// CreateProfile creates a profile, in the default project when the
// client's has no profiles of its own (LXD's choice). The create is
// atomic: the name is unique in LXD's database, so of several creates of
// one name at once exactly one succeeds and the others fail with an
// error that IsConflict reports (LXD 5.0.2 answers 500 "The profile
// already exists", newer daemons 409).
func (c *Client) CreateProfile(ctx context.Context, p ProfilesPost) error {
	return c.maybeAsync(ctx, request{method: http.MethodPost, path: "/1.0/profiles", body: p})
}

// ProfilePatch is the body of PATCH /1.0/profiles/{name}: what is absent
// stays as it is.
type ProfilePatch struct {
	Description *string           `json:"description,omitempty"`
	Config      map[string]string `json:"config,omitempty"`
}

// PatchProfile merges patch into a profile (PATCH): config keys are
// merged, the description kept unless the patch carries one. LXD applies
// the change to every instance that uses the profile before it answers.
func (c *Client) PatchProfile(ctx context.Context, name string, patch ProfilePatch) error {
	return c.maybeAsync(ctx, request{method: http.MethodPatch, path: profilePath(name), body: patch})
}

// UpdateProfile replaces a profile's writable part (PUT). A non-empty
// etag (from GetProfile) makes the daemon refuse (412) if the profile
// changed meanwhile.
func (c *Client) UpdateProfile(ctx context.Context, name string, put ProfilePut, etag string) error {
	return c.maybeAsync(ctx, request{method: http.MethodPut, path: profilePath(name), body: put, etag: etag})
}

// DeleteProfile deletes a profile that no instance uses; LXD refuses one
// in use and the default profile.
func (c *Client) DeleteProfile(ctx context.Context, name string) error {
	return c.maybeAsync(ctx, request{method: http.MethodDelete, path: profilePath(name)})
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
