package lxdapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
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

func imagePath(fingerprint string) string { return "/1.0/images/" + url.PathEscape(fingerprint) }

func imageAliasPath(name string) string { return "/1.0/images/aliases/" + url.PathEscape(name) }

// ImagePublish is what PublishImage makes an image of: an instance, or
// one of its snapshots when Snapshot is set.
type ImagePublish struct {
	Instance, Snapshot string
	// Properties go into the image (description, os, release, ...);
	// LXD keeps the instance's image.* keys for the ones not given.
	Properties map[string]string
	Public     bool
}

// PublishImage starts making an image of a stopped instance or of a
// snapshot (POST /1.0/images with an "instance" or "snapshot" source).
// No alias is asked for: LXD 5.0 fails the operation on an alias that
// exists, but keeps the image it made. Wait for the returned operation;
// OperationFingerprint then gives the image's fingerprint.
func (c *Client) PublishImage(ctx context.Context, p ImagePublish) (*Operation, error) {
	src := map[string]string{"type": "instance", "name": p.Instance}
	if p.Snapshot != "" {
		src = map[string]string{"type": "snapshot", "name": p.Instance + "/" + p.Snapshot}
	}
	body := map[string]any{"source": src, "public": p.Public}
	if len(p.Properties) > 0 {
		body["properties"] = p.Properties
	}
	return c.async(ctx, request{method: http.MethodPost, path: "/1.0/images", body: body})
}

// OperationFingerprint returns the fingerprint that an image-making
// operation (publish, upload) reports in its metadata once it succeeded.
func OperationFingerprint(op *Operation) string {
	var md struct {
		Fingerprint string `json:"fingerprint"`
	}
	if op == nil || len(op.Metadata) == 0 || json.Unmarshal(op.Metadata, &md) != nil {
		return ""
	}
	return md.Fingerprint
}

// DeleteImage starts deleting the image with this full fingerprint. Wait
// for the returned operation.
func (c *Client) DeleteImage(ctx context.Context, fingerprint string) (*Operation, error) {
	return c.async(ctx, request{method: http.MethodDelete, path: imagePath(fingerprint)})
}

// CreateImageAlias makes the alias name point to the image fingerprint;
// an alias that exists already is an *Error (409 on LXD 5.0).
func (c *Client) CreateImageAlias(ctx context.Context, name, fingerprint, description string) error {
	_, err := c.call(ctx, request{method: http.MethodPost, path: "/1.0/images/aliases",
		body: map[string]string{"name": name, "target": fingerprint, "description": description}})
	return err
}

// SetImageAlias points the existing alias name to the image fingerprint
// (PUT /1.0/images/aliases/{name}).
func (c *Client) SetImageAlias(ctx context.Context, name, fingerprint, description string) error {
	_, err := c.call(ctx, request{method: http.MethodPut, path: imageAliasPath(name),
		body: map[string]string{"target": fingerprint, "description": description}})
	return err
}

// DeleteImageAlias removes the alias name; the image stays.
func (c *Client) DeleteImageAlias(ctx context.Context, name string) error {
	_, err := c.call(ctx, request{method: http.MethodDelete, path: imageAliasPath(name)})
	return err
}

// ImageFile is an image's file(s) as GET /1.0/images/{fp}/export sends
// them: one tarball (a unified image) or a multipart body with metadata
// and rootfs (a split image). ContentType tells which, and is what an
// upload of the same body must say. Size is -1 when LXD does not say.
type ImageFile struct {
	Body        io.ReadCloser
	ContentType string
	Size        int64
}

// ExportImage opens the file(s) of the image fingerprint for reading; the
// caller closes Body.
func (c *Client) ExportImage(ctx context.Context, fingerprint string) (*ImageFile, error) {
	body, h, size, err := c.download(ctx, imagePath(fingerprint)+"/export")
	if err != nil {
		return nil, err
	}
	return &ImageFile{Body: body, ContentType: h.Get("Content-Type"), Size: size}, nil
}

// UploadImage starts making an image from f, as ExportImage gave it (POST
// /1.0/images with the file(s) as the body); LXD computes the
// fingerprint itself. Wait for the returned operation.
func (c *Client) UploadImage(ctx context.Context, f *ImageFile, public bool, properties map[string]string) (*Operation, error) {
	h := http.Header{}
	ct := f.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	h.Set("X-LXD-public", strconv.FormatBool(public))
	if len(properties) > 0 {
		q := url.Values{}
		for k, v := range properties {
			q.Set(k, v)
		}
		h.Set("X-LXD-properties", q.Encode())
	}
	return c.async(ctx, request{method: http.MethodPost, path: "/1.0/images", reader: f.Body, size: f.Size, header: h})
}

// download sends a GET for a file the API serves as is (an image, a
// backup) and returns its body, headers and announced size (-1 when
// unknown); an error answer is an *Error.
func (c *Client) download(ctx context.Context, path string) (io.ReadCloser, http.Header, int64, error) {
	resp, err := c.raw(ctx, request{method: http.MethodGet, path: path})
	if err != nil {
		return nil, nil, 0, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		_, err := decodeEnvelope(http.MethodGet, path, resp, data)
		if err == nil {
			err = fmt.Errorf("lxd: GET %s: HTTP %d", path, resp.StatusCode)
		}
		return nil, nil, 0, err
	}
	return resp.Body, resp.Header, resp.ContentLength, nil
}
