package lxdapi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultConfig(t *testing.T) {
	cfg := DefaultConfig("/x")
	want := map[string]string{
		"local":        "unix://",
		"images":       "https://images.linuxcontainers.org",
		"ubuntu":       "https://cloud-images.ubuntu.com/releases",
		"ubuntu-daily": "https://cloud-images.ubuntu.com/daily",
	}
	if got := strings.Join(cfg.Names(), " "); got != "images local ubuntu ubuntu-daily" {
		t.Fatalf("names %q", got)
	}
	for name, addr := range want {
		r, ok := cfg.Remote(name)
		if !ok || r.Addr != addr || r.Name != name {
			t.Errorf("%s: %+v", name, r)
		}
		if (name != "local") != r.IsImageServer() {
			t.Errorf("%s: IsImageServer %v", name, r.IsImageServer())
		}
	}
	if cfg.DefaultRemote != "local" {
		t.Errorf("default remote %q", cfg.DefaultRemote)
	}
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.yml"), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadConfigFile(t *testing.T) {
	t.Setenv("LXC_REMOTE", "")
	dir := writeConfig(t, `default-remote: lab
remotes:
  lab:
    addr: https://127.0.0.1:8443
    protocol: lxd
    auth_type: tls
    public: false
    project: rexx
  mirror:
    addr: https://mirror.example/streams
    protocol: simplestreams
    public: true
  ubuntu:
    addr: https://evil.example
    protocol: simplestreams
    public: true
    project: keep
aliases: {}
`)
	cfg, err := LoadConfigFile(filepath.Join(dir, "config.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DefaultRemote != "lab" || cfg.Dir != dir {
		t.Fatalf("default %q dir %q", cfg.DefaultRemote, cfg.Dir)
	}
	lab, _ := cfg.Remote("lab")
	if lab.Addr != "https://127.0.0.1:8443" || lab.Protocol != "lxd" || lab.Public || lab.Project != "rexx" || lab.Name != "lab" {
		t.Errorf("lab: %+v", lab)
	}
	// The built-in ubuntu: wins over the file, keeping only its project.
	u, _ := cfg.Remote("ubuntu")
	if u.Addr != "https://cloud-images.ubuntu.com/releases" || u.Project != "keep" {
		t.Errorf("ubuntu: %+v", u)
	}
	// A file without images: has none, as in lxc.
	if _, ok := cfg.Remote("images"); ok {
		t.Error("images: present although the file does not list it")
	}
	if _, ok := cfg.Remote("local"); !ok {
		t.Error("local: missing")
	}

	t.Setenv("LXC_REMOTE", "mirror")
	cfg, err = LoadConfigFile(filepath.Join(dir, "config.yml"))
	if err != nil || cfg.DefaultRemote != "mirror" {
		t.Fatalf("LXC_REMOTE: %v %q", err, cfg.DefaultRemote)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	dir := writeConfig(t, "remotes: [this is: not a map\n")
	if _, err := LoadConfigFile(filepath.Join(dir, "config.yml")); err == nil || !strings.Contains(err.Error(), "config.yml") {
		t.Fatalf("bad YAML: %v", err)
	}
	t.Setenv("LXD_CONF", t.TempDir())
	cfg, err := LoadConfig()
	if err != nil || len(cfg.Remotes) != 4 {
		t.Fatalf("no file: %v %+v", err, cfg)
	}
}

func TestConfigDir(t *testing.T) {
	t.Setenv("LXD_CONF", "/conf/here")
	if got := ConfigDir(); got != "/conf/here" {
		t.Errorf("LXD_CONF: %q", got)
	}
	home := t.TempDir()
	t.Setenv("LXD_CONF", "")
	t.Setenv("HOME", home)
	if got := ConfigDir(); got != filepath.Join(home, ".config", "lxc") {
		t.Errorf("nothing exists: %q", got)
	}
	snap := filepath.Join(home, "snap", "lxd", "common", "config")
	os.MkdirAll(snap, 0o700)
	os.WriteFile(filepath.Join(snap, "config.yml"), []byte("{}"), 0o600)
	if got := ConfigDir(); got != snap {
		t.Errorf("snap only: %q", got)
	}
	deb := filepath.Join(home, ".config", "lxc")
	os.MkdirAll(deb, 0o700)
	os.WriteFile(filepath.Join(deb, "config.yml"), []byte("{}"), 0o600)
	if got := ConfigDir(); got != deb {
		t.Errorf("both: %q", got)
	}
}

func TestImageSourceRefs(t *testing.T) {
	cfg := DefaultConfig(t.TempDir())
	cfg.Remotes["lab"] = Remote{Name: "lab", Addr: "https://127.0.0.1:8443"}
	os.MkdirAll(filepath.Join(cfg.Dir, "servercerts"), 0o700)
	os.WriteFile(filepath.Join(cfg.Dir, "servercerts", "lab.crt"), []byte("PEM"), 0o600)
	cases := []struct {
		ref  string
		want InstanceSource
	}{
		{"rexxlxd-busybox", InstanceSource{Type: "image", Alias: "rexxlxd-busybox"}},
		{"local:base", InstanceSource{Type: "image", Alias: "base"}},
		{"ubuntu:22.04", InstanceSource{Type: "image", Server: "https://cloud-images.ubuntu.com/releases", Protocol: "simplestreams", Alias: "22.04", Mode: "pull"}},
		{"images:debian/12", InstanceSource{Type: "image", Server: "https://images.linuxcontainers.org", Protocol: "simplestreams", Alias: "debian/12", Mode: "pull"}},
		{"lab:golden", InstanceSource{Type: "image", Server: "https://127.0.0.1:8443", Protocol: "lxd", Alias: "golden", Mode: "pull", Certificate: "PEM"}},
	}
	for _, tc := range cases {
		got, err := cfg.ImageSource(tc.ref)
		if err != nil || !sameSource(got, tc.want) {
			t.Errorf("%s: %+v %v, want %+v", tc.ref, got, err, tc.want)
		}
	}
	for _, bad := range []string{"nowhere:x", "ubuntu:"} {
		if _, err := cfg.ImageSource(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func sameSource(a, b InstanceSource) bool {
	return a.Type == b.Type && a.Alias == b.Alias && a.Server == b.Server && a.Protocol == b.Protocol &&
		a.Mode == b.Mode && a.Certificate == b.Certificate && a.Fingerprint == b.Fingerprint
}

func TestConnectRemotes(t *testing.T) {
	cfg := DefaultConfig(t.TempDir())
	if _, err := cfg.Connect("ubuntu", nil); err == nil || !strings.Contains(err.Error(), "image server") {
		t.Errorf("ubuntu: %v", err)
	}
	if _, err := cfg.Connect("nope", nil); err == nil || !strings.Contains(err.Error(), "images, local") {
		t.Errorf("nope: %v", err)
	}
	cfg.Remotes["sock"] = Remote{Addr: "unix:///run/x.socket", Project: "p"}
	c, err := cfg.Connect("sock", nil)
	if err != nil || c.Addr() != "/run/x.socket" || c.project != "p" {
		t.Fatalf("unix remote: %v %+v", err, c)
	}
	cfg.Remotes["lab"] = Remote{Addr: "https://127.0.0.1:8443"}
	if _, err := cfg.Connect("lab", nil); err == nil || !strings.Contains(err.Error(), "client certificate") {
		t.Errorf("lab without certificates: %v", err)
	}
	cfg.Remotes["sso"] = Remote{Addr: "https://127.0.0.1:8443", AuthType: "candid"}
	if _, err := cfg.Connect("sso", nil); err == nil || !strings.Contains(err.Error(), "auth_type candid") {
		t.Errorf("candid remote: %v", err)
	}
}

// clusterConfig is lxc's config.yml as lxc writes it with the test
// cluster added as a remote.
const clusterConfig = `default-remote: local
remotes:
  cluster:
    addr: https://127.0.1.1:8443
    auth_type: tls
    project: default
    protocol: lxd
    public: false
  images:
    addr: https://images.linuxcontainers.org
    protocol: simplestreams
    public: true
  local:
    addr: unix://
    public: false
aliases: {}
`

// TestLoadClusterRemote reads a config.yml as "lxc remote add" writes it
// (the test cluster's remote, with its server certificate stored) and
// connects with the stored credentials.
func TestLoadClusterRemote(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LXD_CONF", dir)
	t.Setenv("LXC_REMOTE", "")
	os.WriteFile(filepath.Join(dir, "config.yml"), []byte(clusterConfig), 0o600)
	cert, key := selfSigned(t, "client")
	srv, _ := selfSigned(t, "server")
	os.MkdirAll(filepath.Join(dir, "servercerts"), 0o700)
	os.WriteFile(filepath.Join(dir, "client.crt"), cert, 0o600)
	os.WriteFile(filepath.Join(dir, "client.key"), key, 0o600)
	os.WriteFile(filepath.Join(dir, "servercerts", "cluster.crt"), srv, 0o600)
	cfg, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	r, ok := cfg.Remote("cluster")
	if !ok || r.Addr != "https://127.0.1.1:8443" || r.Protocol != "lxd" || r.AuthType != "tls" || r.Project != "default" || cfg.DefaultRemote != "local" {
		t.Fatalf("cluster remote %+v (default %q)", r, cfg.DefaultRemote)
	}
	c, err := cfg.Connect("cluster", nil)
	if err != nil || c.Addr() != "https://127.0.1.1:8443" || c.Project() != "default" {
		t.Fatalf("Connect: %v %+v", err, c)
	}
	if p := c.WithProject("ci").Project(); p != "ci" {
		t.Errorf("WithProject: %q", p)
	}
	if p := c.WithProject("default").project; p != "" {
		t.Errorf("WithProject(default) sends project=%q", p)
	}
}
