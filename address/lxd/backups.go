package lxd

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// Instance backups: export writes one to a host file through LXD's
// backups API, import makes an instance from such a file. The file is the
// tarball `lxc export` writes and `lxc import` reads, either way.

// backupLife is how long a backup that export made on the server may
// live there: export deletes it once downloaded, and LXD deletes it by
// itself after this if export could not (the program was killed).
const backupLife = 6 * time.Hour

// export writes a backup of an instance to a host file: export name=
// target=FILE [overwrite=true] [instance_only=true] [maxsize=]. The
// instance may run. target= is the file to write (NAME.tar.gz in it when
// it is a directory); a file that exists is RC 1 before anything is
// sent, unless overwrite=true. The backup holds the instance's snapshots
// unless instance_only=true.
//
// The file is written as pull writes one (landing.go): never through a
// symlink, to a temporary name beside it that becomes target= only once
// complete (no partial file is ever left), readable by its owner alone
// (it holds the guest's whole file system), and at most maxsize= bytes
// (default 1 GiB) and no more than the file system has free. The backup
// that LXD makes on the server for this is deleted once downloaded, or
// when anything fails.
//
// RESULT fields: CONTAINER, TARGET, BYTES, CHANGED.
func (e *view) export(ctx context.Context, args cmdArgs, res *result) error {
	name, target := args["name"], args["target"]
	res.set("CONTAINER", name)
	res.set("TARGET", target)
	res.set("BYTES", "0")
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	if target == "" {
		return &UsageError{Msg: "target= is empty; give the host file to write, e.g. target=" + name + ".tar.gz"}
	}
	overwrite, instanceOnly := args.flag("overwrite"), args.flag("instance_only")
	maxSize := args.byteSize("maxsize", defaultMaxPull)
	if fi, err := os.Stat(target); err == nil && fi.IsDir() {
		target = filepath.Join(target, name+".tar.gz")
		res.set("TARGET", target)
	}
	if err := checkExportTarget(target, overwrite); err != nil {
		return err
	}
	if _, err := e.lxd().GetInstance(ctx, name); err != nil {
		return notFound(name, err)
	}

	marker, err := newMarker() // execute.go
	if err != nil {
		return err
	}
	backup := "rexxlxd-export-" + marker
	if err := ctx.Err(); err != nil {
		return err
	}
	sctx, scancel := steadyContext(ctx) // see createAndWaitAt
	op, err := e.lxd().CreateBackup(sctx, name, lxdapi.BackupPost{Name: backup,
		ExpiresAt: time.Now().Add(backupLife).UTC(), InstanceOnly: instanceOnly})
	scancel()
	if err != nil {
		return notFound(name, err)
	}
	// From here on the backup may exist on the server: it goes, whatever
	// happens, once the operation that makes it is over.
	defer func() {
		if err := e.dropBackup(ctx, op, name, backup); err != nil {
			e.warn(res, err.Error())
		}
	}()
	stop := e.watchProgress(ctx, op, name)
	err = op.Wait(ctx)
	stop()
	if err != nil {
		return fmt.Errorf("making a backup of %s: %w", name, err)
	}

	body, size, err := e.lxd().ExportBackup(ctx, name, backup)
	if err != nil {
		return fmt.Errorf("downloading the backup of %s: %w", name, err)
	}
	defer body.Close()
	stop = e.showElapsed(ctx, name, "downloading the backup")
	l := newLanding(target, "the backup of "+name, maxSize)
	l.keep = !overwrite
	err = l.File("", 0o600, size, body)
	stop()
	if err != nil {
		if errors.Is(err, errRefused) && len(l.skipped) > 0 {
			return fmt.Errorf("not writing the backup of %s to %s: %s", name, target, l.skipped[0].reason)
		}
		return err
	}
	res.set("BYTES", strconv.FormatInt(l.written, 10))
	res.output = fmt.Sprintf("exported %s to %s (%d bytes)", name, target, l.written)
	return nil
}

// checkExportTarget refuses, before anything is sent, a target= that
// export must not write: a symlink (never written through or over), a
// file that exists without overwrite=true, anything but a regular file,
// or a path whose directory is missing.
func checkExportTarget(target string, overwrite bool) error {
	fi, err := os.Lstat(target)
	switch {
	case err == nil && fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("target=%s is a symbolic link; export writes no file through or over one", target)
	case err == nil && !fi.Mode().IsRegular():
		return fmt.Errorf("target=%s exists and is no regular file", target)
	case err == nil && !overwrite:
		return fmt.Errorf("target=%s exists; overwrite=true replaces it", target)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("target=%s: %w", target, err)
	}
	dir := filepath.Dir(target)
	if di, err := os.Stat(dir); err != nil || !di.IsDir() {
		return fmt.Errorf("target=%s: the directory %s does not exist", target, dir)
	}
	return nil
}

// dropBackup deletes the backup that op makes of instance, once op is
// over (waiting for it, bounded, if the command was cut short).
func (e *view) dropBackup(ctx context.Context, op *lxdapi.Operation, instance, backup string) error {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if !op.Done() {
		op.Wait(cctx) // its outcome is read from op below
	}
	if op.Done() && op.StatusCode != lxdapi.StatusSuccess {
		return nil // LXD made no backup
	}
	err := waiter(cctx)(e.lxd().DeleteBackup(cctx, instance, backup))
	if err != nil && !lxdapi.IsNotFound(err) {
		return fmt.Errorf("the backup %s of %s stays on the server (LXD deletes it after %v): %w", backup, instance, backupLife, err)
	}
	return nil
}

