package lxdapi

import (
	"context"
	"net/http"
)

// InstanceState is an instance's runtime state (GET
// /1.0/instances/{name}/state).
type InstanceState struct {
	Status     string                          `json:"status"` // "Running", "Stopped", "Frozen", "Error"
	StatusCode int                             `json:"status_code"`
	Pid        int64                           `json:"pid"`
	Processes  int64                           `json:"processes"`
	CPU        InstanceStateCPU                `json:"cpu"`
	Memory     InstanceStateMemory             `json:"memory"`
	Disk       map[string]InstanceStateDisk    `json:"disk"`
	Network    map[string]InstanceStateNetwork `json:"network"`
}

// InstanceStateCPU is CPU use in nanoseconds.
type InstanceStateCPU struct {
	Usage int64 `json:"usage"`
}

// InstanceStateMemory is memory use in bytes.
type InstanceStateMemory struct {
	Usage         int64 `json:"usage"`
	UsagePeak     int64 `json:"usage_peak"`
	SwapUsage     int64 `json:"swap_usage"`
	SwapUsagePeak int64 `json:"swap_usage_peak"`
}

// InstanceStateDisk is the use of one disk device in bytes.
type InstanceStateDisk struct {
	Usage int64 `json:"usage"`
}

// InstanceStateNetwork is one network interface.
type InstanceStateNetwork struct {
	Addresses []InstanceAddress `json:"addresses"`
	Hwaddr    string            `json:"hwaddr"`
	HostName  string            `json:"host_name"`
	Mtu       int               `json:"mtu"`
	State     string            `json:"state"`
	Type      string            `json:"type"`
}

// InstanceAddress is one address of an interface.
type InstanceAddress struct {
	Family  string `json:"family"` // "inet" or "inet6"
	Address string `json:"address"`
	Netmask string `json:"netmask"`
	Scope   string `json:"scope"`
}

// InstanceStatePut is a state change: the body of PUT
// /1.0/instances/{name}/state.
type InstanceStatePut struct {
	// Action is "start", "stop", "restart", "freeze" or "unfreeze".
	Action string `json:"action"`
	// Timeout is how many seconds a clean stop or restart may take
	// before it fails; -1 waits forever.
	Timeout int `json:"timeout"`
	// Force kills the instance instead of asking it to shut down.
	Force    bool `json:"force"`
	Stateful bool `json:"stateful"`
}

// GetInstanceState returns an instance's runtime state.
func (c *Client) GetInstanceState(ctx context.Context, name string) (*InstanceState, error) {
	st := &InstanceState{}
	if _, err := c.get(ctx, instancePath(name)+"/state", nil, st); err != nil {
		return nil, err
	}
	return st, nil
}

// UpdateInstanceState starts a state change; wait for the returned
// operation.
func (c *Client) UpdateInstanceState(ctx context.Context, name string, put InstanceStatePut) (*Operation, error) {
	return c.async(ctx, request{method: http.MethodPut, path: instancePath(name) + "/state", body: put})
}

// StartInstance starts an instance; wait for the returned operation.
func (c *Client) StartInstance(ctx context.Context, name string) (*Operation, error) {
	return c.UpdateInstanceState(ctx, name, InstanceStatePut{Action: "start", Timeout: -1})
}

// StopInstance stops an instance: cleanly within timeout seconds (-1:
// no limit), or at once when force is set. Wait for the returned operation.
func (c *Client) StopInstance(ctx context.Context, name string, force bool, timeout int) (*Operation, error) {
	return c.UpdateInstanceState(ctx, name, InstanceStatePut{Action: "stop", Force: force, Timeout: timeout})
}

// RestartInstance restarts a running instance: cleanly within timeout
// seconds (-1: no limit), or at once when force is set. Wait for the
// returned operation.
func (c *Client) RestartInstance(ctx context.Context, name string, force bool, timeout int) (*Operation, error) {
	return c.UpdateInstanceState(ctx, name, InstanceStatePut{Action: "restart", Force: force, Timeout: timeout})
}
