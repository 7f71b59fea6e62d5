package lxd

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// Devices of an instance: forward makes a guest port reachable on the
// host (an LXD proxy device), devices lists what an instance has (its own
// and its profiles'), remove_device takes one of its own away. mount and
// unmount (mounts.go) are the disk devices' commands.
//
// The guest is the adversary (docs/security.md): a forward listens on the
// host's loopback unless address= says otherwise, so only this host's own
// processes reach the guest's port, and it never goes the other way (a
// guest reaching a host port).

// defaultForwardAddress is where a forward listens on the host unless
// address= says otherwise.
const defaultForwardAddress = "127.0.0.1"

// forward makes a guest port reachable on the host: forward name=
// port=HOST:GUEST (or port=PORT for the same number on both sides)
// [address=127.0.0.1] [protocol=tcp|udp] [device=NAME]. It adds an LXD
// proxy device that listens on the host at address:HOST and connects,
// inside the instance's network namespace, to the guest's loopback at
// GUEST; the guest needs no network device, but its service must listen
// on its loopback (or on all its addresses). A running container
// listens at once; a stopped one from its next start. The same forward
// given again (same device, same ends) is success with CHANGED 0, so a
// rerun converges; a device name or a host port the instance uses for
// something else is RC 1, and the instance stays as it was.
//
// RESULT fields: CONTAINER, DEVICE, ADDRESS, HOSTPORT, GUESTPORT,
// PROTOCOL, LISTEN (ADDRESS:HOSTPORT as a client dials it), STATUS (the
// instance's: Running means it listens now), CHANGED.
func (e *view) forward(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	dev, err := forwardArgs(args)
	if err != nil {
		return err
	}
	listen := net.JoinHostPort(dev.ListenAddr, strconv.Itoa(dev.ListenPort))
	res.set("ADDRESS", dev.ListenAddr)
	res.set("HOSTPORT", strconv.Itoa(dev.ListenPort))
	res.set("GUESTPORT", strconv.Itoa(dev.GuestPort))
	res.set("PROTOCOL", dev.Protocol)
	res.set("LISTEN", listen)
	device := forwardDevice(dev)
	if d, ok := args["device"]; ok {
		if err := checkDeviceName(d); err != nil {
			return err
		}
		device = d
	}
	res.set("DEVICE", device)
	inst, err := e.lxd().GetInstance(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	res.set("STATUS", inst.Status)
	what := fmt.Sprintf("%s %s to port %d of %s", dev.Protocol, listen, dev.GuestPort, name)
	have, taken := inst.ExpandedDevices[device]
	if _, own := inst.Devices[device]; own && sameProxy(have, dev) {
		res.unchanged()
		res.output = "already forwarding " + what + " (device " + device + ")"
		return nil
	}
	if other, ok := listenerOn(inst.ExpandedDevices, dev); ok {
		return fmt.Errorf("%s %s of the host is taken by device %s of %s (listen=%s); choose another port=",
			dev.Protocol, listen, other, name, inst.ExpandedDevices[other]["listen"])
	}
	if taken {
		return fmt.Errorf("%s already has a device %s (%s); choose another device=, or remove_device name=%s device=%s first",
			name, device, describeDevice(have), name, device)
	}
	if err := e.checkHostPort(dev); err != nil {
		return err
	}
	if err := e.lxd().AddInstanceDevice(ctx, inst, device, dev.Config()); err != nil {
		if lxdapi.StatusCode(err) == 412 {
			return fmt.Errorf("%s was changed by another command meanwhile; nothing was done, try again: %w", name, err)
		}
		return fmt.Errorf("forwarding %s: %w", what, notFound(name, err))
	}
	when := "listening now"
	if inst.StatusCode != lxdapi.StatusRunning {
		when = "listening from its next start"
	}
	res.output = fmt.Sprintf("forwarding %s (device %s, %s)", what, device, when)
	return nil
}

// checkHostPort refuses a forward whose host address and port something
// on this host holds now, when the daemon runs on this host: LXD would
// accept it on a stopped instance and fail at its start, and on a
// running one it fails with words about file descriptors. It binds the
// port for a moment and lets it go. On a remote only LXD can tell.
func (e *view) checkHostPort(dev lxdapi.ProxyDevice) error {
	if !e.lxd().OnThisHost() {
		return nil
	}
	addr := net.JoinHostPort(dev.ListenAddr, strconv.Itoa(dev.ListenPort))
	var err error
	if dev.Protocol == "udp" {
		var pc net.PacketConn
		if pc, err = net.ListenPacket("udp", addr); err == nil {
			pc.Close()
		}
	} else {
		var l net.Listener
		if l, err = net.Listen("tcp", addr); err == nil {
			l.Close()
		}
	}
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return fmt.Errorf("%s %s is in use on this host (by another program or another instance's forward); choose another port=", dev.Protocol, addr)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return &UsageError{Msg: fmt.Sprintf("address=%s is no address of this host", dev.ListenAddr)}
	}
	// Other refusals (a privileged port for a user who is not root) are
	// this process's, not the daemon's: LXD decides.
	return nil
}

