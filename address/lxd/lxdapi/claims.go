package lxdapi

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// ListInstanceNames returns the names of all instances (GET
// /1.0/instances without recursion): one database read, far cheaper
// for the daemon than ListInstances when only a few of many instances
// matter.
func (c *Client) ListInstanceNames(ctx context.Context) ([]string, error) {
	var urls []string
	if _, err := c.get(ctx, "/1.0/instances", nil, &urls); err != nil {
		return nil, err
	}
	return namesOf(urls), nil
}

// namesOf returns the last elements of URLs such as
// "/1.0/instances/NAME", with ?project=P outside the default project.
func namesOf(urls []string) []string {
	names := make([]string, 0, len(urls))
	for _, u := range urls {
		p, _, _ := strings.Cut(u, "?")
		name, err := url.PathUnescape(path.Base(p))
		if err != nil {
			name = path.Base(p)
		}
		names = append(names, name)
	}
	return names
}

// PatchInstanceIf is PatchInstance that applies only while the instance
// is as GetInstance saw it: etag is that call's Instance.ETag, sent as
// If-Match. When the instance changed since, LXD refuses with 412, and
// when another update of it is under way at the same moment the loser
// fails with "matching non-reusable operation"; IsLostUpdate reports
// both. Several processes can so claim one instance without a lock of
// their own: the first PATCH wins, the others learn they lost.
func (c *Client) PatchInstanceIf(ctx context.Context, name string, patch any, etag string) error {
	if etag == "" {
		return errors.New("PatchInstanceIf needs the ETag of a GetInstance")
	}
	return c.maybeAsync(ctx, request{method: http.MethodPatch, path: instancePath(name), body: patch, etag: etag})
}

// IsLostUpdate reports whether err is a conditional update that lost to
// another: the instance changed since its ETag was read (412), or a
// concurrent update got there first (LXD 5.0 lets the first of several
// simultaneous updates run and fails the others with "A matching
// non-reusable operation has now succeeded").
func IsLostUpdate(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.StatusCode == http.StatusPreconditionFailed ||
		strings.Contains(e.Message, "matching non-reusable operation") ||
		strings.Contains(e.Message, "ETag doesn't match")
}
