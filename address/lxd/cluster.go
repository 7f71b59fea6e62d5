package lxd

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// clusterMembers lists the members of the cluster the server belongs to:
// cluster_members. A standalone server is an error (RC 1) that says so.
//
// RESULT fields: COUNT and RESULT.0 (the number of members); for each
// member i, RESULT.i.NAME, RESULT.i.STATUS ("Online", "Offline",
// "Evacuated", ...), RESULT.i.URL, RESULT.i.ROLES (blank-separated, e.g.
// "database-leader database"; empty for a member without a role) and
// RESULT.i.MESSAGE (LXD's word on its state, e.g. "Fully operational").
// Members come in LXD's order (by name).
func (e *view) clusterMembers(ctx context.Context, _ cmdArgs, res *result) error {
	res.isList = true
	clustered, err := e.clustered(ctx)
	if err != nil {
		return err
	}
	if !clustered {
		return fmt.Errorf("%s (%s) is no cluster member", e.remoteLabel(), e.lxd().Addr())
	}
	list, err := e.lxd().ListClusterMembers(ctx)
	if err != nil {
		return err
	}
	online := 0
	for _, m := range list {
		res.addRow(
			field{"NAME", m.ServerName},
			field{"STATUS", m.Status},
			field{"URL", m.URL},
			field{"ROLES", strings.Join(m.Roles, " ")},
			field{"MESSAGE", m.Message},
		)
		if m.Status == "Online" {
			online++
		}
	}
	res.set("COUNT", fmt.Sprint(len(list)))
	res.output = fmt.Sprintf("%d member(s), %d online", len(list), online)
	return nil
}

// move moves a stopped instance to another cluster member: move name=
// target=member. LXD copies its storage over and removes it from the old
// member; a running instance is refused (stop it first).
//
// RESULT fields: CONTAINER, TARGET, FROM (the member it was on), LOCATION
// (where it is now, read back from LXD), STATUS.
func (e *view) move(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	target, err := targetArg(args, res)
	if err != nil {
		return err
	}
	// A running instance would need a live migration (CRIU), which LXD
	// attempts and fails at; say plainly what to do instead.
	inst, err := e.lxd().GetInstance(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	res.set("FROM", memberName(inst.Location))
	if inst.StatusCode != lxdapi.StatusStopped {
		return fmt.Errorf("%s is %s; stop it before moving it to %s", name, strings.ToLower(inst.Status), target)
	}
	if err := waiter(ctx)(e.lxd().MoveInstance(ctx, name, target)); err != nil {
		return notFound(name, err)
	}
	inst, err = e.lxd().GetInstance(ctx, name)
	if err != nil {
		return fmt.Errorf("moved %s to %s, but reading it back failed: %w", name, target, err)
	}
	res.set("LOCATION", memberName(inst.Location))
	res.set("STATUS", inst.Status)
	res.output = fmt.Sprintf("moved %s to %s", name, memberName(inst.Location))
	return nil
}

// fleetTargets chooses the cluster member of each of n clones of a fleet:
// all on target= when given; on a standalone server none ("" each); on a
// cluster spread over the online members, each clone to the member with
// the fewest instances so far, counting the fleet's own (ties by name).
// LXD cannot be left to choose: clones requested at once all go to the
// member that has the fewest instances at that moment (measured on LXD
// 5.0.2: six concurrent copies, one member). One list of the instances
// and one of the members is the whole cost.
func (e *view) fleetTargets(ctx context.Context, args cmdArgs, n int, res *result) ([]string, error) {
	targets := make([]string, n)
	t, err := targetArg(args, res)
	if err != nil || t != "" {
		for i := range targets {
			targets[i] = t
		}
		return targets, err
	}
	clustered, err := e.clustered(ctx)
	if err != nil || !clustered {
		return targets, err
	}
	members, err := e.lxd().ListClusterMembers(ctx)
	if err != nil {
		return nil, err
	}
	load := map[string]int{}
	var online []string
	for _, m := range members {
		if m.Status == "Online" {
			online = append(online, m.ServerName)
			load[m.ServerName] = 0
		}
	}
	if len(online) == 0 {
		return nil, fmt.Errorf("no cluster member is online to place the clones on")
	}
	list, err := e.lxd().ListInstances(ctx)
	if err != nil {
		return nil, err
	}
	for _, inst := range list {
		if _, ok := load[inst.Location]; ok {
			load[inst.Location]++
		}
	}
	sort.Strings(online)
	for i := range targets {
		best := online[0]
		for _, m := range online[1:] {
			if load[m] < load[best] {
				best = m
			}
		}
		targets[i] = best
		load[best]++
	}
	return targets, nil
}

// locateMembers adds LOCATION to the rows of a fleet command on a
// cluster, from one list of the instances after the command; rows of
// instances that are gone (deleted) get none. On a standalone server it
// costs nothing.
func (e *view) locateMembers(ctx context.Context, members []member) {
	if clustered, err := e.clustered(ctx); err != nil || !clustered {
		return
	}
	list, err := e.lxd().ListInstances(ctx)
	if err != nil {
		return
	}
	where := make(map[string]string, len(list))
	for _, inst := range list {
		where[inst.Name] = inst.Location
	}
	for _, m := range members {
		if loc, ok := where[m.name]; ok && m.res != nil && m.res.get("LOCATION") == "" {
			m.res.set("LOCATION", memberName(loc))
		}
	}
}