// forwardArgs reads port=, address= and protocol= of forward, which
// the declaration has checked.
func forwardArgs(args map[string]string) (lxdapi.ProxyDevice, error) {
	dev := lxdapi.ProxyDevice{Protocol: "tcp", ListenAddr: defaultForwardAddress}
	if p := args["protocol"]; p != "" {
		switch strings.ToLower(p) {
		case "tcp", "udp":
			dev.Protocol = strings.ToLower(p)
		default:
			return dev, &UsageError{Msg: fmt.Sprintf("protocol=%s must be tcp or udp", p)}
		}
	}
	if a, ok := args["address"]; ok {
		ip, err := parseIPAddress("address", a)
		if err != nil {
			return dev, err
		}
		dev.ListenAddr = ip
	}
	var err error
	dev.ListenPort, dev.GuestPort, err = parsePorts("port", args["port"])
	return dev, err
}

// parseIPAddress reads an address= of forward: an IP address literal,
// returned in Go's canonical form (::ffff:127.0.0.1 is 127.0.0.1).
func parseIPAddress(key, s string) (string, error) {
	ip := net.ParseIP(s)
	if ip == nil {
		return "", &UsageError{Msg: fmt.Sprintf("%s=%s is no IP address; give the host address to listen on, e.g. %s=127.0.0.1 (the default)", key, s, key)}
	}
	return ip.String(), nil
}

// parsePorts reads port=HOST:GUEST, or port=PORT for the same number on
// both sides.
func parsePorts(key, value string) (host, guest int, err error) {
	hostPart, guestPart, pair := strings.Cut(value, ":")
	if !pair {
		guestPart = hostPart
	}
	if host, err = portNumber(key, value, "host", hostPart); err != nil {
		return 0, 0, err
	}
	if guest, err = portNumber(key, value, "guest", guestPart); err != nil {
		return 0, 0, err
	}
	return host, guest, nil
}

// portNumber reads one side of port=HOST:GUEST: a whole number from 1 to
// 65535.
func portNumber(key, value, side, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, &UsageError{Msg: fmt.Sprintf("%s=%s: the %s port %q is no port number (1 to 65535); write %s=HOST:GUEST, e.g. %s=8080:80",
			key, value, side, s, key, key)}
	}
	return n, nil
}

// forwardDevice names a forward's device after its protocol and host
// port (and its address when that is not the default), so the same
// forward always gets the same name and a rerun finds it:
// forward-tcp-8080, forward-tcp-0.0.0.0-8080.
func forwardDevice(dev lxdapi.ProxyDevice) string {
	if dev.ListenAddr == defaultForwardAddress {
		return fmt.Sprintf("forward-%s-%d", dev.Protocol, dev.ListenPort)
	}
	addr := strings.NewReplacer(":", "-", "%", "-").Replace(dev.ListenAddr)
	return fmt.Sprintf("forward-%s-%s-%d", dev.Protocol, addr, dev.ListenPort)
}

// sameProxy reports whether the device config have is the forward dev:
// a proxy with the same ends, bound on the host.
func sameProxy(have map[string]string, dev lxdapi.ProxyDevice) bool {
	bind := have["bind"]
	return have["type"] == "proxy" && (bind == "" || bind == "host") &&
		have["listen"] == dev.Listen() && have["connect"] == dev.Connect()
}

// listenerOn finds a host-side proxy among devices whose listen address
// would collide with dev's: the same protocol and port on the same
// address, or on the wildcard address of either. Devices are tried in
// name order.
func listenerOn(devices map[string]map[string]string, dev lxdapi.ProxyDevice) (string, bool) {
	for _, n := range slices.Sorted(maps.Keys(devices)) {
		d := devices[n]
		if d["type"] != "proxy" || d["bind"] == "instance" {
			continue
		}
		proto, hostport, ok := strings.Cut(d["listen"], ":")
		if !ok || proto != dev.Protocol {
			continue
		}
		addr, port, err := net.SplitHostPort(hostport)
		if err != nil || port != strconv.Itoa(dev.ListenPort) {
			continue
		}
		if ip := net.ParseIP(addr); ip == nil || ip.Equal(net.ParseIP(dev.ListenAddr)) || ip.IsUnspecified() || net.ParseIP(dev.ListenAddr).IsUnspecified() {
			return n, true
		}
	}
	return "", false
}

