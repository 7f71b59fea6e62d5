package lxd

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// A mount shares a host directory with an instance instead of copying it:
// an LXD disk device (type=disk, source=HOSTDIR, path=GUESTDIR). Eight
// sandboxes can see one source tree without eight pushes. The guest is
// untrusted, so a mount is read-only unless readonly=false says otherwise
// (docs/security.md says what a writable one lets a guest do).

// maxDeviceName bounds a device name: LXD keeps it as a key and in mount
// paths, and a derived name stays readable well below this.
const maxDeviceName = 64

// mount shares a host directory with an instance: mount name= source=
// path= [readonly=true|false] [device=NAME]. source= is
// a directory on the daemon's host (checked here when the daemon is on
// this host), path= an absolute path in the guest, where LXD makes the
// mount point if it is missing. A running container sees the mount at
// once. The device is named device=, else after the path (see
// mountDevice); a path or device name the instance already has is
// refused, and the instance stays as it was.
//
// RESULT fields: CONTAINER, SOURCE, PATH (cleaned), READONLY (1 or 0),
// DEVICE, CHANGED.
//
// There is no shift= (LXD's idmapped mount of the source): on LXD 5.0.2
// here the device fails to start ("Required idmapping abilities not
// available"), and where it works it makes the guest's root the owner of
// host root's files in the tree (docs/security.md).
func (e *view) mount(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	res.set("SOURCE", args["source"])
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	guest, err := guestDir(args["path"])
	if err != nil {
		return err
	}
	res.set("PATH", guest)
	dev := lxdapi.DiskDevice{Source: args["source"], Path: guest, ReadOnly: !args.has("readonly") || args.flag("readonly")}
	res.set("READONLY", flag(dev.ReadOnly))
	device, err := deviceArg(args, guest)
	if err != nil {
		return err
	}
	res.set("DEVICE", device)
	if err := e.checkHostDir(dev.Source); err != nil {
		return err
	}
	inst, err := e.lxd().GetInstance(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	if other, ok := diskAt(inst.ExpandedDevices, guest); ok {
		return fmt.Errorf("%s of %s is taken: device %s is mounted there; unmount name=%s device=%s first, or choose another path=",
			guest, name, other, name, other)
	}
	if _, ok := inst.ExpandedDevices[device]; ok {
		return fmt.Errorf("%s already has a device %s; choose another device=", name, device)
	}
	if err := e.lxd().AddInstanceDevice(ctx, inst, device, dev.Config()); err != nil {
		return explainMount(name, guest, err)
	}
	mode := "read-only"
	if !dev.ReadOnly {
		mode = "writable"
	}
	res.output = fmt.Sprintf("mounted %s at %s of %s (%s, device %s)", dev.Source, guest, name, mode, device)
	return nil
}

// unmount removes a mount: unmount name= path=GUESTDIR or device=NAME
// (one of them). Only a disk device of the instance's own can go, never
// the root disk nor one its profiles give it. A running container loses
// the mount at once; what the guest wrote through a writable mount stays
// in the host directory.
//
// RESULT fields: CONTAINER, PATH, DEVICE, SOURCE, READONLY (1 or 0),
// CHANGED.
func (e *view) unmount(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	p, byPath := args["path"]
	device, byDevice := args["device"]
	if byPath == byDevice {
		return &UsageError{Msg: "give path=GUESTDIR or device=NAME, one of them, to say which mount goes"}
	}
	var guest string
	if byPath {
		var err error
		if guest, err = guestDir(p); err != nil {
			return err
		}
	} else if err := checkDeviceName(device); err != nil {
		return err
	}
	inst, err := e.lxd().GetInstance(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	if byPath {
		d, ok := diskAt(inst.ExpandedDevices, guest)
		if !ok {
			return fmt.Errorf("nothing is mounted at %s of %s", guest, name)
		}
		device = d
	}
	d, own := inst.Devices[device]
	switch {
	case !own && inst.ExpandedDevices[device] != nil:
		return fmt.Errorf("device %s of %s comes from a profile; unmount removes only the instance's own mounts", device, name)
	case !own:
		return fmt.Errorf("%s has no device %s", name, device)
	case d["type"] != "disk" || d["source"] == "" || d["path"] == "/":
		return fmt.Errorf("device %s of %s is no mount (type %s, path %s); unmount removes only shared directories", device, name, d["type"], d["path"])
	}
	res.set("PATH", d["path"])
	res.set("DEVICE", device)
	res.set("SOURCE", d["source"])
	res.set("READONLY", flag(d["readonly"] == "true"))
	if err := e.lxd().RemoveInstanceDevice(ctx, inst, device); err != nil {
		return explainMount(name, d["path"], err)
	}
	res.output = fmt.Sprintf("unmounted %s from %s (device %s)", d["path"], name, device)
	return nil
}

// guestDir checks path= of mount and unmount: an absolute guest path other
// than the root, returned cleaned (so /srv/src/ and /srv//src are one).
func guestDir(p string) (string, error) {
	switch {
	case p == "":
		return "", &UsageError{Msg: "path= is empty; give an absolute path in the guest, e.g. path=/srv/src"}
	case !strings.HasPrefix(p, "/"):
		return "", &UsageError{Msg: fmt.Sprintf("path=%s is relative; give an absolute path in the guest, e.g. path=/%s", p, p)}
	case strings.ContainsRune(p, 0):
		return "", &UsageError{Msg: "path= holds a NUL character"}
	}
	c := path.Clean(p)
	if c == "/" {
		return "", &UsageError{Msg: "path=/ is the guest's root file system; give a directory below it"}
	}
	return c, nil
}

// checkHostDir checks source= of mount: an absolute path that, when the
// daemon runs on this host, is an existing directory. (On a remote the
// path is the remote host's, which only LXD can check.)
func (e *view) checkHostDir(src string) error {
	switch {
	case src == "":
		return &UsageError{Msg: "source= is empty; give the absolute path of a host directory"}
	case !strings.HasPrefix(src, "/"):
		return &UsageError{Msg: fmt.Sprintf("source=%s is relative; give the absolute path of a host directory", src)}
	case strings.ContainsRune(src, 0):
		return &UsageError{Msg: "source= holds a NUL character"}
	}
	if !e.lxd().OnThisHost() {
		return nil
	}
	fi, err := os.Stat(src)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return &UsageError{Msg: fmt.Sprintf("source=%s does not exist on this host", src)}
	case err != nil:
		return &UsageError{Msg: fmt.Sprintf("source=%s: %v", src, err)}
	case !fi.IsDir():
		return &UsageError{Msg: fmt.Sprintf("source=%s is no directory; mount shares directories (push copies a file)", src)}
	}
	return nil
}

// deviceArg is the device name of a mount: device= if given, else one
// derived from the guest path.
func deviceArg(args cmdArgs, guest string) (string, error) {
	if d, ok := args["device"]; ok {
		return d, checkDeviceName(d)
	}
	return mountDevice(guest), nil
}

// mountDevice derives a device name from a cleaned guest path: "mount-",
// the path with every character but letters, digits, '.', '_' and '-'
// made '-' (cut to keep the name short), and a hash of the whole path.
// The same path always gives the same name, so a later unmount or another
// script finds it; the hash keeps /a-b and /a/b apart.
func mountDevice(guest string) string {
	var b strings.Builder
	for _, r := range strings.TrimPrefix(guest, "/") {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	slug := b.String()
	if len(slug) > 40 {
		slug = slug[:40]
	}
	h := fnv.New32a()
	h.Write([]byte(guest))
	return fmt.Sprintf("mount-%s-%08x", slug, h.Sum32())
}

// checkDeviceName checks device=: letters, digits, '.', '_' and '-', not
// starting with '.', at most maxDeviceName characters.
func checkDeviceName(d string) error {
	if d == "" || len(d) > maxDeviceName || d[0] == '.' {
		return &UsageError{Msg: fmt.Sprintf("device=%s must be 1 to %d characters, not starting with '.'", d, maxDeviceName)}
	}
	for _, r := range d {
		if !(r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')) {
			return &UsageError{Msg: fmt.Sprintf("device=%s holds %q; use letters, digits, '.', '_' and '-'", d, r)}
		}
	}
	return nil
}

// diskAt finds the disk device mounted at the cleaned guest path among
// devices (an instance's expanded devices, which include its profiles').
// Devices are tried in name order, so the answer does not depend on map
// order.
func diskAt(devices map[string]map[string]string, guest string) (string, bool) {
	names := make([]string, 0, len(devices))
	for n := range devices {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		d := devices[n]
		if d["type"] == "disk" && d["path"] != "" && path.Clean(d["path"]) == guest {
			return n, true
		}
	}
	return "", false
}

// explainMount names the instance and path in LXD's refusals of a device
// change; 412 means another change came first.
func explainMount(name, guest string, err error) error {
	if lxdapi.StatusCode(err) == 412 {
		return fmt.Errorf("%s was changed by another command while its mount at %s was changed; nothing was done, try again: %w", name, guest, err)
	}
	return fmt.Errorf("changing the mount at %s of %s: %w", guest, name, notFound(name, err))
}

// flag is a truth value as RESULT fields give it.
func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
