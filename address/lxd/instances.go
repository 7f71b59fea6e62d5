package lxd

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// Config keys rexxlxd keeps on instances, so that what a script set up is
// still known to a later run of any script. LXD stores user.* keys as is.
const (
	keyImage   = "user.rexxlxd.image"    // the image= an instance was made from
	keyBase    = "user.rexxlxd.base"     // "true" on a registered base
	keyCloneOf = "user.rexxlxd.clone-of" // the base a clone was made from
)

// cleanupTimeout bounds undoing a half-made instance, which runs even when
// the command's own context is done.
const cleanupTimeout = time.Minute

// waiter returns a function that finishes an asynchronous call, so that
// waiter(ctx)(c.StartInstance(ctx, name)) is the call's error or that of
// waiting for its operation.
func waiter(ctx context.Context) func(*lxdapi.Operation, error) error {
	return func(op *lxdapi.Operation, err error) error {
		if err != nil {
			return err
		}
		return op.Wait(ctx)
	}
}

// usage wraps a validation error as a UsageError.
func usage(err error) error {
	if err == nil {
		return nil
	}
	var u *UsageError
	if errors.As(err, &u) {
		return err
	}
	return &UsageError{Msg: err.Error()}
}

// create makes an instance from an image: create name= image= [storage=]
// [profile=] [memory=] [cpus=] [start=true] [target=member] [ephemeral=true].
//
// RESULT fields: CONTAINER (name), IMAGE (as given), STATUS ("Stopped", or
// "Running" with start=true), LOCATION (the cluster member it is on, ""
// on a standalone server), EPHEMERAL (1 with ephemeral=true: LXD deletes
// it when it stops), and STORAGE, PROFILE, MEMORY, CPUS, TARGET when
// given (MEMORY and CPUS as passed to LXD). If start=true and the start
// fails, the instance this command made is deleted again.
func (e *view) create(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	res.set("IMAGE", args["image"])
	start, eph := args.flag("start"), args.flag("ephemeral")
	req, err := e.instanceRequest(ctx, name, args, res)
	if err != nil {
		return err
	}
	req.Ephemeral = eph
	res.set("EPHEMERAL", flag(eph))
	loc, err := e.createInstanceAt(ctx, req)
	if err != nil {
		return err
	}
	res.set("STATUS", "Stopped")
	res.set("LOCATION", loc)
	if start {
		if err := waiter(ctx)(e.lxd().StartInstance(ctx, name)); err != nil {
			return e.undoCreate(ctx, name, "start it", err)
		}
		res.set("STATUS", "Running")
	}
	res.output = fmt.Sprintf("created %s from %s", name, args["image"])
	if start {
		res.output = fmt.Sprintf("created and started %s from %s", name, args["image"])
	}
	return nil
}

// instanceRequest builds the create request for a new instance from the
// keys image=, storage=, profile=, memory= and cpus=, validating each
// before anything is sent. Limits go into the create request itself, so
// LXD applies them atomically with the creation.
func (e *view) instanceRequest(ctx context.Context, name string, args cmdArgs, res *result) (lxdapi.InstancesPost, error) {
	req := lxdapi.InstancesPost{Name: name, Config: map[string]string{}}
	if err := checkInstanceName("name", name); err != nil {
		return req, usage(err)
	}
	src, err := e.imageSource(args["image"])
	if err != nil {
		return req, usage(err)
	}
	req.Source = src
	req.Config[keyImage] = args["image"]
	if req.Target, err = targetArg(args, res); err != nil {
		return req, err
	}
	if err := e.applyLimits(ctx, req.Config, args, res); err != nil {
		return req, err
	}
	if pool, ok := args["storage"]; ok {
		if pool == "" {
			return req, &UsageError{Msg: "storage= is empty; give a storage pool name"}
		}
		req.Devices = map[string]map[string]string{"root": {"type": "disk", "path": "/", "pool": pool}}
		res.set("STORAGE", pool)
	}
	if p, ok := args["profile"]; ok {
		for _, name := range strings.Split(p, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				return req, &UsageError{Msg: fmt.Sprintf("profile=%s holds an empty profile name", p)}
			}
			req.Profiles = append(req.Profiles, name)
		}
		res.set("PROFILE", strings.Join(req.Profiles, ","))
	}
	return req, nil
}

