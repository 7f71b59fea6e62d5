package lxdapi

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Instance is an LXD instance (container or VM) as GET /1.0/instances/{name}
// describes it.
type Instance struct {
	Name            string                       `json:"name"`
	Description     string                       `json:"description"`
	Type            string                       `json:"type"` // "container" or "virtual-machine"
	Status          string                       `json:"status"`
	StatusCode      int                          `json:"status_code"`
	Architecture    string                       `json:"architecture"`
	Config          map[string]string            `json:"config"`
	Devices         map[string]map[string]string `json:"devices"`
	Ephemeral       bool                         `json:"ephemeral"`
	Stateful        bool                         `json:"stateful"`
	Profiles        []string                     `json:"profiles"`
	CreatedAt       time.Time                    `json:"created_at"`
	LastUsedAt      time.Time                    `json:"last_used_at"`
	ExpandedConfig  map[string]string            `json:"expanded_config"`
	ExpandedDevices map[string]map[string]string `json:"expanded_devices"`
	Location        string                       `json:"location"`
	Project         string                       `json:"project"`
	// State is filled only by ListInstancesFull (recursion=2).
	State *InstanceState `json:"state,omitempty"`
	// ETag is the entity tag GetInstance saw; pass it to UpdateInstance
	// to refuse overwriting a concurrent change.
	ETag string `json:"-"`
}

// InstancesPost is the body of POST /1.0/instances: a new instance.
type InstancesPost struct {
	Name        string                       `json:"name"`
	Description string                       `json:"description,omitempty"`
	Type        string                       `json:"type,omitempty"` // "container" (default) or "virtual-machine"
	Source      InstanceSource               `json:"source"`
	Config      map[string]string            `json:"config,omitempty"`
	Devices     map[string]map[string]string `json:"devices,omitempty"`
	// Profiles nil means the "default" profile.
	Profiles     []string `json:"profiles,omitempty"`
	Ephemeral    bool     `json:"ephemeral,omitempty"`
	InstanceType string   `json:"instance_type,omitempty"`
	Architecture string   `json:"architecture,omitempty"`
	// Target is the cluster member to create the instance on, sent as
	// ?target=; "" lets LXD choose. A standalone server refuses it.
	Target string `json:"-"`
}

// InstanceSource says where a new instance's root filesystem comes from.
// Build it with ImageSource, RemoteImageSource or CopySource.
type InstanceSource struct {
	// Type is "image", "copy", "migration" or "none".
	Type string `json:"type"`

	// For "image": a local alias or fingerprint (prefix), or with Server
	// an image the daemon downloads itself.
	Alias       string            `json:"alias,omitempty"`
	Fingerprint string            `json:"fingerprint,omitempty"`
	Properties  map[string]string `json:"properties,omitempty"`
	Server      string            `json:"server,omitempty"`   // e.g. "https://images.linuxcontainers.org"
	Protocol    string            `json:"protocol,omitempty"` // "simplestreams" or "lxd"
	Certificate string            `json:"certificate,omitempty"`
	Secret      string            `json:"secret,omitempty"`
	Mode        string            `json:"mode,omitempty"` // "pull" (the default)

	// For "copy": the instance (or "instance/snapshot") to copy.
	Source            string `json:"source,omitempty"`
	InstanceOnly      bool   `json:"instance_only,omitempty"` // without its snapshots
	AllowInconsistent bool   `json:"allow_inconsistent,omitempty"`
	Project           string `json:"project,omitempty"` // source project
}

// ImageSource is a source for an image the daemon already has, named by
// alias or fingerprint (a unique prefix is enough).
func ImageSource(aliasOrFingerprint string) InstanceSource {
	return InstanceSource{Type: "image", Alias: aliasOrFingerprint}
}

// RemoteImageSource is a source for an image the daemon downloads from an
// image server: server is its URL, protocol "simplestreams" or "lxd", and
// alias the image there (e.g. "debian/12").
func RemoteImageSource(server, protocol, alias string) InstanceSource {
	return InstanceSource{Type: "image", Server: server, Protocol: protocol, Alias: alias, Mode: "pull"}
}

// CopySource is a source that copies the existing instance name without its
// snapshots; on btrfs or ZFS that is a copy-on-write clone.
func CopySource(name string) InstanceSource {
	return InstanceSource{Type: "copy", Source: name, InstanceOnly: true}
}

// InstancePut is the writable part of an instance, the body of PUT and
// PATCH /1.0/instances/{name}.
type InstancePut struct {
	Architecture string                       `json:"architecture,omitempty"`
	Config       map[string]string            `json:"config,omitempty"`
	Devices      map[string]map[string]string `json:"devices,omitempty"`
	Ephemeral    bool                         `json:"ephemeral"`
	Profiles     []string                     `json:"profiles,omitempty"`
	Stateful     bool                         `json:"stateful"`
	Description  string                       `json:"description"`
}