// describeDevice says in a few words what a device is, for messages.
func describeDevice(d map[string]string) string {
	switch d["type"] {
	case "proxy":
		return "proxy, listen=" + d["listen"] + " connect=" + d["connect"]
	case "disk":
		if d["path"] == "/" {
			return "the root disk"
		}
		return "disk at " + d["path"]
	case "":
		return "no type"
	}
	return d["type"]
}

// deviceFields are the row fields of devices besides NAME, TYPE and
// PROFILE: the device keys most worth a column, named as LXD names them.
var deviceFields = []string{"path", "source", "pool", "readonly", "listen", "connect", "network", "parent"}

// devices lists an instance's devices: devices name=. Its own and those
// its profiles give it (LXD's expanded devices: where the instance has a
// device of a profile's name, its own wins), sorted by name.
//
// RESULT fields: CONTAINER, COUNT and RESULT.0; for each device
// RESULT.i.NAME, .TYPE (disk, proxy, nic, ...), .PROFILE (empty for the
// instance's own device, else the profile it comes from), and the device
// keys .PATH, .SOURCE, .POOL, .READONLY, .LISTEN, .CONNECT, .NETWORK,
// .PARENT (empty when the device has no such key).
func (e *view) devices(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	inst, err := e.lxd().GetInstance(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	from, err := e.deviceProfiles(ctx, inst)
	if err != nil {
		return err
	}
	res.isList = true
	for _, n := range slices.Sorted(maps.Keys(inst.ExpandedDevices)) {
		d := inst.ExpandedDevices[n]
		row := []field{{"NAME", n}, {"TYPE", d["type"]}, {"PROFILE", from[n]}}
		for _, k := range deviceFields {
			row = append(row, field{strings.ToUpper(k), d[k]})
		}
		res.addRow(row...)
	}
	res.set("COUNT", strconv.Itoa(len(res.rows)))
	res.output = fmt.Sprintf("%d devices of %s", len(res.rows), name)
	return nil
}

// deviceProfiles says, for each device of inst that is not its own,
// which of its profiles gives it: the last one that has it, as LXD
// applies profiles in order. It reads the profiles only when there is
// such a device.
func (e *view) deviceProfiles(ctx context.Context, inst *lxdapi.Instance) (map[string]string, error) {
	from := map[string]string{}
	inherited := false
	for n := range inst.ExpandedDevices {
		if _, own := inst.Devices[n]; !own {
			inherited = true
		}
	}
	if !inherited {
		return from, nil
	}
	for _, pn := range inst.Profiles {
		p, err := e.lxd().GetProfile(ctx, pn)
		if err != nil {
			return nil, fmt.Errorf("reading profile %s of %s: %w", pn, inst.Name, err)
		}
		for n := range p.Devices {
			if _, own := inst.Devices[n]; !own {
				from[n] = pn
			}
		}
	}
	return from, nil
}

// removeDevice removes a device of an instance's own: remove_device
// name= device= [ensure=true]. A running container loses it at once (a
// forward stops listening). The root disk, and devices that come from a
// profile, are refused: the first would leave the instance unable to
// start, the second belongs to every instance of the profile. A device
// the instance does not have is RC 1, or with ensure=true success with
// CHANGED 0.
//
// RESULT fields: CONTAINER, DEVICE, TYPE (of the removed device),
// CHANGED.
func (e *view) removeDevice(ctx context.Context, args cmdArgs, res *result) error {
	name, device := args["name"], args["device"]
	res.set("CONTAINER", name)
	res.set("DEVICE", device)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	if err := checkDeviceName(device); err != nil {
		return err
	}
	ensure := args.flag("ensure")
	inst, err := e.lxd().GetInstance(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	d, own := inst.Devices[device]
	switch {
	case !own && inst.ExpandedDevices[device] != nil:
		from, err := e.deviceProfiles(ctx, inst)
		if err != nil {
			return err
		}
		return fmt.Errorf("device %s of %s comes from its profile %s; remove_device removes only the instance's own devices", device, name, from[device])
	case !own && ensure:
		res.unchanged()
		res.output = name + " has no device " + device
		return nil
	case !own:
		return fmt.Errorf("%s has no device %s (ensure=true accepts that)", name, device)
	case d["type"] == "disk" && d["path"] == "/":
		return fmt.Errorf("device %s is the root disk of %s; remove_device does not remove it", device, name)
	}
	res.set("TYPE", d["type"])
	if err := e.lxd().RemoveInstanceDevice(ctx, inst, device); err != nil {
		if lxdapi.StatusCode(err) == 412 {
			return fmt.Errorf("%s was changed by another command meanwhile; nothing was done, try again: %w", name, err)
		}
		return fmt.Errorf("removing device %s of %s: %w", device, name, notFound(name, err))
	}
	res.output = fmt.Sprintf("removed device %s (%s) from %s", device, describeDevice(d), name)
	return nil
}