// applyLimits sets limits.memory and
// limits.cpu in config, and the config.KEY= keys (see applyConfigKeys).
// cpus= is checked against the server's CPUs.
func (e *view) applyLimits(ctx context.Context, config map[string]string, args cmdArgs, res *result) error {
	if m, ok := args.memory(); ok {
		config["limits.memory"] = m
		res.set("MEMORY", m)
	}
	if c, ok := args["cpus"]; ok {
		if err := e.checkCPUs(ctx, e.lxd(), c); err != nil {
			return err
		}
		config["limits.cpu"] = c
		res.set("CPUS", c)
	}
	return applyConfigKeys(config, args)
}

// createInstance sends a create request and waits for it. A local image
// that is no alias is tried once more as a fingerprint prefix, as the lxc
// client does; only then is the round trip spent.
func (e *view) createInstance(ctx context.Context, req lxdapi.InstancesPost) error {
	_, err := e.createInstanceAt(ctx, req)
	return err
}

// createInstanceAt is createInstance that also returns the cluster member
// the instance was made on ("" on a standalone server).
func (e *view) createInstanceAt(ctx context.Context, req lxdapi.InstancesPost) (string, error) {
	loc, err := e.createAndWaitAt(ctx, req)
	if lxdapi.IsNotFound(err) && req.Source.Server == "" && isHex(req.Source.Alias) {
		req.Source.Fingerprint, req.Source.Alias = req.Source.Alias, ""
		loc, err = e.createAndWaitAt(ctx, req)
	}
	return loc, e.explainCreate(ctx, req, err)
}

// createAndWait sends a create or copy request and waits for its
// operation. When the wait is cut short (Config.Timeout, or the program
// was halted) the daemon carries on and would leave an instance the
// script was told was not made; so the operation is then waited for under
// a fresh, bounded context and what it made is deleted. (If the request
// itself is cut short before LXD answers, it is unknown whether LXD took
// it, and nothing is deleted: the name might be another's instance.)
//
// When the connection to LXD breaks under the request or the wait (the
// daemon was killed), the instance is looked at once LXD answers again,
// and the error says what was found (see checkMade).
func (e *view) createAndWait(ctx context.Context, req lxdapi.InstancesPost) error {
	_, err := e.createAndWaitAt(ctx, req)
	return err
}

// createAndWaitAt is createAndWait that also returns where the instance
// was made: the member that ran the create operation, which is where LXD
// puts the instance ("" on a standalone server, which says "none").
func (e *view) createAndWaitAt(ctx context.Context, req lxdapi.InstancesPost) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err // interrupted before anything was asked of LXD
	}
	// The request is sent on a context an interruption does not end: cut
	// off after LXD took it, the instance would be made with no operation
	// to wait for and no one to remove it (see fleet_interrupt.go).
	sctx, scancel := steadyContext(ctx)
	op, err := e.lxd().CreateInstance(sctx, req)
	scancel()
	if errors.Is(err, lxdapi.ErrConnectionLost) {
		return "", e.checkMade(ctx, req.Name, err)
	}
	if err != nil {
		return "", err
	}
	stop := e.watchProgress(ctx, op, req.Name)
	err = op.Wait(ctx)
	stop()
	if errors.Is(err, lxdapi.ErrConnectionLost) {
		return "", e.checkMade(ctx, req.Name, err)
	}
	if err != nil && ctx.Err() != nil {
		return "", e.undoInterrupted(ctx, op, req.Name, err)
	}
	return memberName(op.Location), err
}

// undoInterrupted settles op, which makes instance name and whose wait an
// interruption cut off with err: it gives op cleanupTimeout to end and
// deletes what it made, so an interrupted command leaves no half-made
// instance behind. The error says which way it went.
func (e *view) undoInterrupted(ctx context.Context, op *lxdapi.Operation, name string, err error) error {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if werr := op.Wait(cctx); werr != nil {
		if cctx.Err() != nil {
			return fmt.Errorf("%w; whether LXD made %s is unknown: it had not finished after %v", err, name, cleanupTimeout)
		}
		if lxdapi.IsOperationFailure(werr) {
			return fmt.Errorf("%w; LXD did not make %s", err, name)
		}
		// LXD forgets an operation a few seconds after it ends: the
		// instance itself says whether it was made.
		if _, gerr := e.lxd().GetInstance(cctx, name); lxdapi.IsNotFound(gerr) {
			return fmt.Errorf("%w; LXD did not make %s", err, name)
		} else if gerr != nil {
			return fmt.Errorf("%w; whether LXD made %s is unknown: %v", err, name, werr)
		}
	}
	if delErr := e.forceDelete(cctx, name); delErr != nil {
		return fmt.Errorf("%w; %s was made after all and deleting it failed: %v", err, name, delErr)
	}
	return fmt.Errorf("%w; %s was made after all and has been removed", err, name)
}

