package lxd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// checkSnapshotName checks a snapshot= value before it reaches a URL:
// LXD refuses '/' in snapshot names, and an empty one names nothing.
func checkSnapshotName(s string) error {
	switch {
	case s == "":
		return &UsageError{Msg: "snapshot= is empty"}
	case strings.ContainsAny(s, "/ \t\n"):
		return &UsageError{Msg: fmt.Sprintf("snapshot=%s: a snapshot name holds no '/' or blanks", s)}
	case len(s) > 63:
		return &UsageError{Msg: fmt.Sprintf("snapshot=%s is %d characters long; at most 63", s, len(s))}
	}
	return nil
}

// errNoSnapshot is wrapped by the error for a snapshot that is missing
// from an instance that exists.
var errNoSnapshot = errors.New("no such snapshot")

// noSnapshot names instance and snapshot when LXD says one of them is
// missing, telling which.
func (e *view) noSnapshot(ctx context.Context, name, snap string, err error) error {
	if !lxdapi.IsNotFound(err) {
		return err
	}
	if _, ierr := e.lxd().GetInstance(ctx, name); lxdapi.IsNotFound(ierr) {
		return fmt.Errorf("no instance %s: %w", name, err)
	}
	return &snapshotError{fmt.Sprintf("instance %s has no snapshot %s", name, snap), err}
}

// snapshotError is a missing snapshot: it is errNoSnapshot and keeps
// LXD's error for RESULT.ERROR.
type snapshotError struct {
	msg string
	lxd error
}

func (e *snapshotError) Error() string   { return e.msg + ": " + e.lxd.Error() }
func (e *snapshotError) Unwrap() []error { return []error{errNoSnapshot, e.lxd} }

// snapshot takes a stateless snapshot: snapshot name= [snapshot=]
// [ensure=true]. Without snapshot= LXD names it by the instance's
// snapshots.pattern (snap0, snap1, ...). With ensure=true an existing
// snapshot of that name is success with CHANGED 0.
//
// RESULT fields: CONTAINER, SNAPSHOT (its name), CREATED (its time,
// RFC 3339), CHANGED.
func (e *view) snapshot(ctx context.Context, args cmdArgs, res *result) error {
	name, snap := args["name"], args["snapshot"]
	res.set("CONTAINER", name)
	res.set("SNAPSHOT", snap)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	_, named := args["snapshot"]
	if named {
		if err := checkSnapshotName(snap); err != nil {
			return err
		}
	}
	if args.flag("ensure") && named {
		s, err := e.lxd().GetSnapshot(ctx, name, snap)
		if err == nil {
			res.set("CREATED", s.CreatedAt.UTC().Format(time.RFC3339))
			res.unchanged()
			res.output = fmt.Sprintf("%s already has snapshot %s", name, snap)
			return nil
		}
		if !lxdapi.IsNotFound(err) {
			return err
		}
	}
	// Without a name, the new snapshot is the one that was not there
	// before: LXD's operation does not say what it chose.
	var before []lxdapi.Snapshot
	if !named {
		var err error
		if before, err = e.lxd().ListSnapshots(ctx, name); err != nil {
			return notFound(name, err)
		}
	}
	if err := waiter(ctx)(e.lxd().CreateSnapshot(ctx, name, snap)); err != nil {
		if lxdapi.IsConflict(err) || strings.Contains(err.Error(), "already exists") {
			return fmt.Errorf("%s already has a snapshot %s (ensure=true accepts that): %w", name, snap, err)
		}
		return notFound(name, err)
	}
	res.madeChange() // whatever reading it back says
	after, err := e.lxd().ListSnapshots(ctx, name)
	if err != nil {
		return err
	}
	for _, s := range after {
		if named && s.Name == snap || !named && !hasSnapshot(before, s.Name) {
			res.set("SNAPSHOT", s.Name)
			res.set("CREATED", s.CreatedAt.UTC().Format(time.RFC3339))
		}
	}
	res.output = fmt.Sprintf("took snapshot %s of %s", res.get("SNAPSHOT"), name)
	return nil
}

func hasSnapshot(list []lxdapi.Snapshot, name string) bool {
	for _, s := range list {
		if s.Name == name {
			return true
		}
	}
	return false
}

// snapshotArgs reads name= and snapshot= of a command on one existing
// snapshot (restore, delete_snapshot): it sets CONTAINER and SNAPSHOT,
// and checks both names.
func snapshotArgs(args cmdArgs, res *result) (name, snap string, err error) {
	name, snap = args["name"], args["snapshot"]
	res.set("CONTAINER", name)
	res.set("SNAPSHOT", snap)
	if err := checkInstanceName("name", name); err != nil {
		return "", "", usage(err)
	}
	if err := checkSnapshotName(snap); err != nil {
		return "", "", err
	}
	return name, snap, nil
}

// restore puts an instance back to a snapshot: restore name= snapshot=.
// A running instance is restored in place (LXD stops and restarts it).
//
// RESULT fields: CONTAINER, SNAPSHOT, CHANGED.
func (e *view) restore(ctx context.Context, args cmdArgs, res *result) error {
	name, snap, err := snapshotArgs(args, res)
	if err != nil {
		return err
	}
	// LXD 5.0 answers a restore to a missing snapshot with a failed
	// operation whose text does not say what is missing; ask first.
	if _, err := e.lxd().GetSnapshot(ctx, name, snap); err != nil {
		return e.noSnapshot(ctx, name, snap, err)
	}
	if err := waiter(ctx)(e.lxd().RestoreSnapshot(ctx, name, snap)); err != nil {
		return e.noSnapshot(ctx, name, snap, err)
	}
	res.output = fmt.Sprintf("restored %s to snapshot %s", name, snap)
	return nil
}

// listSnapshots lists an instance's snapshots: list_snapshots name=.
//
// RESULT fields: CONTAINER, COUNT and RESULT.0; RESULT.i.NAME and
// RESULT.i.CREATED (RFC 3339, UTC), oldest first.
func (e *view) listSnapshots(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.isList = true
	res.set("CONTAINER", name)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	list, err := e.lxd().ListSnapshots(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	for _, s := range list {
		res.addRow(field{"NAME", s.Name}, field{"CREATED", s.CreatedAt.UTC().Format(time.RFC3339)})
	}
	res.set("COUNT", fmt.Sprint(len(list)))
	res.output = fmt.Sprintf("%d snapshot(s) of %s", len(list), name)
	return nil
}

// deleteSnapshot deletes a snapshot: delete_snapshot name= snapshot=
// [ensure=true]. With ensure=true a missing snapshot is success with
// CHANGED 0 (a missing instance is still an error).
//
// RESULT fields: CONTAINER, SNAPSHOT, CHANGED.
func (e *view) deleteSnapshot(ctx context.Context, args cmdArgs, res *result) error {
	name, snap, err := snapshotArgs(args, res)
	if err != nil {
		return err
	}
	ensure := args.flag("ensure")
	err = waiter(ctx)(e.lxd().DeleteSnapshot(ctx, name, snap))
	if err != nil {
		err = e.noSnapshot(ctx, name, snap, err)
		if ensure && errors.Is(err, errNoSnapshot) {
			res.unchanged()
			res.output = fmt.Sprintf("%s has no snapshot %s", name, snap)
			return nil
		}
		return err
	}
	res.output = fmt.Sprintf("deleted snapshot %s of %s", snap, name)
	return nil
}
