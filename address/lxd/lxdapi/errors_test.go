package lxdapi_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// wantError checks that err is an *Error with the status and LXD's text.
func wantError(t *testing.T, what string, err error, status int, text string) {
	t.Helper()
	var e *lxdapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: error %v (%T), want *lxdapi.Error", what, err, err)
	}
	if e.StatusCode != status || !strings.Contains(e.Message, text) {
		t.Fatalf("%s: status %d message %q, want %d containing %q", what, e.StatusCode, e.Message, status, text)
	}
}

func TestMissingInstance(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)
	name := lxdtest.Name(t, "rxt-missing")

	_, err := c.GetInstance(ctx, name)
	wantError(t, "get", err, 404, "Instance not found")
	if !lxdapi.IsNotFound(err) || lxdapi.IsConflict(err) {
		t.Errorf("IsNotFound/IsConflict wrong for %v", err)
	}
	var le *lxdapi.Error
	if !errors.As(err, &le) || !strings.Contains(le.Request(), "GET /1.0/instances/"+name+" (404)") {
		t.Errorf("error %v does not keep the request", err)
	}
	if err.Error() != "LXD: Instance not found" {
		t.Errorf("error %q, want LXD's words alone", err)
	}
	_, err = c.GetInstanceState(ctx, name)
	wantError(t, "state", err, 404, "not found")
	_, err = c.StartInstance(ctx, name)
	wantError(t, "start", err, 404, "not found")
	_, err = c.DeleteInstance(ctx, name)
	wantError(t, "delete", err, 404, "not found")
	_, err = c.Exec(ctx, name, lxdapi.ExecRequest{Command: []string{"true"}})
	wantError(t, "exec", err, 404, "not found")
	_, err = c.CopyInstance(ctx, name, lxdtest.Name(t, "rxt"))
	wantError(t, "copy from missing", err, 404, "not found")
}

func TestMissingImage(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)
	name := lxdtest.Name(t, "rxt")
	lxdtest.Cleanup(t, c, name)

	_, err := c.CreateInstance(ctx, lxdapi.InstancesPost{Name: name, Source: lxdapi.ImageSource("rexxlxd-no-such-image")})
	wantError(t, "create", err, 404, "Image alias not found")
	_, err = c.GetImageAlias(ctx, "rexxlxd-no-such-image")
	wantError(t, "alias", err, 404, "not found")
	_, err = c.GetImage(ctx, "0000000000ff")
	wantError(t, "image", err, 404, "Image not found")
}

func TestImages(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)
	alias, err := c.GetImageAlias(ctx, lxdtest.Image())
	if err != nil {
		t.Fatal(err)
	}
	if len(alias.Target) != 64 {
		t.Fatalf("alias target %q is not a fingerprint", alias.Target)
	}
	img, err := c.GetImage(ctx, alias.Target[:12])
	if err != nil {
		t.Fatal(err)
	}
	if img.Fingerprint != alias.Target || img.Size <= 0 || img.Architecture == "" {
		t.Fatalf("image by prefix: %+v", img)
	}
	names := []string{}
	for _, a := range img.Aliases {
		names = append(names, a.Name)
	}
	if !strings.Contains(strings.Join(names, " "), lxdtest.Image()) {
		t.Errorf("image aliases %v lack %s", names, lxdtest.Image())
	}
	list, err := c.ListImages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, im := range list {
		found = found || im.Fingerprint == img.Fingerprint
	}
	if !found {
		t.Errorf("ListImages lacks %s", img.Fingerprint)
	}
	aliases, err := c.ListImageAliases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found = false
	for _, a := range aliases {
		found = found || a.Name == lxdtest.Image() && a.Target == img.Fingerprint
	}
	if !found {
		t.Errorf("ListImageAliases lacks %s", lxdtest.Image())
	}
}