// memberName is a location as RESULT fields give it: LXD says "none" for
// an instance or operation of a standalone server, which is "" here.
func memberName(loc string) string {
	if loc == "none" {
		return ""
	}
	return loc
}

// targetArg validates target= (the cluster member to place a new instance
// on) and records it in RESULT.TARGET; "" when not given.
func targetArg(args cmdArgs, res *result) (string, error) {
	t, ok := args["target"]
	if !ok {
		return "", nil
	}
	if err := checkInstanceName("target", t); err != nil {
		return "", usage(fmt.Errorf("target=%s is no cluster member name: %v", t, err))
	}
	res.set("TARGET", t)
	return t, nil
}

// explainCreate gives the create errors users meet most a message that
// names the instance; LXD's own text stays in RESULT.ERROR. When the name
// is taken by an instance whose storage cannot be read (left by a daemon
// killed while making it), it says so: "already exists" alone reads as
// if all were well.
func (e *view) explainCreate(ctx context.Context, req lxdapi.InstancesPost, err error) error {
	name := req.Name
	if err == nil || errors.Is(err, lxdapi.ErrConnectionLost) {
		return err
	}
	msg := err.Error()
	var le *lxdapi.Error
	if errors.As(err, &le) {
		msg = le.Message
	}
	switch {
	case strings.Contains(msg, "already exists"):
		if _, checkErr := e.lxd().CheckRootFS(ctx, name); checkErr != nil && errors.As(checkErr, &le) && !lxdapi.IsNotFound(checkErr) {
			return fmt.Errorf("instance %s already exists but is broken: its storage cannot be read (%s); %s: %w", name, le.Message, brokenHint, err)
		}
		return &existsError{name, err}
	case req.Source.Type == "image" && (strings.Contains(msg, "Image alias not found") ||
		strings.Contains(msg, "Image not found") || strings.Contains(msg, "Image not provided")):
		return fmt.Errorf("no such image %s: %w", req.Source.Alias+req.Source.Fingerprint, err)
	case req.Source.Type == "image" && req.Source.Server != "" && strings.Contains(msg, "Failed getting remote image info"):
		return fmt.Errorf("image %s could not be fetched from %s: %w", req.Source.Alias, req.Source.Server, err)
	case strings.Contains(msg, "Storage pool not found"):
		return fmt.Errorf("no such storage pool %s: %w", req.Devices["root"]["pool"], err)
	case strings.Contains(strings.ToLower(msg), "no space left on device"):
		if pool := e.poolOf(ctx, req); pool != "" {
			return fmt.Errorf("storage pool %s is full (no space left on device) making %s: %w", pool, name, err)
		}
		return fmt.Errorf("its storage pool is full (no space left on device) making %s: %w", name, err)
	}
	return err
}

// poolOf finds the storage pool a create or copy request puts the new
// instance's root disk on, for a message: storage= if given, else the
// copy's source's pool, else that of the last of its profiles with a root
// disk. It returns "" when it cannot tell. Only failures call it.
func (e *view) poolOf(ctx context.Context, req lxdapi.InstancesPost) string {
	if pool := lxdapi.RootPool(req.Devices); pool != "" {
		return pool
	}
	if req.Source.Type == "copy" {
		if src, err := e.lxd().GetInstance(ctx, req.Source.Source); err == nil {
			return lxdapi.RootPool(src.ExpandedDevices)
		}
		return ""
	}
	profiles := req.Profiles
	if profiles == nil {
		profiles = []string{"default"}
	}
	pool := ""
	for _, name := range profiles {
		if p, err := e.lxd().GetProfile(ctx, name); err == nil {
			if rp := lxdapi.RootPool(p.Devices); rp != "" {
				pool = rp
			}
		}
	}
	return pool
}

// undoCreate deletes the instance this command created after a later step
// failed, so nothing half-made is left, and returns the error to report.
func (e *view) undoCreate(ctx context.Context, name, step string, cause error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if err := e.forceDelete(ctx, name); err != nil {
		return fmt.Errorf("created %s but could not %s: %w; deleting it again failed too: %v", name, step, cause, err)
	}
	return fmt.Errorf("created %s but could not %s, so deleted it again: %w", name, step, cause)
}

