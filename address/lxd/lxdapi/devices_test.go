package lxdapi_test

import (
	"maps"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestInstanceDevices adds and removes a disk device, keeping the others
// and the description, and shows that a device change made from a stale
// read is refused (412) and changes nothing: the daemon, not a lock of
// ours, keeps two scripts from overwriting each other's devices.
func TestInstanceDevices(t *testing.T) {
	c := lxdtest.Connect(t)
	ctx := testCtx(t)
	name := create(t, c, ctx)
	if err := c.PatchInstance(ctx, name, map[string]any{"description": "kept"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	inst, err := c.GetInstance(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	disk := lxdapi.DiskDevice{Source: dir, Path: "/mnt/a", ReadOnly: true}.Config()
	if err := c.AddInstanceDevice(ctx, inst, "a", disk); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetInstance(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got.Devices["a"], disk) || got.Description != "kept" || len(got.Devices) != len(inst.Devices)+1 {
		t.Fatalf("after adding a: devices %v, description %q", got.Devices, got.Description)
	}
	// inst is now stale: both changes are refused.
	if err := c.AddInstanceDevice(ctx, inst, "b", lxdapi.DiskDevice{Source: dir, Path: "/mnt/b"}.Config()); lxdapi.StatusCode(err) != 412 {
		t.Fatalf("add with a stale ETag: %v, want 412", err)
	}
	if err := c.AddInstanceDevice(ctx, got, "a", disk); err == nil {
		t.Fatal("adding a device under a taken name succeeded")
	}
	if err := c.RemoveInstanceDevice(ctx, got, "a"); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveInstanceDevice(ctx, got, "a"); lxdapi.StatusCode(err) != 412 {
		t.Fatalf("remove with a stale ETag: %v, want 412", err)
	}
	now, err := c.GetInstance(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(now.Devices, inst.Devices, maps.Equal) || now.Description != "kept" {
		t.Fatalf("after removing a: devices %v (want %v), description %q", now.Devices, inst.Devices, now.Description)
	}
}
