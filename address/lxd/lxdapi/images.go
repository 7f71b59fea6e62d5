package lxdapi

import (
	"context"
	"net/url"
	"time"
)

// Image is an image in the daemon's store.
type Image struct {
	Fingerprint  string             `json:"fingerprint"`
	Filename     string             `json:"filename"`
	Size         int64              `json:"size"`
	Architecture string             `json:"architecture"`
	Type         string             `json:"type"` // "container" or "virtual-machine"
	Public       bool               `json:"public"`
	AutoUpdate   bool               `json:"auto_update"`
	Cached       bool               `json:"cached"`
	Properties   map[string]string  `json:"properties"`
	Aliases      []ImageAliasName   `json:"aliases"`
	CreatedAt    time.Time          `json:"created_at"`
	ExpiresAt    time.Time          `json:"expires_at"`
	LastUsedAt   time.Time          `json:"last_used_at"`
	UploadedAt   time.Time          `json:"uploaded_at"`
	Profiles     []string           `json:"profiles"`
	UpdateSource *ImageUpdateSource `json:"update_source,omitempty"`
}

// ImageAliasName is an alias as listed inside an Image.
type ImageAliasName struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// ImageUpdateSource is where a cached image came from.
type ImageUpdateSource struct {
	Alias       string `json:"alias"`
	Certificate string `json:"certificate"`
	Protocol    string `json:"protocol"`
	Server      string `json:"server"`
	ImageType   string `json:"image_type"`
}

// ImageAlias maps a name to an image fingerprint.
type ImageAlias struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Target      string `json:"target"` // the image's fingerprint
	Type        string `json:"type"`
}

// ListImages returns all images in the daemon's store.
func (c *Client) ListImages(ctx context.Context) ([]Image, error) {
	var list []Image
	_, err := c.get(ctx, "/1.0/images", url.Values{"recursion": {"1"}}, &list)
	return list, err
}

// GetImage returns the image whose fingerprint is or starts with
// fingerprint; an unknown or ambiguous prefix is an *Error.
func (c *Client) GetImage(ctx context.Context, fingerprint string) (*Image, error) {
	img := &Image{}
	if _, err := c.get(ctx, "/1.0/images/"+url.PathEscape(fingerprint), nil, img); err != nil {
		return nil, err
	}
	return img, nil
}

// ListImageAliases returns all image aliases.
func (c *Client) ListImageAliases(ctx context.Context) ([]ImageAlias, error) {
	var list []ImageAlias
	_, err := c.get(ctx, "/1.0/images/aliases", url.Values{"recursion": {"1"}}, &list)
	return list, err
}

// GetImageAlias returns one alias; a missing one is a 404 *Error.
func (c *Client) GetImageAlias(ctx context.Context, name string) (*ImageAlias, error) {
	a := &ImageAlias{}
	if _, err := c.get(ctx, "/1.0/images/aliases/"+url.PathEscape(name), nil, a); err != nil {
		return nil, err
	}
	return a, nil
}
