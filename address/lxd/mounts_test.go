package lxd

import (
	"strings"
	"testing"
)

// TestMountDevice: the derived device name is the same for every spelling
// of one guest path, differs between paths that make the same slug, and
// is always a name device= would accept.
func TestMountDevice(t *testing.T) {
	clean := func(p string) string {
		c, err := guestDir(p)
		if err != nil {
			t.Fatalf("guestDir(%q): %v", p, err)
		}
		return c
	}
	if a, b := mountDevice(clean("/srv/src/")), mountDevice(clean("/srv//./src")); a != b {
		t.Errorf("one path, two names: %s, %s", a, b)
	}
	seen := map[string]string{}
	for _, p := range []string{"/a-b", "/a/b", "/a b", "/a_b", "/" + strings.Repeat("x", 100), "/" + strings.Repeat("x", 101), "/srv/ünï/côde", "/a\nb"} {
		d := mountDevice(clean(p))
		if other, ok := seen[d]; ok {
			t.Errorf("%q and %q both give %s", p, other, d)
		}
		seen[d] = p
		if err := checkDeviceName(d); err != nil {
			t.Errorf("%q gives %s, which device= refuses: %v", p, d, err)
		}
		if !strings.HasPrefix(d, "mount-") {
			t.Errorf("%q gives %s", p, d)
		}
	}
	for _, p := range []string{"", "srv", "./srv", "/", "//", "/..", "/a/.."} {
		if _, err := guestDir(p); err == nil {
			t.Errorf("guestDir(%q) accepted", p)
		}
	}
}
