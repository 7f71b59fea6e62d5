package lxdapi

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// yamlV3Config decodes config.yml with gopkg.in/yaml.v3, the library the
// reader in configyaml.go replaces, as the reference for what it must say.
func yamlV3Config(data []byte) (configFile, error) {
	type remote struct {
		Addr     string `yaml:"addr"`
		Protocol string `yaml:"protocol"`
		Public   bool   `yaml:"public"`
		AuthType string `yaml:"auth_type"`
		Project  string `yaml:"project"`
	}
	var file struct {
		DefaultRemote string            `yaml:"default-remote"`
		Remotes       map[string]remote `yaml:"remotes"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return configFile{}, err
	}
	out := configFile{DefaultRemote: file.DefaultRemote}
	if file.Remotes != nil {
		out.Remotes = map[string]Remote{}
		for k, r := range file.Remotes {
			out.Remotes[k] = Remote{Addr: r.Addr, Protocol: r.Protocol, Public: r.Public, AuthType: r.AuthType, Project: r.Project}
		}
	}
	return out, nil
}

// configDocs are config.yml files as lxc writes them (LXD 5.0's lxc, the
// snap's, with a cluster remote) and as people edit them: comments,
// quotes, flow mappings, other keys, CRLF line ends.
var configDocs = []string{
	"",
	"{}",
	"# nothing but a comment\n",
	clusterConfig,
	`default-remote: local
remotes:
  images:
    addr: https://images.lxd.canonical.com
    protocol: simplestreams
    public: true
  local:
    addr: unix://
    public: false
aliases: {}
defaults:
  console_type: ""
  console_spice_command: ""
`,
	"---\n# lxc configuration\ndefault-remote: \"lab\"   # the lab\nremotes:\n    lab:   # indented by four\n        addr: 'https://10.0.0.5:8443'\n        public: no\n        project: 'it''s'\n    mirror: {addr: \"https://m.example/streams\", protocol: simplestreams, public: yes}\n    empty:\n    nothing: {}\n",
	"remotes:\n  a:\n    addr: https://h:1\n    extra:\n      - one\n      - two\n    more: |\n      text: here\n      # not a comment\n  b: {addr: x}\naliases:\n- x\n- y\nother: [1, {a: b}, 'c']\n",
	"default-remote: lab\r\nremotes:\r\n  lab:\r\n    addr: https://[::1]:8443\r\n    public: TRUE\r\n",
	"remotes:\n  \"quoted name\":\n    addr: \"https://h:1/path#frag\"\n    protocol: \"lxd\"\n  'single':\n    addr: unix:///var/snap/lxd/common/lxd/unix.socket\n",
	"remotes: {a: {addr: 'x', public: on}, b: {}, c: null}\ndefault-remote: ~\n",
	"remotes:\n  x:\n    addr: \"tab\\there \\u00e9\\x41\"\n    public: Off\n",
	"remotes:\n  x:\n    addr: \"\\0\\a\\b\\e\\f\\r\\v\\n\\N\\_\\L\\P\\\\\\\"\\ \\U0001F600\"\n",
	"  default-remote: indented\n  remotes:\n    r:\n      addr: a#b\n",
}

func TestConfigYAMLAgrees(t *testing.T) {
	for _, doc := range configDocs {
		if msg := agrees(doc); msg != "" {
			t.Error(msg)
		}
	}
}

// agrees reads doc with our reader and with yaml.v3 and says how they
// differ, or "" when they agree.
func agrees(doc string) string {
	want, err := yamlV3Config([]byte(doc))
	if err != nil {
		return fmt.Sprintf("yaml.v3 refuses a test document: %v\n%s", err, doc)
	}
	got, err := parseConfigYAML([]byte(doc))
	if err != nil {
		return fmt.Sprintf("refused: %v\n%s", err, doc)
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("read %+v, yaml.v3 reads %+v\n%s", got, want, doc)
	}
	return ""
}

// TestConfigYAMLRefuses: what the reader does not take is an error that
// names the line, never a value read wrong.
func TestConfigYAMLRefuses(t *testing.T) {
	for _, tc := range []struct{ doc, msg string }{
		{"remotes: [this is: not a map\n", "line 1:"},
		{"remotes:\n- a\n", "line 2:"},
		{"remotes:\n  a:\n    addr: &x https://h\n", "line 3: \"&x https://h\": anchors"},
		{"remotes:\n  a:\n    addr: |\n      https://h\n", "line 3:"},
		{"remotes:\n  a:\n    addr: https://h\n      continued\n", "line 4: unexpected indentation"},
		{"remotes:\n  a:\n    addr: \"https://h\n      continued\"\n", "line 3: a quoted value that goes on"},
		{"aliases: \"x\nremotes: y\"\n", "line 1: a quoted value that goes on"},
		{"remotes:\n  a:\n    public: maybe\n", `line 3: public is "maybe"`},
		{"remotes:\n  a:\n    public: 'true'\n", `line 3: public is "true"`},
		{"remotes:\n  a:\n    addr: x\n    addr: y\n", `line 4: key "addr" given twice (also on line 3)`},
		{"remotes:\n  a:\n    addr: [x]\n", "line 3: a sequence where a scalar belongs"},
		{"remotes: 3\n", "line 1: remotes is a scalar"},
		{"remotes:\n  a: x\n", `line 2: remote "a" is a scalar`},
		{"remotes:\n\ta:\n", "line 2: a tab in the indentation"},
		{"default-remote: a: b\n", "line 1:"},
		{"- a\n- b\n", "line 1:"},
		{"a: b\n---\nc: d\n", "line 2: directives and more than one document"},
		{"remotes:\n  a:\n    addr: 'x'y\n", "line 3: unexpected"},
	} {
		_, err := parseConfigYAML([]byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: error %v, want one with %q", tc.doc, err, tc.msg)
		}
	}
}

// FuzzConfigYAML: on any input the reader does not panic, and where it
// and yaml.v3 both read a document they read the same.
func FuzzConfigYAML(f *testing.F) {
	for _, doc := range configDocs {
		f.Add(doc)
	}
	f.Add("remotes:\n  a:\n    addr: \"\\u00e9\"\n")
	f.Fuzz(func(t *testing.T, doc string) {
		got, err := parseConfigYAML([]byte(doc))
		if err != nil {
			return
		}
		want, werr := yamlV3Config([]byte(doc))
		if werr != nil {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read %+v, yaml.v3 reads %+v\n%q", got, want, doc)
		}
	})
}

// TestConfigYAMLGenerated writes many config.yml files in the forms lxc
// and people use (indentation, quoting, comments, flow mappings, other
// keys, the spellings of true and false) and checks that the reader takes
// every one and reads what yaml.v3 reads.
func TestConfigYAMLGenerated(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	scalar := func(v string) string {
		switch rng.IntN(4) {
		case 0:
			return `"` + strings.ReplaceAll(v, `"`, `\"`) + `"`
		case 1:
			return "'" + strings.ReplaceAll(v, "'", "''") + "'"
		}
		return v
	}
	comment := func() string { return pick("", "", " # note", "\t# x: y") }
	values := []string{"https://127.0.0.1:8443", "unix://", "unix:///var/lib/lxd/unix.socket", "https://[::1]:8443/",
		"https://images.linuxcontainers.org", "lxd", "simplestreams", "tls", "default", "a#b", "x-y_z.1", "8443"}
	bools := []string{"true", "false", "True", "FALSE", "yes", "no", "on", "Off", "y", "N", "'yes'", `"off"`, "~", ""}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		step := pick("  ", "    ", " ")
		if rng.IntN(4) == 0 {
			b.WriteString("---\n")
		}
		if rng.IntN(3) == 0 {
			b.WriteString("# lxc configuration\n\n")
		}
		if rng.IntN(2) == 0 {
			b.WriteString("default-remote: " + scalar(pick("local", "lab", "cluster-1", "x y")) + comment() + "\n")
		}
		if rng.IntN(3) == 0 {
			b.WriteString("aliases:" + pick(" {}", " {ls: list, 'x': [a, b]}", "\n  ls: list --fast\n  st: |\n    multi\n    line\n", "\n- a\n- b: c\n  d: e\n") + "\n")
		}
		b.WriteString("remotes:" + comment() + "\n")
		for r, nr := 0, 1+rng.IntN(4); r < nr; r++ {
			name := pick("local", "images", "lab", "cluster", "my-remote", "r.example.com") + string(rune('a'+r))
			if rng.IntN(5) == 0 {
				fields := []string{}
				for _, f := range []string{"addr", "protocol", "public", "project"} {
					if rng.IntN(2) == 0 {
						v := scalar(values[rng.IntN(len(values))])
						if strings.ContainsAny(v, "[]{},#") && v[0] != '"' && v[0] != '\'' {
							v = `"` + v + `"` // a flow collection ends a plain scalar there
						}
						if f == "public" {
							v = pick("true", "false", "yes", "off")
						}
						fields = append(fields, f+": "+v)
					}
				}
				b.WriteString(step + scalar(name) + ": {" + strings.Join(fields, ", ") + "}" + comment() + "\n")
				continue
			}
			b.WriteString(step + scalar(name) + ":" + comment() + "\n")
			for _, f := range []string{"addr", "auth_type", "project", "protocol", "public", "other"} {
				if rng.IntN(3) == 0 {
					continue
				}
				v := scalar(values[rng.IntN(len(values))])
				switch f {
				case "public":
					v = bools[rng.IntN(len(bools))]
				case "other":
					v = pick("[1, 2]", "{a: b}", "\n"+step+step+step+"- nested\n"+step+step+step+"- list", "x")
				}
				if rng.IntN(8) == 0 {
					b.WriteString("\n")
				}
				b.WriteString(step + step + f + ":" + pick(" ", "  ") + v + comment() + "\n")
			}
		}
		doc := b.String()
		if rng.IntN(4) == 0 {
			doc = strings.ReplaceAll(doc, "\n", "\r\n")
		}
		if msg := agrees(doc); msg != "" {
			t.Fatal(msg)
		}
	}
}
