package lxd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// remote is an image server as the lxc client's config.yml describes one.
type remote struct {
	Addr     string `yaml:"addr"`
	Protocol string `yaml:"protocol"`
	Public   bool   `yaml:"public"`
	// cert is the server certificate the lxc client pinned for the
	// remote (servercerts/NAME.crt), for an "lxd" remote whose
	// certificate no CA signed; LXD checks the server against it.
	cert string
}

// defaultRemotes are the image servers the lxc client knows without any
// configuration.
var defaultRemotes = map[string]remote{
	"images":       {Addr: "https://images.linuxcontainers.org", Protocol: "simplestreams", Public: true},
	"ubuntu":       {Addr: "https://cloud-images.ubuntu.com/releases", Protocol: "simplestreams", Public: true},
	"ubuntu-daily": {Addr: "https://cloud-images.ubuntu.com/daily", Protocol: "simplestreams", Public: true},
}

// lxcConfigDirs are where the lxc client keeps config.yml, in the order it
// looks: $LXD_CONF, then ~/.config/lxc, then the snap's directory.
func lxcConfigDirs() []string {
	if d := os.Getenv("LXD_CONF"); d != "" {
		return []string{d}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return nil
	}
	return []string{filepath.Join(home, ".config", "lxc"), filepath.Join(home, "snap", "lxd", "common", "config")}
}

// loadRemotes returns the default remotes overlaid with those of the first
// lxc config.yml found. A missing file is no error; an unreadable or
// malformed one is, since the user configured something we cannot honour.
func loadRemotes() (map[string]remote, error) {
	all := make(map[string]remote, len(defaultRemotes))
	for k, v := range defaultRemotes {
		all[k] = v
	}
	for _, dir := range lxcConfigDirs() {
		path := filepath.Join(dir, "config.yml")
		data, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading lxc remotes: %w", err)
		}
		var cfg struct {
			Remotes map[string]remote `yaml:"remotes"`
		}
		if err := yaml.Unmarshal(data, &cfg); err != nil {
			return nil, fmt.Errorf("reading lxc remotes from %s: %w", path, err)
		}
		for k, v := range cfg.Remotes {
			if crt, err := os.ReadFile(filepath.Join(dir, "servercerts", k+".crt")); err == nil {
				v.cert = string(crt)
			}
			all[k] = v
		}
		break
	}
	return all, nil
}

// remote returns the named image remote, reading the lxc config once per
// Env.
func (e *Env) remote(name string) (remote, bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.remotes == nil {
		r, err := loadRemotes()
		if err != nil {
			return remote{}, false, err
		}
		e.remotes = r
	}
	r, ok := e.remotes[name]
	return r, ok, nil
}

// imageSource turns an image= value into the source of a create request.
// A value without a colon is a local alias or fingerprint prefix (the
// alias is tried first by LXD; see createWithImage for the fingerprint
// fallback). remote:alias names an image on an image server that the
// daemon downloads itself; "local:" is the daemon's own store.
func (e *Env) imageSource(image string) (lxdapi.InstanceSource, error) {
	if image == "" {
		return lxdapi.InstanceSource{}, &UsageError{Msg: "image= is empty"}
	}
	remoteName, alias, hasRemote := strings.Cut(image, ":")
	if !hasRemote || remoteName == "local" {
		if alias == "" {
			return lxdapi.InstanceSource{}, &UsageError{Msg: fmt.Sprintf("image=%s names no image", image)}
		}
		return lxdapi.ImageSource(alias), nil
	}
	if alias == "" {
		return lxdapi.InstanceSource{}, &UsageError{Msg: fmt.Sprintf("image=%s names no image after %q", image, remoteName+":")}
	}
	r, ok, err := e.remote(remoteName)
	if err != nil {
		return lxdapi.InstanceSource{}, err
	}
	if !ok {
		return lxdapi.InstanceSource{}, &UsageError{Msg: fmt.Sprintf("image=%s: unknown remote %q (known: images, ubuntu, ubuntu-daily and those in the lxc config.yml)", image, remoteName)}
	}
	if !strings.HasPrefix(r.Addr, "https://") {
		return lxdapi.InstanceSource{}, &UsageError{Msg: fmt.Sprintf("image=%s: remote %q at %s is not an https image server", image, remoteName, r.Addr)}
	}
	protocol := r.Protocol
	if protocol == "" {
		protocol = "lxd"
	}
	src := lxdapi.RemoteImageSource(r.Addr, protocol, alias)
	src.Certificate = r.cert
	return src, nil
}

// isHex reports whether s could be a fingerprint prefix.
func isHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
