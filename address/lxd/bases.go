package lxd

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// registerBase makes an instance a base for clones: register_base name=
// [image=] [memory=] [cpus=] [storage=] [target=member].
//
// A base is a stopped instance carrying user.rexxlxd.base=true, so it is
// known to every later run of any script. If the instance exists it is
// stopped when it runs (cleanly within Config.StopTimeout, else with
// force) and the given limits are applied (image=
// and storage= are then ignored: they only say how to create it). If it
// does not exist it is created, stopped, from image= on storage= (on the
// cluster member target=), with the limits and the marker in the one
// create request, so a failure leaves nothing behind.
//
// Without image=, a missing instance is created from defaultBaseImage, as
// in the JavaScript original.
//
// RESULT fields: CONTAINER, BASE and BASENAME (the name; BASENAME is the
// original's), IMAGE (image= as given, or the default when this command
// created the base from it), STATUS ("Stopped"), CREATED (1 when this
// command created the instance), LOCATION (its cluster member, when created
// here), and STORAGE, MEMORY, CPUS, TARGET when given.
func (e *view) registerBase(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	res.set("BASE", name)
	res.set("BASENAME", name)
	res.set("IMAGE", args["image"])
	res.set("CREATED", "0")
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	config := map[string]string{keyBase: "true"}
	if err := e.applyLimits(ctx, config, args, res); err != nil {
		return err
	}
	_, imageGiven := args["image"]
	if !imageGiven {
		args["image"] = defaultBaseImage
	}
	req, err := e.instanceRequest(ctx, name, args, res)
	if err != nil {
		return err
	}

	// Registering is safe to repeat, also at the same time: when another
	// command (a concurrent register_base of the same base, most likely)
	// is making or changing the instance, LXD refuses with "busy" or
	// "already exists"; then look again once it is done.
	for {
		err := e.registerOnce(ctx, name, args, config, req, imageGiven, res)
		if !isBusy(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(busyRetry):
		}
	}
}

// busyRetry is the pause before register_base looks again at an instance
// that another command is busy with.
const busyRetry = 200 * time.Millisecond

// isBusy reports whether err is LXD refusing because another operation is
// under way on the instance ("busy running", or a concurrent update's
// "matching non-reusable operation"), or because a create lost the race
// to another.
func isBusy(err error) bool {
	var le *lxdapi.Error
	return errors.As(err, &le) && (strings.Contains(le.Message, "is busy running") ||
		strings.Contains(le.Message, "matching non-reusable operation") || lxdapi.IsConflict(err))
}

// registerOnce is one attempt of registerBase; req is the create request
// for a missing instance, from image= or the default image.
func (e *view) registerOnce(ctx context.Context, name string, args, config map[string]string, req lxdapi.InstancesPost, imageGiven bool, res *result) error {
	// Stop first: for a missing instance LXD says so at once (404), and
	// for a stopped one the operation fails with "already stopped"; either
	// answer tells us enough without a GET before.
	timeout := int(math.Ceil(e.cfg.StopTimeout.Seconds()))
	forced := false
	err := waiter(ctx)(e.lxd().StopInstance(ctx, name, false, timeout))
	switch {
	case lxdapi.IsNotFound(err):
		req.Config[keyBase] = "true"
		loc, err := e.createInstanceAt(ctx, req)
		if err != nil {
			if !imageGiven {
				return fmt.Errorf("no instance %s, and creating it from %s (the image when image= is not given) failed: %w",
					name, defaultBaseImage, err)
			}
			return err
		}
		res.set("IMAGE", args["image"])
		res.set("CREATED", "1")
		res.set("STATUS", "Stopped")
		res.set("LOCATION", loc)
		res.output = fmt.Sprintf("created base %s from %s", name, args["image"])
		return nil
	case err == nil, isAlreadyStopped(err):
	case isBusy(err):
		return err
	default:
		// A guest that does not shut down when asked (an init that
		// ignores SIGPWR, or one not yet up to handle it) would leave
		// no way to make it a base; a base only needs its disk.
		// LXD may report the clean stop failed while the guest is in
		// fact going down; then the forced stop finds it stopped.
		forceErr := waiter(ctx)(e.lxd().StopInstance(ctx, name, true, -1))
		if isBusy(forceErr) {
			return forceErr
		}
		if forceErr != nil && !isAlreadyStopped(forceErr) {
			return fmt.Errorf("stopping %s to make it a base: %w; stopping it with force failed too: %v", name, err, forceErr)
		}
		forced = true
		err = nil
	}
	wasRunning := err == nil
	if err := e.lxd().PatchInstance(ctx, name, map[string]any{"config": config}); err != nil {
		if isBusy(err) {
			// Another registration is changing it; the next look
			// finds it stopped and marks it.
			return err
		}
		if wasRunning {
			// Put it back as it was: running and no base.
			if startErr := waiter(ctx)(e.lxd().StartInstance(ctx, name)); startErr != nil {
				return fmt.Errorf("registering %s as a base: %w; it was stopped and restarting it failed: %v", name, err, startErr)
			}
		}
		return fmt.Errorf("registering %s as a base: %w", name, err)
	}
	res.set("STATUS", "Stopped")
	res.output = "registered " + name + " as a base"
	if forced {
		res.output += " (it did not shut down cleanly and was stopped with force)"
	}
	return nil
}

