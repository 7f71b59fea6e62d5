package lxd

import (
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// TestProfileAndDeviceUsageOffline: the profile and device commands
// refuse bad names, ports, addresses and keys before anything is sent.
// The Env has no daemon, so RC -1 means the command went on to LXD.
func TestProfileAndDeviceUsageOffline(t *testing.T) {
	env := offline()
	for _, tc := range []struct {
		cmd  string
		rc   int
		want string
	}{
		{"profile_create name=web", RCUnreachable, ""},
		{"profile_create name=web_1.x config.limits.memory=256MiB description='for web' ensure=true", RCUnreachable, ""},
		{"profile_create name=''", RCUsage, "name= is empty"},
		{"profile_create name='my profile'", RCUsage, "holds ' '"},
		{"profile_create name=a,b", RCUsage, "holds ','"},
		{"profile_create name=a/b", RCUsage, "holds '/'"},
		{"profile_create name=.hidden", RCUsage, "starts with '.'"},
		{"profile_create name=-x", RCUsage, "starts with '-'"},
		{"profile_create name=" + strings.Repeat("p", 64), RCUsage, "at most 63"},
		{"profile_create name=web config.user.rexxlxd.base=true", RCUsage, "user.rexxlxd.* keys are rexxlxd's own"},
		{"profile_create name=web ensure=maybe", RCUsage, "ensure=maybe is not a truth value"},
		{"profile_create name=web exact=true", RCUsage, "unknown key exact="},
		{"profile_set name=web key=limits.cpu", RCUsage, "missing required key value="},
		{"profile_set name=web key=user.rexxlxd.base value=true", RCUsage, "rexxlxd's own"},
		{"profile_set name=w%41 key=a value=b", RCUsage, "holds '%'"},
		{"profile_unset name=web key='a b'", RCUsage, "is no config key"},
		{"profile_delete name=we/b", RCUsage, "holds '/'"},
		{"profile_delete name=rexxlxd-claim-web-1", RCUsage, "rexxlxd's claims on warm pool members"},
		{"profile_set name=rexxlxd-claim-web-1 key=user.x value=1", RCUsage, "release name=MEMBER"},
		{"profile_delete name=web ensure=true", RCUnreachable, ""},
		{"profiles", RCUnreachable, ""},
		{"profiles name=x", RCUsage, "profiles takes no keys"},

		{"forward name=c1 port=8080:80", RCUnreachable, ""},
		{"forward name=c1 port=8080", RCUnreachable, ""},
		{"forward name=c1 port=8080:80 address=::1 protocol=UDP device=web", RCUnreachable, ""},
		{"forward name=c1", RCUsage, "missing required key port="},
		{"forward name=c1 port=http", RCUsage, `the host port "http" is no port number`},
		{"forward name=c1 port=8080:", RCUsage, `the guest port "" is no port number`},
		{"forward name=c1 port=0:80", RCUsage, `the host port "0"`},
		{"forward name=c1 port=8080:65536", RCUsage, `the guest port "65536"`},
		{"forward name=c1 port=+80:80", RCUsage, `the host port "+80"`},
		{"forward name=c1 port=8000-8010:80", RCUsage, "is no port number"},
		{"forward name=c1 port=80 address=localhost", RCUsage, "address=localhost is no IP address"},
		{"forward name=c1 port=80 address=''", RCUsage, "address= is no IP address"},
		{"forward name=c1 port=80 protocol=sctp", RCUsage, "protocol=sctp must be tcp or udp"},
		{"forward name=c1 port=80 protocol=", RCUnreachable, ""}, // the default, tcp
		{"forward name=c1 port=80 device=a/b", RCUsage, "device=a/b holds '/'"},
		{"forward name=1c port=80", RCUsage, "starts with a digit"},
		{"forward name=c* port=80 exact=true", RCUsage, "exact=true"},
		{"devices name=c1", RCUnreachable, ""},
		{"devices name=c_1", RCUsage, "contains '_'"},
		{"remove_device name=c1 device=web", RCUnreachable, ""},
		{"remove_device name=c1", RCUsage, "missing required key device="},
		{"remove_device name=c1 device=''", RCUsage, "device= must be 1 to 64 characters"},
		{"remove_device name=c1 device=x ensure=perhaps", RCUsage, "ensure=perhaps"},
		// remove_device is a destructive fleet command.
		{"remove_device name=* device=web", RCUsage, "add all=true"},
		{"remove_device name=web-* device=web", RCUnreachable, ""},
		{"remove_device name=* device=web all=true", RCUnreachable, ""},
	} {
		rc, vars := run(t, env, tc.cmd)
		if rc != tc.rc || !strings.Contains(vars["RESULT.ERROR"], tc.want) {
			t.Errorf("%q: RC %d, ERROR %q; want RC %d and %q", tc.cmd, rc, vars["RESULT.ERROR"], tc.rc, tc.want)
		}
	}
}

// TestForwardArgs: what port=, address= and protocol= make of a proxy
// device, and the device name a rerun finds again.
func TestForwardArgs(t *testing.T) {
	for _, tc := range []struct {
		args                    map[string]string
		listen, connect, device string
	}{
		{map[string]string{"port": "8080:80"}, "tcp:127.0.0.1:8080", "tcp:127.0.0.1:80", "forward-tcp-8080"},
		{map[string]string{"port": "5353", "protocol": "udp"}, "udp:127.0.0.1:5353", "udp:127.0.0.1:5353", "forward-udp-5353"},
		{map[string]string{"port": "8080:80", "address": "0.0.0.0"}, "tcp:0.0.0.0:8080", "tcp:127.0.0.1:80", "forward-tcp-0.0.0.0-8080"},
		{map[string]string{"port": "8080:80", "address": "::1"}, "tcp:[::1]:8080", "tcp:127.0.0.1:80", "forward-tcp---1-8080"},
		{map[string]string{"port": "8080:80", "address": "::ffff:127.0.0.1"}, "tcp:127.0.0.1:8080", "tcp:127.0.0.1:80", "forward-tcp-8080"},
	} {
		dev, err := forwardArgs(tc.args)
		if err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		cfg := dev.Config()
		if cfg["type"] != "proxy" || cfg["listen"] != tc.listen || cfg["connect"] != tc.connect || cfg["bind"] != "host" {
			t.Errorf("%v: config %v, want listen %s connect %s", tc.args, cfg, tc.listen, tc.connect)
		}
		if got := forwardDevice(dev); got != tc.device {
			t.Errorf("%v: device %q, want %q", tc.args, got, tc.device)
		}
		if err := checkDeviceName(forwardDevice(dev)); err != nil {
			t.Errorf("%v: derived device name refused: %v", tc.args, err)
		}
	}
}

// TestListenerOn: a forward collides with a host-side proxy of the
// instance on the same protocol and port when either address is the
// other or a wildcard; bind=instance proxies listen in the guest and do
// not count.
func TestListenerOn(t *testing.T) {
	devices := map[string]map[string]string{
		"root": {"type": "disk", "path": "/", "pool": "p"},
		"web":  {"type": "proxy", "listen": "tcp:127.0.0.1:8080", "connect": "tcp:127.0.0.1:80"},
		"all":  {"type": "proxy", "listen": "tcp:0.0.0.0:9090", "connect": "tcp:127.0.0.1:90"},
		"in":   {"type": "proxy", "listen": "tcp:127.0.0.1:7070", "connect": "tcp:127.0.0.1:70", "bind": "instance"},
		"v6":   {"type": "proxy", "listen": "udp:[::1]:5353", "connect": "udp:127.0.0.1:53"},
	}
	dev := func(proto, addr string, port int) lxdapi.ProxyDevice {
		return lxdapi.ProxyDevice{Protocol: proto, ListenAddr: addr, ListenPort: port, GuestPort: 1}
	}
	for _, tc := range []struct {
		dev  lxdapi.ProxyDevice
		want string
	}{
		{dev("tcp", "127.0.0.1", 8080), "web"},
		{dev("tcp", "0.0.0.0", 8080), "web"},
		{dev("tcp", "127.0.0.2", 8080), ""},
		{dev("udp", "127.0.0.1", 8080), ""},
		{dev("tcp", "127.0.0.1", 8081), ""},
		{dev("tcp", "127.0.0.1", 9090), "all"},
		{dev("tcp", "127.0.0.1", 7070), ""},
		{dev("udp", "::1", 5353), "v6"},
	} {
		got, ok := listenerOn(devices, tc.dev)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%+v: %q %v, want %q", tc.dev, got, ok, tc.want)
		}
	}
}

// TestUsedByInstances: LXD's used_by URLs become names; another
// project's instance keeps its project in front.
func TestUsedByInstances(t *testing.T) {
	p := &lxdapi.Profile{UsedBy: []string{
		"/1.0/instances/c1",
		"/1.0/instances/c2?project=default",
		"/1.0/instances/c3?project=other",
		"/1.0/profiles/x",
	}}
	if got := strings.Join(p.UsedByInstances("default"), " "); got != "c1 c2 other/c3" {
		t.Errorf("in default: %q", got)
	}
	if got := strings.Join(p.UsedByInstances("other"), " "); got != "default/c1 default/c2 c3" {
		t.Errorf("in other: %q", got)
	}
}
