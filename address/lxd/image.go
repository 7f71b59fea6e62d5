package lxd

import (
	"fmt"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// imageSource turns an image= value into the source of a create request,
// resolving remotes as the lxc client does (lxdapi.Config.ImageSource):
// a value without a colon is a local alias or fingerprint prefix (see
// createInstance for the fingerprint fallback); remote:alias is an image
// the daemon downloads from that image server itself. The lxc
// configuration is read once per Env, on the first image= that needs it.
func (e *view) imageSource(image string) (lxdapi.InstanceSource, error) {
	if image == "" {
		return lxdapi.InstanceSource{}, &UsageError{Msg: "image= is empty"}
	}
	cfg, err := e.lxcConf()
	if err != nil {
		return lxdapi.InstanceSource{}, err
	}
	src, err := cfg.ImageSource(image)
	if err != nil {
		return src, &UsageError{Msg: fmt.Sprintf("image=%s: %v", image, err)}
	}
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