// importBackup makes an instance from a backup file: import
// source=FILE [name=] [storage=]. name= gives the instance another name
// than the one in the backup; storage= puts it on another pool than the
// backup's. An instance that has the name already is RC 1 before the
// file is sent (the name is read from the file's index when it is a
// gzip tarball, as LXD and lxc export write by default). The instance is
// made stopped. A failed import leaves no instance: LXD undoes its own
// work, and one made after the command was cut short is deleted.
//
// RESULT fields: CONTAINER, SOURCE, STATUS, CHANGED.
func (e *view) importBackup(ctx context.Context, args cmdArgs, res *result) error {
	src := args["source"]
	name, hasName := args["name"]
	pool, hasPool := args["storage"]
	res.set("CONTAINER", name)
	res.set("SOURCE", src)
	res.set("STATUS", "")
	if src == "" {
		return &UsageError{Msg: "source= is empty; give the backup file, e.g. source=web1.tar.gz"}
	}
	if hasName {
		if err := checkInstanceName("name", name); err != nil {
			return usage(err)
		}
	}
	if hasPool && (pool == "" || strings.ContainsAny(pool, "/ \t\n")) {
		return &UsageError{Msg: fmt.Sprintf("storage=%s is no storage pool name", pool)}
	}
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("source=%s: %w", src, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("source=%s: %w", src, err)
	}
	if !fi.Mode().IsRegular() {
		return &UsageError{Msg: fmt.Sprintf("source=%s is no regular file", src)}
	}
	if !hasName {
		name = backupInstanceName(f)
		res.set("CONTAINER", name)
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("source=%s: %w", src, err)
		}
	}
	if name != "" {
		_, err := e.lxd().GetInstance(ctx, name)
		if err == nil {
			if hasName {
				return fmt.Errorf("instance %s already exists on %s; give another name=", name, e.remoteLabel())
			}
			return fmt.Errorf("instance %s (the name in %s) already exists on %s; give name= to import it under another name", name, src, e.remoteLabel())
		}
		if !lxdapi.IsNotFound(err) {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	label := name
	if label == "" {
		label = filepath.Base(src)
	}
	sctx, scancel := steadyContext(ctx) // see createAndWaitAt
	stop := e.showElapsed(ctx, label, "sending the backup")
	var newName string
	if hasName {
		newName = name
	}
	op, err := e.lxd().ImportBackup(sctx, f, fi.Size(), newName, pool)
	stop()
	scancel()
	if err != nil {
		return e.explainImport(name, pool, err)
	}
	if made := operationInstance(op); made != "" {
		name = made
		res.set("CONTAINER", name)
	}
	stop = e.watchProgress(ctx, op, label)
	err = op.Wait(ctx)
	stop()
	if err != nil && ctx.Err() != nil && name != "" {
		return e.undoInterrupted(ctx, op, name, err) // instances.go
	}
	if err != nil {
		return e.explainImport(name, pool, err)
	}
	status := "Stopped"
	if inst, err := e.lxd().GetInstance(ctx, name); err == nil {
		status = inst.Status
	}
	res.set("STATUS", status)
	res.output = fmt.Sprintf("imported %s from %s", name, src)
	return nil
}

// explainImport names the instance and pool in the failures users meet.
func (e *view) explainImport(name, pool string, err error) error {
	msg := err.Error()
	var le *lxdapi.Error
	if errors.As(err, &le) {
		msg = le.Message
	}
	switch {
	case strings.Contains(msg, "already exists"):
		return fmt.Errorf("instance %s already exists (or its storage volume does) on %s: %w", name, e.remoteLabel(), err)
	case strings.Contains(msg, "Storage pool not found") || strings.Contains(msg, "storage pool") && strings.Contains(msg, "not found"):
		if pool == "" {
			return fmt.Errorf("the backup's storage pool does not exist on %s; give storage=POOL: %w", e.remoteLabel(), err)
		}
		return fmt.Errorf("no such storage pool %s: %w", pool, err)
	}
	if name != "" {
		return fmt.Errorf("importing %s: %w", name, err)
	}
	return err
}

// operationInstance is the instance an import operation names in its
// resources ("/1.0/instances/NAME"), or "".
func operationInstance(op *lxdapi.Operation) string {
	for _, r := range op.Resources["instances"] {
		if i := strings.LastIndexByte(r, '/'); i >= 0 {
			return r[i+1:]
		}
	}
	return ""
}

// backupIndexLimit bounds the index.yaml read from a backup file.
const backupIndexLimit = 1 << 20

// backupInstanceName reads the instance's name from the index.yaml of a
// gzip backup tarball, the first entry LXD writes; "" when the file is
// no such tarball (another compression, another layout).
func backupInstanceName(r io.Reader) string {
	z, err := gzip.NewReader(r)
	if err != nil {
		return ""
	}
	defer z.Close()
	tr := tar.NewReader(z)
	for i := 0; i < 4; i++ { // index.yaml comes first; a few entries at most
		h, err := tr.Next()
		if err != nil {
			return ""
		}
		if h.Name != "backup/index.yaml" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(tr, backupIndexLimit))
		if err != nil {
			return ""
		}
		var idx struct {
			Name string `yaml:"name"`
		}
		if yaml.Unmarshal(data, &idx) != nil || checkInstanceName("name", idx.Name) != nil {
			return ""
		}
		return idx.Name
	}
	return ""
}
