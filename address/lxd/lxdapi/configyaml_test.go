package lxdapi

import (
	"reflect"
	"strings"
	"testing"
)

// TestParseConfigYAML reads config.yml files as lxc writes them and as
// people edit them (comments, quotes, flow mappings, other keys, CRLF),
// and checks what each says.
func TestParseConfigYAML(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want configFile
	}{
		{"", configFile{}},
		{"# nothing but a comment\n", configFile{}},
		{clusterConfig, configFile{DefaultRemote: "local", Remotes: map[string]Remote{
			"cluster": {Addr: "https://127.0.1.1:8443", AuthType: "tls", Project: "default", Protocol: "lxd"},
			"images":  {Addr: "https://images.linuxcontainers.org", Protocol: "simplestreams", Public: true},
			"local":   {Addr: "unix://"},
		}}},
		{"---\ndefault-remote: \"lab\"   # the lab\nremotes:\n    lab:\n        addr: 'https://10.0.0.5:8443'\n        project: 'it''s'\n    mirror: {addr: \"https://m.example/s\", protocol: simplestreams, public: yes}\naliases:\n  ls: list --fast\n",
			configFile{DefaultRemote: "lab", Remotes: map[string]Remote{
				"lab":    {Addr: "https://10.0.0.5:8443", Project: "it's"},
				"mirror": {Addr: "https://m.example/s", Protocol: "simplestreams", Public: true},
			}}},
		{"default-remote: lab\r\nremotes:\r\n  lab:\r\n    addr: https://[::1]:8443\r\n    public: true\r\n",
			configFile{DefaultRemote: "lab", Remotes: map[string]Remote{"lab": {Addr: "https://[::1]:8443", Public: true}}}},
	} {
		got, err := parseConfigYAML([]byte(tc.doc))
		if err != nil {
			t.Errorf("%q: %v", tc.doc, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q:\nread %+v\nwant %+v", tc.doc, got, tc.want)
		}
	}
}

// TestParseConfigYAMLRefuses: a file that is not a config.yml is an error
// that names the line, never a value read wrong.
func TestParseConfigYAMLRefuses(t *testing.T) {
	for _, tc := range []struct{ doc, msg string }{
		{"remotes: [this is: not a map\n", "line 1"},
		{"remotes:\n- a\n", "line 2"},
		{"remotes:\n  a:\n    public: maybe\n", "line 3"},
		{"remotes: 3\n", "line 1"},
	} {
		_, err := parseConfigYAML([]byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: error %v, want one with %q", tc.doc, err, tc.msg)
		}
	}
}
