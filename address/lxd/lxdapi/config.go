package lxdapi

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Remote is a server the lxc client knows by name: an LXD daemon (protocol
// "lxd") or an image server (protocol "simplestreams").
type Remote struct {
	Name     string // the key in config.yml's remotes
	Addr     string // addr: "unix://", "unix:///path" or "https://host:port"
	Protocol string // protocol: "lxd" (also when empty) or "simplestreams"
	Public   bool   // public: reachable without a trusted certificate
	AuthType string // auth_type
	Project  string // project
	// Static remotes are built into lxc and cannot be changed by the file.
	Static bool
}

// Config is the lxc client configuration: its directory (which also holds
// client.crt, client.key and servercerts/) and its remotes.
type Config struct {
	Dir           string
	DefaultRemote string
	Remotes       map[string]Remote
}

// The remotes lxc knows without any configuration file.
var (
	localRemote       = Remote{Addr: "unix://", Static: true}
	imagesRemote      = Remote{Addr: "https://images.linuxcontainers.org", Protocol: "simplestreams", Public: true}
	ubuntuRemote      = Remote{Addr: "https://cloud-images.ubuntu.com/releases", Protocol: "simplestreams", Public: true, Static: true}
	ubuntuDailyRemote = Remote{Addr: "https://cloud-images.ubuntu.com/daily", Protocol: "simplestreams", Public: true, Static: true}
)

// staticRemotes override whatever a configuration file says, as in lxc.
func staticRemotes() map[string]Remote {
	return map[string]Remote{"local": localRemote, "ubuntu": ubuntuRemote, "ubuntu-daily": ubuntuDailyRemote}
}

// DefaultConfig is lxc's configuration when there is no file: the local
// daemon plus the images:, ubuntu: and ubuntu-daily: image servers.
func DefaultConfig(dir string) *Config {
	cfg := &Config{Dir: dir, DefaultRemote: "local", Remotes: staticRemotes()}
	cfg.Remotes["images"] = imagesRemote
	cfg.name()
	return cfg
}

// ConfigDir returns the lxc client's configuration directory: $LXD_CONF,
// else ~/.config/lxc when it exists, else ~/snap/lxd/common/config when
// that exists, else ~/.config/lxc.
func ConfigDir() string {
	if d := os.Getenv("LXD_CONF"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(".config", "lxc")
	}
	deb := filepath.Join(home, ".config", "lxc")
	if _, err := os.Stat(filepath.Join(deb, "config.yml")); err == nil {
		return deb
	}
	snap := filepath.Join(home, "snap", "lxd", "common", "config")
	if _, err := os.Stat(filepath.Join(snap, "config.yml")); err == nil {
		return snap
	}
	return deb
}

// LoadConfig reads config.yml from ConfigDir(); without one it returns
// DefaultConfig.
func LoadConfig() (*Config, error) {
	dir := ConfigDir()
	cfg, err := LoadConfigFile(filepath.Join(dir, "config.yml"))
	if errors.Is(err, os.ErrNotExist) {
		return DefaultConfig(dir), nil
	}
	return cfg, err
}

// LoadConfigFile reads an lxc config.yml. The built-in local:, ubuntu: and
// ubuntu-daily: remotes are always present; $LXC_REMOTE overrides the
// default remote, as in lxc.
func LoadConfigFile(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading lxc configuration: %w", err)
	}
	file, err := parseConfigYAML(data)
	if err != nil {
		return nil, fmt.Errorf("decoding %s: %w", path, err)
	}
	cfg := &Config{Dir: filepath.Dir(path), DefaultRemote: file.DefaultRemote, Remotes: file.Remotes}
	if cfg.Remotes == nil {
		cfg.Remotes = map[string]Remote{}
	}
	for name, r := range staticRemotes() {
		if p := cfg.Remotes[name].Project; p != "" {
			r.Project = p
		}
		cfg.Remotes[name] = r
	}
	if env := os.Getenv("LXC_REMOTE"); env != "" {
		cfg.DefaultRemote = env
	} else if cfg.DefaultRemote == "" {
		cfg.DefaultRemote = "local"
	}
	cfg.name()
	return cfg, nil
}