// defaultBaseImage is what register_base creates a missing base from when
// no image= is given: the JavaScript original's default.
const defaultBaseImage = "ubuntu:22.04"

// isAlreadyStopped reports whether err is LXD refusing to stop an
// instance that is not running.
func isAlreadyStopped(err error) bool {
	var le *lxdapi.Error
	return errors.As(err, &le) && strings.Contains(le.Message, "already stopped")
}

// cloneFromBase copies a registered base: clone_from_base base= name=
// [start=true [wait=running|ready]] [target=member]. The clone is made with
// instance_only (no snapshots), keeps the base's profiles, limits and
// image, does not inherit the base marker, and records its base in
// user.rexxlxd.clone-of. With start=true it is started (and with
// wait=ready waited for until it answers an execute); if that fails, the
// clone is deleted again. With count=N it makes N clones (fleet_clone.go).
// On a cluster target= places the clone; the base may be on another
// member (LXD migrates it).
//
// RESULT fields: BASE, CONTAINER (the clone), IMAGE (the base's image),
// STATUS ("Stopped", or "Running" with start=true), LOCATION (the clone's
// cluster member, "" on a standalone server), TARGET when given, and as
// copy reports them SOURCE (the base), DESTINATION (the clone) and
// COPYTIMEMS (milliseconds the copy took); CHANGED. ensure=true and
// replace=true decide what happens to an instance that holds the name
// already (clone_ensure.go): KEPT=1 or REPLACED=1 say which was done.
func (e *view) cloneFromBase(ctx context.Context, args cmdArgs, res *result) error {
	base, name := args["base"], args["name"]
	res.set("BASE", base)
	res.set("CONTAINER", name)
	res.set("SOURCE", base)
	res.set("DESTINATION", name)
	if err := checkInstanceName("base", base); err != nil {
		return usage(err)
	}
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	startIt, ready, err := parseStartWait(args)
	if err != nil {
		return err
	}
	target, err := targetArg(args, res)
	if err != nil {
		return err
	}
	mode, err := cloneModeArg(args)
	if err != nil {
		return err
	}
	inst, err := e.cloneSource(ctx, base, args)
	if err != nil {
		return err
	}
	kept, err := e.claimCloneName(ctx, mode, base, name, res) // clone_ensure.go
	if err != nil {
		return err
	}
	if kept {
		res.output = fmt.Sprintf("%s exists already as a clone of base %s; kept it", name, base)
		return e.keepClone(ctx, name, startIt, ready, res)
	}
	if err := e.cloneOne(ctx, inst, name, target, res); err != nil {
		return err
	}
	if startIt {
		if err := e.startClone(ctx, name, ready, res); err != nil {
			return err
		}
	}
	res.output = fmt.Sprintf("cloned %s from base %s", name, base)
	if startIt {
		res.output = fmt.Sprintf("cloned and started %s from base %s", name, base)
	}
	return nil
}

// parseStartWait reads start=, wait= and timeout= of clone_from_base;
// wait=ready needs start=true, and timeout= needs wait=ready.
func parseStartWait(args cmdArgs) (startIt bool, ready readiness, err error) {
	startIt = args.flag("start")
	if ready, err = parseWait(args); err != nil {
		return false, ready, err
	}
	if _, ok := args["wait"]; ok && !startIt {
		return false, ready, &UsageError{Msg: fmt.Sprintf("wait=%s needs start=true", args["wait"])}
	}
	return startIt, ready, nil
}

// cloneOne copies the base inst to a new stopped instance name, on the
// cluster member target ("": LXD chooses).
func (e *view) cloneOne(ctx context.Context, inst *lxdapi.Instance, name, target string, res *result) error {
	res.set("IMAGE", inst.Config[keyImage])
	res.set("EPHEMERAL", flag(inst.Ephemeral))
	copyStart := time.Now()
	loc, err := e.copyInstanceAt(ctx, inst, name, true, map[string]string{keyCloneOf: inst.Name}, "", target)
	if err != nil {
		return err
	}
	res.set("COPYTIMEMS", fmt.Sprint(time.Since(copyStart).Milliseconds()))
	res.set("STATUS", "Stopped")
	res.set("LOCATION", loc)
	return nil
}