// forceDelete stops name at once if it runs and deletes it.
func (e *view) forceDelete(ctx context.Context, name string) error {
	err := waiter(ctx)(e.lxd().DeleteInstance(ctx, name))
	if isRunning(err) {
		if err := waiter(ctx)(e.lxd().StopInstance(ctx, name, true, -1)); err != nil {
			return err
		}
		err = waiter(ctx)(e.lxd().DeleteInstance(ctx, name))
		if lxdapi.IsNotFound(err) {
			return nil // an ephemeral instance: LXD deleted it as it stopped
		}
	}
	return err
}

// isRunning reports whether err is LXD refusing because the instance runs.
func isRunning(err error) bool {
	var le *lxdapi.Error
	return errors.As(err, &le) && le.StatusCode == 400 && strings.Contains(le.Message, "is running")
}

// start starts an instance: start name= [wait=running|ready
// [timeout=seconds]]. It waits for LXD's start operation (the container's
// init is running); with wait=ready also until the guest answers an
// execute, for at most timeout= seconds (default 60; then RC 1).
//
// RESULT fields: CONTAINER, STATUS ("Running").
func (e *view) start(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	ready, err := parseWait(args)
	if err != nil {
		return err
	}
	if err := waiter(ctx)(e.lxd().StartInstance(ctx, name)); err != nil {
		return notFound(name, err)
	}
	res.set("STATUS", "Running")
	if ready.wanted {
		if err := e.waitReady(ctx, name, ready.timeout); err != nil {
			return fmt.Errorf("started %s, but it did not answer: %w", name, err)
		}
	}
	res.output = "started " + name
	return nil
}

// stop stops an instance: stop name= [force=true] [timeout=seconds]. A
// clean stop asks the guest to shut down and fails if it has not within
// timeout= seconds (default Config.StopTimeout); force=true kills it at
// once.
//
// RESULT fields: CONTAINER, STATUS ("Stopped").
func (e *view) stop(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	force, timeout := e.stopArgs(args)
	if err := waiter(ctx)(e.lxd().StopInstance(ctx, name, force, timeout)); err != nil {
		return notFound(name, err)
	}
	res.set("STATUS", "Stopped")
	res.output = "stopped " + name
	return nil
}

// stopArgs reads the force= and timeout= of a stop (stop and restart):
// force=true kills the guest at once; timeout= is how many seconds a
// clean shutdown may take, rounded up to LXD's whole seconds (default
// Config.StopTimeout).
func (e *view) stopArgs(args cmdArgs) (force bool, timeout int) {
	limit, ok := args.seconds("timeout")
	if !ok {
		limit = e.cfg.StopTimeout
	}
	return args.flag("force"), int(math.Ceil(limit.Seconds()))
}

