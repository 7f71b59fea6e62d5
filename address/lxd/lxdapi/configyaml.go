package lxdapi

import (
	"gopkg.in/yaml.v3"
)

// configFile is what config.yml says: default-remote and the remotes.
// Other keys lxc keeps there (aliases, defaults) are not read.
type configFile struct {
	DefaultRemote string
	Remotes       map[string]Remote
}

// configRemote is one remote as config.yml spells it.
type configRemote struct {
	Addr     string `yaml:"addr"`
	Protocol string `yaml:"protocol"`
	Public   bool   `yaml:"public"`
	AuthType string `yaml:"auth_type"`
	Project  string `yaml:"project"`
}

// parseConfigYAML reads an lxc config.yml with gopkg.in/yaml.v3, the YAML
// library lxc itself uses, so a file lxc reads is read the same here.
func parseConfigYAML(data []byte) (configFile, error) {
	var doc struct {
		DefaultRemote string                  `yaml:"default-remote"`
		Remotes       map[string]configRemote `yaml:"remotes"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return configFile{}, err
	}
	file := configFile{DefaultRemote: doc.DefaultRemote}
	if doc.Remotes != nil {
		file.Remotes = make(map[string]Remote, len(doc.Remotes))
		for name, r := range doc.Remotes {
			file.Remotes[name] = Remote{Addr: r.Addr, Protocol: r.Protocol, Public: r.Public, AuthType: r.AuthType, Project: r.Project}
		}
	}
	return file, nil
}
