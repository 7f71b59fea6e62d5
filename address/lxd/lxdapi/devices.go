package lxdapi

import (
	"context"
	"fmt"
	"maps"
	"net"
	"net/http"
	"strconv"
)

// DiskDevice is the configuration of an LXD disk device that shares the
// host directory source with the instance at path: what `lxc config
// device add NAME DEV disk source=... path=...` makes.
type DiskDevice struct {
	Source   string // host path
	Path     string // where the guest sees it
	ReadOnly bool
}

// Config is the device as LXD stores it.
func (d DiskDevice) Config() map[string]string {
	m := map[string]string{"type": "disk", "source": d.Source, "path": d.Path}
	if d.ReadOnly {
		m["readonly"] = "true"
	}
	return m
}

// AddInstanceDevice adds the device dev (its configuration) under the name
// device to the instance inst, which the caller read with GetInstance.
// It is a PATCH carrying only that device, which LXD merges into the
// instance's own devices; with inst.ETag the daemon refuses (412) if the
// instance changed since it was read, so a device added meanwhile is never
// replaced. A running container gets the device at once (LXD hotplugs
// disks); if that fails LXD keeps the old configuration.
func (c *Client) AddInstanceDevice(ctx context.Context, inst *Instance, device string, dev map[string]string) error {
	if _, taken := inst.Devices[device]; taken {
		return fmt.Errorf("instance %s already has a device %s", inst.Name, device)
	}
	// LXD 5.0 clears the description unless the patch carries it.
	patch := map[string]any{
		"devices":     map[string]map[string]string{device: dev},
		"description": inst.Description,
	}
	return c.maybeAsync(ctx, request{method: http.MethodPatch, path: instancePath(inst.Name), body: patch, etag: inst.ETag})
}

// RemoveInstanceDevice removes the device named device from the instance
// inst, read with GetInstance. A PATCH cannot remove a device (it only
// merges), so this is a PUT of inst's writable part without it, refused
// (412) if the instance changed since it was read. A running container
// loses the device at once.
func (c *Client) RemoveInstanceDevice(ctx context.Context, inst *Instance, device string) error {
	if _, ok := inst.Devices[device]; !ok {
		return fmt.Errorf("instance %s has no device %s of its own", inst.Name, device)
	}
	put := inst.Writable()
	put.Devices = maps.Clone(inst.Devices)
	delete(put.Devices, device)
	return c.maybeAsync(ctx, request{method: http.MethodPut, path: instancePath(inst.Name), body: put, etag: inst.ETag})
}

// ProxyDevice is the configuration of an LXD proxy device that listens on
// the host and connects, from inside the instance's network namespace,
// to a port there: what `lxc config device add NAME DEV proxy
// listen=tcp:127.0.0.1:8080 connect=tcp:127.0.0.1:80` makes. Because the
// connecting end runs in the instance's namespace, it reaches a guest
// service that listens on the guest's loopback, without any network
// device in the guest.
type ProxyDevice struct {
	Protocol   string // "tcp" or "udp"
	ListenAddr string // host address: an IPv4 or IPv6 literal
	ListenPort int
	GuestPort  int
}

// Listen is the device's listen= value: PROTO:ADDR:PORT, an IPv6 address
// in brackets.
func (d ProxyDevice) Listen() string { return d.Protocol + ":" + hostPort(d.ListenAddr, d.ListenPort) }

// Connect is the device's connect= value: the guest's loopback at
// GuestPort.
func (d ProxyDevice) Connect() string {
	return d.Protocol + ":" + hostPort("127.0.0.1", d.GuestPort)
}

// Config is the device as LXD stores it (bind=host, LXD's default, made
// explicit: the host side listens).
func (d ProxyDevice) Config() map[string]string {
	return map[string]string{"type": "proxy", "listen": d.Listen(), "connect": d.Connect(), "bind": "host"}
}

func hostPort(addr string, port int) string {
	return net.JoinHostPort(addr, strconv.Itoa(port))
}
