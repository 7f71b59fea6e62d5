package lxd

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// status reports the daemon: status. It always asks the daemon (one GET
// /1.0), so it doubles as a reachability check.
//
// RESULT fields: RUNTIME ("lxd"), VERSION (the server version, e.g.
// 5.0.2), API (the API version, "1.0"), DRIVERS (storage drivers in use,
// blank-separated, e.g. "btrfs dir"), KERNEL (the host kernel version),
// SERVER (the server name), SOCKET (the socket path or URL used), AUTH
// ("trusted"), REMOTE (the lxc remote, "local" for the unix socket),
// PROJECT ("default" unless one was chosen), CLUSTER (1 when the server is
// a cluster member); and, under the names the JavaScript original uses,
// ACTIVECONTAINERS (the instances running in the project, whoever made
// them) and MAXCONTAINERS (the project's limits.instances, empty when it sets
// none, as LXD's default project does). Those two cost two more requests.
func (e *view) status(ctx context.Context, _ cmdArgs, res *result) error {
	res.set("RUNTIME", "lxd")
	res.set("SOCKET", e.lxd().Addr())
	res.set("REMOTE", e.remoteLabel())
	res.set("PROJECT", e.lxd().Project())
	s, err := e.lxd().GetServer(ctx)
	if err != nil {
		return err
	}
	res.set("CLUSTER", boolString(s.Environment.ServerClustered))
	drivers := strings.Join(strings.Fields(strings.ReplaceAll(s.Environment.Storage, "|", " ")), " ")
	res.set("VERSION", s.Environment.ServerVersion)
	res.set("API", s.APIVersion)
	res.set("DRIVERS", drivers)
	res.set("KERNEL", s.Environment.KernelVersion)
	res.set("SERVER", s.Environment.ServerName)
	res.set("AUTH", s.Auth)
	list, err := e.lxd().ListInstances(ctx)
	if err != nil {
		return err
	}
	running := 0
	for _, inst := range list {
		if inst.Status == "Running" {
			running++
		}
	}
	res.set("ACTIVECONTAINERS", fmt.Sprint(running))
	project, err := e.lxd().GetProject(ctx)
	if err != nil {
		return err
	}
	res.set("MAXCONTAINERS", project.Config["limits.instances"])
	res.output = fmt.Sprintf("LXD %s at %s (storage: %s)", s.Environment.ServerVersion, e.lxd().Addr(), drivers)
	return nil
}

// list lists every instance: list.
//
// RESULT fields: COUNT and RESULT.0 (the number of instances); for each
// instance i, RESULT.i.NAME, RESULT.i.STATUS ("Running", "Stopped", ...),
// RESULT.i.TYPE ("container" or "virtual-machine"), RESULT.i.IPV4 (its
// global IPv4 addresses, blank-separated, empty when none), RESULT.i.IMAGE
// (as in list_bases), RESULT.i.BASE (1 for a registered base) and
// RESULT.i.LOCATION (its cluster member, "" on a standalone server).
// Instances are sorted by name. One request (recursion=2) fetches all of
// it.
func (e *view) list(ctx context.Context, _ cmdArgs, res *result) error {
	res.isList = true
	list, err := e.lxd().ListInstancesFull(ctx)
	if err == nil && len(list) == 0 {
		err = e.checkProject(ctx)
	}
	if err != nil {
		return err
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	for _, inst := range list {
		res.addRow(
			field{"NAME", inst.Name},
			field{"STATUS", inst.Status},
			field{"TYPE", inst.Type},
			field{"IPV4", ipv4Of(inst.State)},
			field{"IMAGE", imageOf(&inst)},
			field{"BASE", boolString(inst.Config[keyBase] == "true")},
			field{"LOCATION", memberName(inst.Location)},
		)
	}
	res.set("COUNT", fmt.Sprint(len(res.rows)))
	res.output = fmt.Sprintf("%d instance(s)", len(res.rows))
	return nil
}

// ipv4Of returns an instance's global IPv4 addresses, blank-separated, in
// interface-name order ("" without a state).
func ipv4Of(st *lxdapi.InstanceState) string {
	if st == nil {
		return ""
	}
	return addressesOf(st, "inet")
}

// Names returns live names for the REPL's tab completion: kind is
// "instance", "base", "image" (aliases), "pool" or "profile". It gives up after
// Config.NamesTimeout and returns nil on any error, so completion never
// blocks the prompt on a slow or absent daemon.
func (e *Env) Names(ctx context.Context, kind string) []string {
	ctx, cancel := context.WithTimeout(ctx, e.cfg.NamesTimeout)
	defer cancel()
	v, err := e.on(ctx, "", "")
	if err != nil {
		return nil
	}
	return v.names(ctx, kind)
}

// names is Names on the view of the current connection.
func (e *view) names(ctx context.Context, kind string) []string {
	var names []string
	switch strings.ToLower(kind) {
	case "instance", "instances":
		list, err := e.lxd().ListInstances(ctx)
		if err != nil {
			return nil
		}
		for _, inst := range list {
			names = append(names, inst.Name)
		}
	case "base", "bases":
		list, err := e.lxd().ListInstances(ctx)
		if err != nil {
			return nil
		}
		for _, inst := range list {
			if inst.Config[keyBase] == "true" {
				names = append(names, inst.Name)
			}
		}
	case "image", "images":
		list, err := e.lxd().ListImageAliases(ctx)
		if err != nil {
			return nil
		}
		for _, a := range list {
			names = append(names, a.Name)
		}
	case "profile", "profiles":
		list, err := e.lxd().ListProfiles(ctx)
		if err != nil {
			return nil
		}
		for _, p := range list {
			names = append(names, p.Name)
		}
	case "pool", "pools", "storage":
		list, err := e.lxd().ListStoragePools(ctx)
		if err != nil {
			return nil
		}
		for _, p := range list {
			names = append(names, p.Name)
		}
	default:
		return nil
	}
	sort.Strings(names)
	return names
}
