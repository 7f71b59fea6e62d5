package lxdapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// FileInfo describes a file in an instance as the files API reports it in
// its X-LXD-* headers.
type FileInfo struct {
	// Type is "file", "directory" or "symlink".
	Type     string
	UID, GID int64
	// Mode is the permission bits, e.g. 0o644.
	Mode uint32
	// Entries are the names in a directory (Type "directory"), sorted as
	// LXD lists them.
	Entries []string
	// Size is the length of a file's content as LXD announces it
	// (Content-Length), -1 when it does not say.
	Size int64
}

// FilePut is a file to write into an instance with PushFile.
type FilePut struct {
	// Type is "file" (the default), "directory" or "symlink"; for a
	// symlink Content is the target.
	Type string
	// Content is the file's data; nil for a directory.
	Content io.Reader
	// UID, GID and Mode are sent only when set (Mode 0 leaves LXD's
	// default, 0644 for files and 0755 for directories; a nil UID or GID
	// means root).
	UID, GID *int64
	Mode     uint32
	// Append adds to an existing file instead of replacing it.
	Append bool
}

func filesPath(instance string) string { return instancePath(instance) + "/files" }

// GetFile opens a file of an instance (GET /1.0/instances/{name}/files?path=).
// For a regular file or symlink it returns the content, which the caller
// must close; for a directory the content is nil and FileInfo.Entries
// lists it. A missing file is a 404 *Error.
func (c *Client) GetFile(ctx context.Context, instance, path string) (io.ReadCloser, *FileInfo, error) {
	apiPath := filesPath(instance)
	resp, err := c.raw(ctx, request{method: http.MethodGet, path: apiPath, query: url.Values{"path": {path}}})
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		_, err := decodeEnvelope(http.MethodGet, apiPath, resp, data)
		return nil, nil, err
	}
	info, err := fileInfo(resp.Header)
	if err != nil {
		resp.Body.Close()
		return nil, nil, fmt.Errorf("GET %s?path=%s: %w", apiPath, path, err)
	}
	if info.Type != "directory" {
		info.Size = resp.ContentLength
		return resp.Body, info, nil
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxListingBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("GET %s?path=%s: reading response: %w", apiPath, path, err)
	}
	if len(data) > MaxListingBytes {
		return nil, nil, fmt.Errorf("the directory %s in %s lists more than %d MiB of names: %w", path, instance, MaxListingBytes>>20, ErrListingTooLarge)
	}
	env, err := decodeEnvelope(http.MethodGet, apiPath, resp, data)
	if err != nil {
		return nil, nil, err
	}
	if info.Entries, err = decodeListing(env.Metadata); err != nil {
		return nil, nil, fmt.Errorf("the directory %s in %s: %w", path, instance, err)
	}
	return nil, info, nil
}

// A directory listing is read into memory whole, so a guest could list
// millions of names to exhaust the host: GetFile refuses a listing of
// more than MaxListingBytes of JSON or MaxListingEntries names with an
// error wrapping ErrListingTooLarge.
const (
	MaxListingBytes   = 10 << 20
	MaxListingEntries = 100000
)

// ErrListingTooLarge: see MaxListingBytes.
var ErrListingTooLarge = errors.New("directory listing too large")

// decodeListing decodes a JSON array of names, one at a time, stopping
// past MaxListingEntries.
func decodeListing(data []byte) ([]string, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	if tok, err := d.Token(); err != nil || tok != json.Delim('[') {
		return nil, fmt.Errorf("decoding the listing: no JSON array (%v)", err)
	}
	var names []string
	for d.More() {
		if len(names) == MaxListingEntries {
			return nil, fmt.Errorf("it lists more than %d entries: %w", MaxListingEntries, ErrListingTooLarge)
		}
		var n string
		if err := d.Decode(&n); err != nil {
			return nil, fmt.Errorf("decoding the listing: %w", err)
		}
		names = append(names, n)
	}
	return names, nil
}

// fileInfo reads the X-LXD-* headers of a files API answer.
func fileInfo(h http.Header) (*FileInfo, error) {
	info := &FileInfo{Type: h.Get("X-LXD-type")}
	var err error
	num := func(key string, base int) int64 {
		v := h.Get(key)
		if v == "" || err != nil {
			return 0
		}
		n, perr := strconv.ParseInt(v, base, 64)
		if perr != nil {
			err = fmt.Errorf("bad %s header %q", key, v)
		}
		return n
	}
	info.UID = num("X-LXD-uid", 10)
	info.GID = num("X-LXD-gid", 10)
	info.Mode = uint32(num("X-LXD-mode", 8))
	return info, err
}