// Writable returns the writable part of inst, to change and pass to
// UpdateInstance.
func (inst *Instance) Writable() InstancePut {
	return InstancePut{
		Architecture: inst.Architecture,
		Config:       inst.Config,
		Devices:      inst.Devices,
		Ephemeral:    inst.Ephemeral,
		Profiles:     inst.Profiles,
		Stateful:     inst.Stateful,
		Description:  inst.Description,
	}
}

func instancePath(name string) string { return "/1.0/instances/" + url.PathEscape(name) }

// ListInstances returns all instances (GET /1.0/instances?recursion=1),
// without their runtime state.
func (c *Client) ListInstances(ctx context.Context) ([]Instance, error) {
	var list []Instance
	_, err := c.get(ctx, "/1.0/instances", url.Values{"recursion": {"1"}}, &list)
	return list, err
}

// ListInstancesFull returns all instances with their runtime State
// (recursion=2): one request instead of one per instance, but the daemon
// does more work per instance.
func (c *Client) ListInstancesFull(ctx context.Context) ([]Instance, error) {
	var list []Instance
	_, err := c.get(ctx, "/1.0/instances", url.Values{"recursion": {"2"}}, &list)
	return list, err
}

// GetInstance returns one instance; a missing one is an *Error with
// StatusCode 404 (see IsNotFound).
func (c *Client) GetInstance(ctx context.Context, name string) (*Instance, error) {
	inst := &Instance{}
	etag, err := c.get(ctx, instancePath(name), nil, inst)
	if err != nil {
		return nil, err
	}
	inst.ETag = etag
	return inst, nil
}

// CreateInstance starts creating an instance (POST /1.0/instances) from an
// image or as a copy; wait for the returned operation. A taken name is an
// *Error with StatusCode 409 (see IsConflict).
//
// A copy without Profiles gets the source's profiles, as with "lxc copy":
// CreateInstance reads them from the source first, because LXD 5.0 would
// otherwise create the copy with no profiles at all, and so without the
// root disk most setups keep in the default profile.
func (c *Client) CreateInstance(ctx context.Context, req InstancesPost) (*Operation, error) {
	if req.Source.Type == "copy" && req.Profiles == nil && req.Source.Source != "" {
		profiles, err := c.sourceProfiles(ctx, req.Source)
		if err != nil {
			return nil, err
		}
		req.Profiles = profiles
	}
	var q url.Values
	if req.Target != "" {
		q = url.Values{"target": {req.Target}}
	}
	return c.async(ctx, request{method: http.MethodPost, path: "/1.0/instances", query: q, body: req})
}

// sourceProfiles returns the profiles of a copy source (an instance or
// "instance/snapshot").
func (c *Client) sourceProfiles(ctx context.Context, src InstanceSource) ([]string, error) {
	path := instancePath(src.Source)
	if parent, snap, ok := strings.Cut(src.Source, "/"); ok {
		path = instancePath(parent) + "/snapshots/" + url.PathEscape(snap)
	}
	var q url.Values
	if src.Project != "" {
		q = url.Values{"project": {src.Project}}
	}
	var inst struct {
		Profiles []string `json:"profiles"`
	}
	if _, err := c.get(ctx, path, q, &inst); err != nil {
		return nil, err
	}
	if inst.Profiles == nil {
		return []string{}, nil
	}
	return inst.Profiles, nil
}

// CopyInstance starts a copy of the instance source named name, without
// snapshots; on btrfs or ZFS pools it is a copy-on-write clone. It is
// CreateInstance with CopySource.
func (c *Client) CopyInstance(ctx context.Context, source, name string) (*Operation, error) {
	return c.CreateInstance(ctx, InstancesPost{Name: name, Source: CopySource(source)})
}

// UpdateInstance replaces the writable configuration of an instance (PUT)
// and waits for the change. A non-empty etag (from GetInstance) makes the
// daemon refuse the update with 412 if the instance changed meanwhile.
func (c *Client) UpdateInstance(ctx context.Context, name string, put InstancePut, etag string) error {
	return c.maybeAsync(ctx, request{method: http.MethodPut, path: instancePath(name), body: put, etag: etag})
}

// PatchInstance merges patch into an instance's configuration (PATCH):
// only the fields present in patch change; config keys are merged. patch
// is marshalled to JSON as is, e.g. map[string]any{"config":
// map[string]string{"limits.memory": "256MiB"}}. LXD 5.0 clears the
// description unless the patch carries it.
func (c *Client) PatchInstance(ctx context.Context, name string, patch any) error {
	return c.maybeAsync(ctx, request{method: http.MethodPatch, path: instancePath(name), body: patch})
}

// DeleteInstance starts deleting a stopped instance; wait for the returned
// operation. A running instance is refused: stop it first.
func (c *Client) DeleteInstance(ctx context.Context, name string) (*Operation, error) {
	return c.async(ctx, request{method: http.MethodDelete, path: instancePath(name)})
}

// RenameInstance starts renaming a stopped instance (POST
// /1.0/instances/{name} with the new name). Wait for the returned
// operation.
func (c *Client) RenameInstance(ctx context.Context, name, newName string) (*Operation, error) {
	return c.async(ctx, request{method: http.MethodPost, path: instancePath(name), body: map[string]string{"name": newName}})
}
