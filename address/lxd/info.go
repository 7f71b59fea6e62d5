package lxd

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// info reports one instance: info name=.
//
// RESULT fields: CONTAINER, STATUS, PID (0 when stopped), IPV4 and IPV6
// (global addresses, blank-separated), MEMORY (bytes in use), PROCESSES,
// CREATED (RFC 3339, UTC), IMAGE (as in list), BASE (1 for a registered
// base), LOCATION (the cluster member; "" outside a cluster), DISK
// (bytes used by the root disk where the storage driver reports it, else
// ”). Two requests: the instance and its state.
func (e *view) info(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	inst, err := e.lxd().GetInstance(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	st, err := e.lxd().GetInstanceState(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	disk := ""
	if d, ok := st.Disk["root"]; ok {
		disk = strconv.FormatInt(d.Usage, 10)
	}
	res.set("STATUS", st.Status)
	res.set("PID", strconv.FormatInt(st.Pid, 10))
	res.set("IPV4", addressesOf(st, "inet"))
	res.set("IPV6", addressesOf(st, "inet6"))
	res.set("MEMORY", strconv.FormatInt(st.Memory.Usage, 10))
	res.set("PROCESSES", strconv.FormatInt(st.Processes, 10))
	res.set("CREATED", inst.CreatedAt.UTC().Format(time.RFC3339))
	res.set("IMAGE", imageOf(inst))
	res.set("BASE", boolString(inst.Config[keyBase] == "true"))
	res.set("LOCATION", memberName(inst.Location))
	res.set("DISK", disk)
	res.output = fmt.Sprintf("%s: %s", name, st.Status)
	if ip := res.get("IPV4"); ip != "" {
		res.output += " " + ip
	}
	return nil
}

// addressesOf returns an instance's global addresses of one family
// ("inet" or "inet6"), blank-separated, in interface-name order. As in
// LXD's own IPv4/IPv6 columns, loopback links are left out whatever
// their addresses (a guest with no network can put 10.0.0.1/32 on lo),
// and so are link-local (169.254/16, fe80::/10) and host-scope ones:
// none of them says the guest is reachable.
func addressesOf(st *lxdapi.InstanceState, family string) string {
	names := make([]string, 0, len(st.Network))
	for n, link := range st.Network {
		if n != "lo" && link.Type != "loopback" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var addrs []string
	for _, n := range names {
		for _, a := range st.Network[n].Addresses {
			if a.Family == family && a.Scope == "global" && !linkLocal(a.Address) {
				addrs = append(addrs, a.Address)
			}
		}
	}
	return strings.Join(addrs, " ")
}

// linkLocal reports whether addr is a link-local or loopback address. LXD
// marks those with scope "link" or "local" itself; this does not rely on
// it.
func linkLocal(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	return err == nil && (ip.IsLinkLocalUnicast() || ip.IsLoopback())
}