// name fills in each Remote's Name from its key.
func (cfg *Config) name() {
	for k, r := range cfg.Remotes {
		r.Name = k
		cfg.Remotes[k] = r
	}
}

// Names returns the remote names, sorted.
func (cfg *Config) Names() []string {
	names := make([]string, 0, len(cfg.Remotes))
	for k := range cfg.Remotes {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Remote returns the remote called name.
func (cfg *Config) Remote(name string) (Remote, bool) {
	r, ok := cfg.Remotes[name]
	return r, ok
}

// IsImageServer reports whether the remote only serves images
// (simplestreams): it can be an image source but not a Client.
func (r Remote) IsImageServer() bool { return r.Protocol == "simplestreams" }

// Connect returns a client for the LXD daemon behind the remote called
// name: the local socket for unix:// addresses, HTTPS with the
// credentials in cfg.Dir otherwise.
func (cfg *Config) Connect(name string, opts *Options) (*Client, error) {
	r, ok := cfg.Remotes[name]
	if !ok {
		return nil, fmt.Errorf("no remote named %q (known: %s)", name, strings.Join(cfg.Names(), ", "))
	}
	if r.IsImageServer() {
		return nil, fmt.Errorf("remote %q is an image server (%s), not an LXD daemon", name, r.Protocol)
	}
	if r.AuthType != "" && r.AuthType != "tls" && r.AuthType != "file access" {
		// Candid and OIDC logins need a browser flow rexxlxd does not do.
		return nil, fmt.Errorf("remote %q uses auth_type %s; only TLS client certificates are supported", name, r.AuthType)
	}
	if r.Project != "" && (opts == nil || opts.Project == "") {
		o := Options{}
		if opts != nil {
			o = *opts
		}
		o.Project = r.Project
		opts = &o
	}
	if path, ok := strings.CutPrefix(r.Addr, "unix://"); ok {
		return NewUnix(path, opts), nil
	}
	var cred Credentials
	if !r.Public {
		var err error
		if cred, err = LoadCredentials(cfg.Dir, name); err != nil {
			return nil, err
		}
	} else {
		file := filepath.Join(cfg.Dir, "servercerts", name+".crt")
		if pem, err := os.ReadFile(file); err == nil {
			cred.ServerCert, cred.ServerCertFile = pem, file
		}
	}
	return NewRemote(r.Addr, cred, opts)
}

// ImageSource resolves an image reference as lxc does: "alias" or
// "fingerprint" (an image the local daemon has), or "remote:alias" such
// as "ubuntu:22.04" or "images:debian/12" (an image the daemon downloads
// from that remote). "local:alias" is the local daemon's.
func (cfg *Config) ImageSource(ref string) (InstanceSource, error) {
	name, image, ok := strings.Cut(ref, ":")
	if !ok {
		return ImageSource(ref), nil
	}
	if image == "" {
		return InstanceSource{}, fmt.Errorf("image reference %q names no image", ref)
	}
	r, ok := cfg.Remotes[name]
	if !ok {
		return InstanceSource{}, fmt.Errorf("image reference %q: no remote named %q (known: %s)", ref, name, strings.Join(cfg.Names(), ", "))
	}
	if strings.HasPrefix(r.Addr, "unix://") {
		return ImageSource(image), nil
	}
	protocol := r.Protocol
	if protocol == "" {
		protocol = "lxd"
	}
	src := RemoteImageSource(r.Addr, protocol, image)
	if protocol == "lxd" {
		// The daemon checks the remote's certificate itself.
		if pem, err := os.ReadFile(filepath.Join(cfg.Dir, "servercerts", name+".crt")); err == nil {
			src.Certificate = string(pem)
		}
	}
	return src, nil
}
