package lxdapi

import (
	"context"
	"slices"
)

// Server is the answer to GET /1.0: what the daemon is and supports.
type Server struct {
	APIExtensions []string          `json:"api_extensions"`
	APIStatus     string            `json:"api_status"`
	APIVersion    string            `json:"api_version"`
	Auth          string            `json:"auth"` // "trusted" or "untrusted"
	AuthMethods   []string          `json:"auth_methods"`
	Public        bool              `json:"public"`
	Config        map[string]any    `json:"config"`
	Environment   ServerEnvironment `json:"environment"`
}

// ServerEnvironment describes the daemon's host and build.
type ServerEnvironment struct {
	Addresses               []string        `json:"addresses"`
	Architectures           []string        `json:"architectures"`
	Certificate             string          `json:"certificate"`
	CertificateFingerprint  string          `json:"certificate_fingerprint"`
	Driver                  string          `json:"driver"` // "lxc", "lxc | qemu"
	DriverVersion           string          `json:"driver_version"`
	Firewall                string          `json:"firewall"`
	Kernel                  string          `json:"kernel"`
	KernelArchitecture      string          `json:"kernel_architecture"`
	KernelVersion           string          `json:"kernel_version"`
	OSName                  string          `json:"os_name"`
	OSVersion               string          `json:"os_version"`
	Project                 string          `json:"project"`
	Server                  string          `json:"server"`
	ServerClustered         bool            `json:"server_clustered"`
	ServerName              string          `json:"server_name"`
	ServerPID               int             `json:"server_pid"`
	ServerVersion           string          `json:"server_version"`
	Storage                 string          `json:"storage"` // drivers in use, e.g. "btrfs | dir"
	StorageVersion          string          `json:"storage_version"`
	StorageSupportedDrivers []StorageDriver `json:"storage_supported_drivers"`
}

// StorageDriver is one storage driver the daemon can use.
type StorageDriver struct {
	Name    string `json:"Name"`
	Version string `json:"Version"`
	Remote  bool   `json:"Remote"`
}

// GetServer returns the daemon's description (GET /1.0).
func (c *Client) GetServer(ctx context.Context) (*Server, error) {
	s := &Server{}
	if _, err := c.get(ctx, "/1.0", nil, s); err != nil {
		return nil, err
	}
	return s, nil
}

// HasExtension reports whether the daemon lists the API extension name.
func (s *Server) HasExtension(name string) bool {
	return slices.Contains(s.APIExtensions, name)
}
