package lxdapi_test

import (
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

func TestUpdateAndPatch(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)
	name := create(t, c, ctx)

	inst, err := c.GetInstance(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	put := inst.Writable()
	put.Config["limits.memory"] = "64MiB"
	put.Description = "rexxlxd test"
	if err := c.UpdateInstance(ctx, name, put, inst.ETag); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetInstance(ctx, name); err != nil || got.Description != "rexxlxd test" || got.Config["limits.memory"] != "64MiB" {
		t.Fatalf("after update: %v %+v", err, got)
	}
	// The old ETag no longer matches.
	put.Config["limits.memory"] = "128MiB"
	err = c.UpdateInstance(ctx, name, put, inst.ETag)
	if lxdapi.StatusCode(err) != 412 {
		t.Fatalf("update with a stale ETag: %v, want 412", err)
	}

	if err := c.PatchInstance(ctx, name, map[string]any{"config": map[string]string{"limits.cpu": "1"}}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetInstance(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if got.Config["limits.memory"] != "64MiB" || got.Config["limits.cpu"] != "1" {
		t.Fatalf("after update and patch: config %v", got.Config)
	}
	err = c.PatchInstance(ctx, name, map[string]any{"config": map[string]string{"limits.memory": "lots"}})
	// LXD 5.0 answers 500 here, newer daemons 400: only the text is stable.
	if lxdapi.StatusCode(err) == 0 || !strings.Contains(err.Error(), "lots") {
		t.Fatalf("invalid config: %v, want LXD's error naming the value", err)
	}
	err = c.PatchInstance(ctx, lxdtest.Name(t, "rxt-missing"), map[string]any{})
	if !lxdapi.IsNotFound(err) {
		t.Fatalf("patch of a missing instance: %v", err)
	}
}

// TestRemoteImageSourceShape sends a create whose image the daemon must
// download; no image server is reachable from the test machines, so it
// fails, but with LXD's text about the server rather than about the
// request.
func TestRemoteImageSourceShape(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)
	name := lxdtest.Name(t, "rxt")
	lxdtest.Cleanup(t, c, name)
	op, err := c.CreateInstance(ctx, lxdapi.InstancesPost{
		Name:   name,
		Source: lxdapi.RemoteImageSource("https://127.0.0.1:9", "simplestreams", "debian/12"),
	})
	if err == nil {
		err = op.Wait(ctx)
	}
	if err == nil {
		t.Fatal("create from an unreachable image server succeeded")
	}
	if !strings.Contains(err.Error(), "127.0.0.1:9") {
		t.Fatalf("error %q does not mention the image server", err)
	}
}
