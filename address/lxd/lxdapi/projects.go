package lxdapi

import (
	"context"
	"net/http"
	"net/url"
)

// Project is an LXD project: a namespace of instances, images and
// profiles, with optional limits in its config (limits.instances, ...).
type Project struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Config      map[string]string `json:"config"`
	UsedBy      []string          `json:"used_by"`
}

// GetProject returns the project the client works in (Options.Project,
// else LXD's "default").
func (c *Client) GetProject(ctx context.Context) (*Project, error) {
	name := c.project
	if name == "" {
		name = "default"
	}
	p := &Project{}
	if _, err := c.get(ctx, "/1.0/projects/"+url.PathEscape(name), nil, p); err != nil {
		return nil, err
	}
	return p, nil
}

// ProjectsPost is the body of POST /1.0/projects: a new project. Config
// holds its features, e.g. "features.profiles": "false" to share the
// default project's profiles (and so its root disk) instead of starting
// with an empty default profile.
type ProjectsPost struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Config      map[string]string `json:"config,omitempty"`
}

// CreateProject creates a project. Projects are server-wide: the client's
// own project does not matter.
func (c *Client) CreateProject(ctx context.Context, p ProjectsPost) error {
	return c.maybeAsync(ctx, request{method: http.MethodPost, path: "/1.0/projects", body: p})
}

// DeleteProject deletes an empty project; one that still holds instances
// is refused.
func (c *Client) DeleteProject(ctx context.Context, name string) error {
	return c.maybeAsync(ctx, request{method: http.MethodDelete, path: "/1.0/projects/" + url.PathEscape(name)})
}