// ReadFileOpenWait is how long ReadFile lets LXD take to open a file
// before it takes it for a FIFO (see GetFileWithin).
const ReadFileOpenWait = 5 * time.Second

// ReadFile reads a regular file of an instance whole, refusing one larger
// than limit bytes (limit <= 0: no limit) with an error that says so. The
// guest may have put a FIFO in the file's place: it is opened as
// GetFileWithin does, so it cannot block LXD's file server.
func (c *Client) ReadFile(ctx context.Context, instance, path string, limit int64) ([]byte, error) {
	body, info, err := c.GetFileWithin(ctx, instance, path, ReadFileOpenWait)
	if err != nil {
		return nil, err
	}
	if body == nil {
		return nil, fmt.Errorf("%s in %s is a %s, not a file", path, instance, info.Type)
	}
	defer body.Close()
	r := io.Reader(body)
	if limit > 0 {
		r = io.LimitReader(body, limit+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s in %s: %w", path, instance, err)
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, fmt.Errorf("%s in %s is larger than %d bytes", path, instance, limit)
	}
	return data, nil
}

// PushFile writes a file, directory or symlink into an instance (POST
// /1.0/instances/{name}/files?path=). The parent directory must exist.
func (c *Client) PushFile(ctx context.Context, instance, path string, f FilePut) error {
	h := http.Header{}
	typ := f.Type
	if typ == "" {
		typ = "file"
	}
	h.Set("X-LXD-type", typ)
	if f.UID != nil {
		h.Set("X-LXD-uid", strconv.FormatInt(*f.UID, 10))
	}
	if f.GID != nil {
		h.Set("X-LXD-gid", strconv.FormatInt(*f.GID, 10))
	}
	if f.Mode != 0 {
		// LXD reads the mode with base 0: octal only after a leading
		// zero ("6755" would be decimal, 0o15143).
		h.Set("X-LXD-mode", fmt.Sprintf("0%o", f.Mode))
	}
	h.Set("X-LXD-write", "overwrite")
	if f.Append {
		h.Set("X-LXD-write", "append")
	}
	h.Set("Content-Type", "application/octet-stream")
	body := f.Content
	if body == nil {
		body = strings.NewReader("")
	}
	_, err := c.call(ctx, request{method: http.MethodPost, path: filesPath(instance),
		query: url.Values{"path": {path}}, reader: body, header: h})
	return err
}

// DeleteFile removes a file or an empty directory of an instance (DELETE
// /1.0/instances/{name}/files?path=).
func (c *Client) DeleteFile(ctx context.Context, instance, path string) error {
	_, err := c.call(ctx, request{method: http.MethodDelete, path: filesPath(instance), query: url.Values{"path": {path}}})
	return err
}

// ErrNotOpened is GetFileWithin's answer for a file LXD could not open in
// time: a FIFO with no writer, most likely.
var ErrNotOpened = errors.New("LXD could not open the file in time")

// GetFileWithin is GetFile for files the guest controls. LXD 5.0 cannot
// tell a FIFO from a regular file without opening it (the files API and
// its HEAD report both as "file", the mode header holds only permission
// bits), and opening a FIFO with no writer blocks LXD's file server for
// the instance until someone writes to it: the GET never answers, and the
// instance can then be neither stopped nor deleted. So when LXD has not
// answered within open, GetFileWithin opens the file for writing through
// LXD (an append of nothing: read-write, never created nor truncated),
// which completes a FIFO's pending open, and collects the GET's answer.
// A directory, symlink or non-empty file that was merely slow is returned
// as usual; an empty "file" that needed the nudge is ErrNotOpened.
func (c *Client) GetFileWithin(ctx context.Context, instance, path string, open time.Duration) (io.ReadCloser, *FileInfo, error) {
	type answer struct {
		body io.ReadCloser
		info *FileInfo
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		b, i, err := c.GetFile(ctx, instance, path)
		done <- answer{b, i, err}
	}()
	timer := time.NewTimer(open)
	defer timer.Stop()
	select {
	case a := <-done:
		return a.body, a.info, a.err
	case <-timer.C:
	}
	nudge := c.PushFile(ctx, instance, path, FilePut{Append: true})
	a := <-done // bounded by the client's response timeout
	if a.err != nil || a.info.Type != "file" || a.info.Size != 0 {
		return a.body, a.info, a.err
	}
	a.body.Close()
	if nudge != nil {
		return nil, nil, fmt.Errorf("GET %s?path=%s: %w within %v (and opening it for writing failed: %v)", filesPath(instance), path, ErrNotOpened, open, nudge)
	}
	return nil, nil, fmt.Errorf("GET %s?path=%s: %w within %v", filesPath(instance), path, ErrNotOpened, open)
}