func TestPools(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)
	p, err := c.GetStoragePool(ctx, lxdtest.Pool())
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != lxdtest.Pool() || p.Driver == "" {
		t.Fatalf("pool: %+v", p)
	}
	pools, err := c.ListStoragePools(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, q := range pools {
		found = found || q.Name == p.Name && q.Driver == p.Driver
	}
	if !found {
		t.Errorf("ListStoragePools lacks %s", p.Name)
	}
	_, err = c.GetStoragePool(ctx, "rexxlxd-no-such-pool")
	wantError(t, "get pool", err, 404, "not found")

	// Creating on a missing pool fails in the operation (LXD 5.0) or at
	// once (newer daemons); either way LXD's text comes through.
	name := lxdtest.Name(t, "rxt")
	lxdtest.Cleanup(t, c, name)
	op, err := c.CreateInstance(ctx, lxdapi.InstancesPost{
		Name:    name,
		Source:  lxdapi.ImageSource(lxdtest.Image()),
		Devices: map[string]map[string]string{"root": {"type": "disk", "path": "/", "pool": "rexxlxd-no-such-pool"}},
	})
	if err == nil {
		err = op.Wait(ctx)
	}
	if err == nil || !strings.Contains(err.Error(), "Storage pool not found") {
		t.Fatalf("create on a missing pool: %v", err)
	}
}

func TestServer(t *testing.T) {
	c := lxdtest.Connect(t)
	s, err := c.GetServer(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if s.APIVersion != "1.0" || s.Auth != "trusted" || s.Environment.ServerVersion == "" {
		t.Fatalf("server: api %q auth %q version %q", s.APIVersion, s.Auth, s.Environment.ServerVersion)
	}
	if !s.HasExtension("instances") || s.HasExtension("no-such-extension") {
		t.Errorf("HasExtension wrong; %d extensions", len(s.APIExtensions))
	}
	drivers := []string{}
	for _, d := range s.Environment.StorageSupportedDrivers {
		drivers = append(drivers, d.Name)
	}
	if !strings.Contains(" "+strings.Join(drivers, " ")+" ", " dir ") {
		t.Errorf("storage drivers %v lack dir", drivers)
	}
}

func TestDuplicateName(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)
	name := create(t, c, ctx)

	op, err := c.CreateInstance(ctx, lxdapi.InstancesPost{Name: name, Source: lxdapi.ImageSource(lxdtest.Image())})
	if err == nil {
		err = op.Wait(ctx)
	}
	if !lxdapi.IsConflict(err) || lxdapi.IsNotFound(err) {
		t.Fatalf("create with a taken name: %v, want a conflict", err)
	}
	if !strings.Contains(err.Error(), "already exists") {
		t.Errorf("conflict error %q lacks LXD's text", err)
	}
	op, err = c.CopyInstance(ctx, name, name)
	if err == nil {
		err = op.Wait(ctx)
	}
	if !lxdapi.IsConflict(err) {
		t.Fatalf("copy onto a taken name: %v, want a conflict", err)
	}
	// The original is untouched.
	if s := status(t, c, ctx, name); s != "Stopped" {
		t.Fatalf("original after failed duplicates: %q", s)
	}
}

func TestUnreachable(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "no.socket")
	c := lxdapi.NewUnix(sock, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// A hang would end in the context's deadline error instead.
	_, err := c.GetServer(ctx)
	if !errors.Is(err, lxdapi.ErrUnreachable) {
		t.Fatalf("error %v, want ErrUnreachable", err)
	}
	if !strings.Contains(err.Error(), sock) {
		t.Errorf("error %q does not name the socket", err)
	}
	if lxdapi.IsNotFound(err) || lxdapi.StatusCode(err) != 0 {
		t.Errorf("unreachable daemon reported as an LXD error: %v", err)
	}
	_, err = c.Exec(ctx, "x", lxdapi.ExecRequest{Command: []string{"true"}})
	if !errors.Is(err, lxdapi.ErrUnreachable) {
		t.Fatalf("exec: %v, want ErrUnreachable", err)
	}
}