// delete deletes an instance: delete name= (alias remove). A running
// instance is stopped with force first, as the original did; the stop
// costs a round trip only when LXD refuses to delete a running instance.
//
// RESULT fields: CONTAINER, STATUS ("Deleted").
func (e *view) delete(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("CONTAINER", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	if err := e.forceDelete(ctx, name); err != nil {
		if broken := e.brokenStorage(ctx, name, err); broken != nil {
			return broken
		}
		return e.explainDelete(ctx, name, notFound(name, err))
	}
	res.set("STATUS", "Deleted")
	res.output = "deleted " + name
	return nil
}

// brokenStorage explains a failed delete of an instance whose storage
// cannot be read (left so by a daemon killed while making it), which LXD
// cannot delete as it is; it returns nil for any other failure. It costs a
// request only after a failure.
func (e *view) brokenStorage(ctx context.Context, name string, err error) error {
	var le *lxdapi.Error
	if !errors.As(err, &le) || lxdapi.IsNotFound(err) {
		return nil
	}
	_, checkErr := e.lxd().CheckRootFS(ctx, name)
	var ce *lxdapi.Error
	if checkErr == nil || !errors.As(checkErr, &ce) || lxdapi.IsNotFound(checkErr) {
		return nil
	}
	return fmt.Errorf("%s is broken: its storage cannot be read (%s), and LXD cannot delete it as it is; remove it as docs/address-lxd.md (\"Broken instances\") says: %w",
		name, ce.Message, err)
}

// notFound names the instance when LXD says it does not exist.
func notFound(name string, err error) error {
	if lxdapi.IsNotFound(err) {
		return fmt.Errorf("no instance %s: %w", name, err)
	}
	return err
}

// copy copies an instance: copy source= destination= [storage=]
// [target=member] (alias clone). The copy takes the source's snapshots
// along, as lxc copy does, is stopped, and is no base even if the source
// is one. On btrfs and ZFS pools it is a copy-on-write clone; storage=
// puts the copy's root disk on another pool (a full copy, with progress on
// a terminal); to another cluster member LXD migrates it.
//
// RESULT fields: SOURCE, DESTINATION, CONTAINER (the destination), STATUS
// ("Stopped"), LOCATION (its cluster member, "" on a standalone server),
// STORAGE and TARGET when given, COPYTIMEMS (milliseconds the copy itself
// took, from the request to the end of LXD's operation, as the JavaScript
// original reports it), EPHEMERAL (1 only with ephemeral=true, whatever
// the source is).
func (e *view) copy(ctx context.Context, args cmdArgs, res *result) error {
	src, dst := args["source"], args["destination"]
	res.set("SOURCE", src)
	res.set("DESTINATION", dst)
	res.set("CONTAINER", dst)
	if err := checkInstanceName("source", src); err != nil {
		return usage(err)
	}
	if err := checkInstanceName("destination", dst); err != nil {
		return usage(err)
	}
	pool, hasPool := args["storage"]
	if hasPool {
		if pool == "" {
			return &UsageError{Msg: "storage= is empty; give a storage pool name"}
		}
		res.set("STORAGE", pool)
	}
	target, err := targetArg(args, res)
	if err != nil {
		return err
	}
	eph := args.flag("ephemeral")
	res.set("EPHEMERAL", flag(eph))
	inst, err := e.lxd().GetInstance(ctx, src)
	if err != nil {
		return notFound(src, err)
	}
	copyStart := time.Now()
	loc, err := e.copyInstanceAt(ctx, asSource(inst, eph), dst, false, nil, pool, target)
	if err != nil {
		return err
	}
	res.set("COPYTIMEMS", fmt.Sprint(time.Since(copyStart).Milliseconds()))
	res.set("STATUS", "Stopped")
	res.set("LOCATION", loc)
	res.output = fmt.Sprintf("copied %s to %s", src, dst)
	return nil
}

// copyInstance copies inst to a new instance name. LXD 5.0 gives a copy
// made without a profile list no profiles at all (and so often no root
// disk), so the source's profiles are passed on explicitly. The base
// marker is never copied (an empty value drops a key); extra config is
// added. A pool other than "" puts the copy's root disk there: the
// source's own devices are passed on with the root disk's pool replaced
// (or a root disk added where it came from a profile).
func (e *view) copyInstance(ctx context.Context, inst *lxdapi.Instance, name string, instanceOnly bool, extra map[string]string, pool string) error {
	_, err := e.copyInstanceAt(ctx, inst, name, instanceOnly, extra, pool, "")
	return err
}

// copyInstanceAt is copyInstance onto the cluster member target ("": LXD
// chooses) that returns the member the copy is on. The copy is ephemeral
// when inst is (callers choose with asSource). The architecture is
// passed on too: a cluster refuses a copy without one ("Architecture
// isn't supported").
func (e *view) copyInstanceAt(ctx context.Context, inst *lxdapi.Instance, name string, instanceOnly bool, extra map[string]string, pool, target string) (string, error) {
	req := lxdapi.InstancesPost{
		Name:         name,
		Source:       lxdapi.InstanceSource{Type: "copy", Source: inst.Name, InstanceOnly: instanceOnly},
		Profiles:     inst.Profiles,
		Config:       map[string]string{},
		Architecture: inst.Architecture,
		Target:       target,
		Ephemeral:    inst.Ephemeral, // see asSource
	}
	if _, ok := inst.Config[keyBase]; ok {
		req.Config[keyBase] = ""
	}
	for k, v := range extra {
		req.Config[k] = v
	}
	if pool != "" {
		req.Devices = map[string]map[string]string{}
		for k, d := range inst.Devices {
			req.Devices[k] = d
		}
		root := map[string]string{}
		for k, v := range inst.ExpandedDevices["root"] {
			root[k] = v
		}
		if len(root) == 0 {
			root = map[string]string{"type": "disk", "path": "/"}
		}
		root["pool"] = pool
		req.Devices["root"] = root
	}
	loc, err := e.createAndWaitAt(ctx, req)
	return loc, e.explainCreate(ctx, req, err)
}