// startClone starts a clone this command just made, waits for it to
// answer when ready is set, and deletes it again if either fails, so a
// failed clone leaves nothing of its own behind.
func (e *view) startClone(ctx context.Context, name string, ready readiness, res *result) error {
	if err := waiter(ctx)(e.lxd().StartInstance(ctx, name)); err != nil {
		return e.undoCreate(ctx, name, "start it", err)
	}
	if ready.wanted {
		if err := e.waitReady(ctx, name, ready.timeout); err != nil {
			return e.undoCreate(ctx, name, "get an answer from it", err)
		}
	}
	res.set("STATUS", "Running")
	return nil
}

// base returns the registered base name: its profiles and config, which
// a clone needs. It reads the base on every clone (one GET), since only a
// fresh look tells whether it was started since it was registered: a
// running base is refused, as its clone would copy a live filesystem
// (files half-written, a database mid-transaction).
func (e *view) base(ctx context.Context, name string) (*lxdapi.Instance, error) {
	inst, err := e.lxd().GetInstance(ctx, name)
	if lxdapi.IsNotFound(err) {
		return nil, fmt.Errorf("no base %s: %w", name, err)
	}
	if err != nil {
		return nil, err
	}
	if inst.Config[keyBase] != "true" {
		return nil, fmt.Errorf("%s is an instance but no registered base; use register_base name=%s first, or copy", name, name)
	}
	if inst.StatusCode != lxdapi.StatusStopped {
		return nil, fmt.Errorf("base %s is %s, not stopped: a clone of it would copy a live filesystem; "+
			"stop it, or run register_base name=%s again, which stops it", name, strings.ToLower(inst.Status), name)
	}
	return inst, nil
}

// listBases lists the registered bases: list_bases.
//
// RESULT fields: COUNT and RESULT.0 (the number of bases); for each base
// i, RESULT.i.NAME, RESULT.i.IMAGE (the image it was made from, else the
// image's description), RESULT.i.MEMORY and RESULT.i.CPUS (its limits, empty
// when unlimited) and RESULT.i.STATUS. Bases are sorted by name.
func (e *view) listBases(ctx context.Context, _ cmdArgs, res *result) error {
	res.isList = true
	list, err := e.lxd().ListInstances(ctx)
	if err == nil && len(list) == 0 {
		err = e.checkProject(ctx)
	}
	if err != nil {
		return err
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	for _, inst := range list {
		if inst.Config[keyBase] != "true" {
			continue
		}
		res.addRow(
			field{"NAME", inst.Name},
			field{"IMAGE", imageOf(&inst)},
			field{"MEMORY", inst.Config["limits.memory"]},
			field{"CPUS", inst.Config["limits.cpu"]},
			field{"STATUS", inst.Status},
		)
	}
	res.set("COUNT", fmt.Sprint(len(res.rows)))
	res.output = fmt.Sprintf("%d base(s)", len(res.rows))
	return nil
}

// imageOf is the image an instance was made from, as well as it is known:
// the image= given to rexxlxd, else the image's description, else the
// short fingerprint.
func imageOf(inst *lxdapi.Instance) string {
	if v := inst.Config[keyImage]; v != "" {
		return v
	}
	if v := inst.Config["image.description"]; v != "" {
		return v
	}
	if v := inst.Config["volatile.base_image"]; len(v) >= 12 {
		return v[:12]
	}
	return ""
}

// explainDelete adds to a failed delete of a base the clones that still
// depend on it, for drivers that refuse to delete such a base. The list
// is fetched only after a failure, so a delete costs nothing extra.
func (e *view) explainDelete(ctx context.Context, name string, err error) error {
	var le *lxdapi.Error
	if !errors.As(err, &le) || lxdapi.IsNotFound(err) {
		return err
	}
	list, listErr := e.lxd().ListInstances(ctx)
	if listErr != nil {
		return err
	}
	var clones []string
	for _, inst := range list {
		if inst.Config[keyCloneOf] == name {
			clones = append(clones, inst.Name)
		}
	}
	if len(clones) == 0 {
		return err
	}
	sort.Strings(clones)
	return fmt.Errorf("%s is a base with clones (%s) that its storage driver does not let it be deleted before; delete them first: %w",
		name, strings.Join(clones, ", "), err)
}
