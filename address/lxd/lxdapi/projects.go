package lxdapi

import (
	"context"
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
