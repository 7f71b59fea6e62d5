package lxd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// maxPullContent bounds a file pulled into RESULT.CONTENT; larger files
// need target=.
const maxPullContent = 16 << 20

// fileTally counts what push and pull moved.
type fileTally struct{ files, bytes int64 }

func (t *fileTally) report(res *result) {
	res.set("FILES", strconv.FormatInt(t.files, 10))
	res.set("BYTES", strconv.FormatInt(t.bytes, 10))
}

// checkGuestPath wants an absolute guest path: relative ones would depend
// on LXD's idea of a working directory.
func checkGuestPath(key, p string) error {
	if !strings.HasPrefix(p, "/") {
		return &UsageError{Msg: fmt.Sprintf("%s=%s: give an absolute path in the instance, e.g. /root/file", key, p)}
	}
	return nil
}

// parseMode reads mode= as octal permission bits, e.g. 644 or 0755.
func parseMode(v string) (uint32, error) {
	m, err := strconv.ParseUint(v, 8, 32)
	if err != nil || m > 0o7777 || v == "" {
		return 0, &UsageError{Msg: fmt.Sprintf("mode=%s is no octal file mode such as 0644 or 755", v)}
	}
	return uint32(m), nil
}

// parseID reads uid= or gid=.
func parseID(key, v string) (*int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > 1<<32-1 {
		return nil, &UsageError{Msg: fmt.Sprintf("%s=%s is no user or group id (a number 0 or above)", key, v)}
	}
	return &n, nil
}

// noGuestFile names the instance and path when LXD answers 404.
func (e *view) noGuestFile(ctx context.Context, name, p string, err error) error {
	if !lxdapi.IsNotFound(err) {
		return err
	}
	if _, ierr := e.lxd().GetInstance(ctx, name); lxdapi.IsNotFound(ierr) {
		return fmt.Errorf("no instance %s: %w", name, err)
	}
	return fmt.Errorf("no file %s in %s: %w", p, name, err)
}

// push writes into an instance: push name= target=GUESTPATH and either
// source=HOSTPATH or content=TEXT, [mode=] [uid=] [gid=]
// [recursive=true] [parents=true]. target= is the path of the copy
// itself; its parent directory must exist, or parents=true makes it. A
// host file keeps its permission bits unless mode= is given (content=
// gets 0644). recursive=true copies a host directory tree (directories,
// files and symlinks); mode=, uid= and gid= then apply to every file and
// directory.
//
// A directory goes into a running instance as one tar archive when the
// guest has a usable tar (tarpush.go).
//
// RESULT fields: CONTAINER, TARGET, FILES (files, directories and links
// written), BYTES (file bytes written), CHANGED, METHOD (tar or files).
func (e *view) push(ctx context.Context, args cmdArgs, res *result) error {
	name, target := args["name"], args["target"]
	res.set("CONTAINER", name)
	res.set("TARGET", target)
	res.set("METHOD", "files")
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	if err := checkGuestPath("target", target); err != nil {
		return err
	}
	src, hasSrc := args["source"]
	content, hasContent := args["content"]
	if hasSrc == hasContent {
		return &UsageError{Msg: "give exactly one of source=HOSTPATH and content=TEXT"}
	}
	put := lxdapi.FilePut{Mode: args.mode("mode"), UID: args.id("uid"), GID: args.id("gid")}
	recursive, parents := args.flag("recursive"), args.flag("parents")
	var t fileTally
	defer t.report(res)
	if parents {
		if err := e.makeGuestParents(ctx, name, target, put); err != nil {
			return err
		}
	}
	if hasContent {
		if recursive {
			return &UsageError{Msg: "recursive=true needs source=, a host directory"}
		}
		if put.Mode == 0 {
			put.Mode = 0o644
		}
		put.Content = strings.NewReader(content)
		if err := e.lxd().PushFile(ctx, name, target, put); err != nil {
			return e.noGuestFile(ctx, name, path.Dir(target), err)
		}
		t.files, t.bytes = 1, int64(len(content))
		res.output = fmt.Sprintf("wrote %d bytes to %s in %s", len(content), target, name)
		return nil
	}
	if src == "" {
		return &UsageError{Msg: "source= is empty"}
	}
	fi, err := os.Lstat(src)
	if err != nil {
		return fmt.Errorf("source=%s: %w", src, err)
	}
	if fi.IsDir() && !recursive {
		return &UsageError{Msg: fmt.Sprintf("source=%s is a directory; add recursive=true", src)}
	}
	if fi.IsDir() {
		err = e.pushDir(ctx, name, src, target, put, &t, res) // by tar when the guest can (tarpush.go)
	} else {
		err = e.pushTree(ctx, name, src, target, put, &t)
	}
	if t.files > 0 {
		res.madeChange()
	} else {
		res.unchanged()
	}
	if err != nil {
		return err
	}
	res.output = fmt.Sprintf("pushed %s to %s in %s (%d file(s), %d bytes)", src, target, name, t.files, t.bytes)
	return nil
}

// makeGuestParents makes the guest directories above target that are
// missing (push parents=true, as lxc file push -p), with mode 0755 and
// push's uid= and gid=. LXD answers success for a directory that exists
// already and leaves it as it is, so each level is one request.
func (e *view) makeGuestParents(ctx context.Context, name, target string, put lxdapi.FilePut) error {
	dir := path.Dir(path.Clean(target))
	var levels []string
	for d := dir; d != "/"; d = path.Dir(d) {
		levels = append(levels, d)
	}
	for i := len(levels) - 1; i >= 0; i-- {
		f := lxdapi.FilePut{Type: "directory", Mode: 0o755, UID: put.UID, GID: put.GID}
		if err := e.lxd().PushFile(ctx, name, levels[i], f); err != nil {
			return e.noGuestFile(ctx, name, path.Dir(levels[i]), fmt.Errorf("making %s (parents=true): %w", levels[i], err))
		}
	}
	return nil
}

// pushTree pushes the host file or tree at src to target.
func (e *view) pushTree(ctx context.Context, name, src, target string, put lxdapi.FilePut, t *fileTally) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		dst := target
		if rel != "." {
			dst = path.Join(target, filepath.ToSlash(rel))
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		f := put
		var size int64 // file bytes, counted once written
		if f.Mode == 0 {
			f.Mode = uint32(info.Mode().Perm())
		}
		switch {
		case d.IsDir():
			f.Type = "directory"
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			f.Type, f.Content = "symlink", strings.NewReader(link)
		case d.Type().IsRegular():
			h, err := os.Open(p)
			if err != nil {
				return err
			}
			defer h.Close()
			f.Content = h
			size = info.Size()
		default:
			return fmt.Errorf("%s is neither a file, a directory nor a symlink", p)
		}
		if err := e.lxd().PushFile(ctx, name, dst, f); err != nil {
			if d.IsDir() && strings.Contains(err.Error(), "exists") {
				return nil // an existing directory is merged into
			}
			return e.noGuestFile(ctx, name, path.Dir(dst), fmt.Errorf("writing %s: %w", dst, err))
		}
		t.files++
		t.bytes += size
		return nil
	})
}

// pull reads from an instance: pull name= source=GUESTPATH
// [target=HOSTPATH] [recursive=true] [maxsize=]. Without target= a
// file's content is RESULT.CONTENT (at most 16 MiB). With target= the
// file is written there (into it, under the file's name, when target= is
// an existing directory) with the guest file's permission bits;
// recursive=true copies a guest directory tree to target=, by the
// guest's tar when it has one (pulltar.go), else through the files API.
// Everything written to the host goes through a landing (landing.go),
// which holds pull's host-side rules: what a rule refuses in a tree is
// reported in RESULT.SKIPPED, and a refused single file is RC 1.
//
// RESULT fields: CONTAINER, SOURCE, TARGET, CONTENT (without target=),
// MODE (octal), UID, GID and TYPE of source=, FILES, BYTES, and with
// target= SKIPPED, SKIPPED.i, METHOD (tar or files) and TARFALLBACK.
func (e *view) pull(ctx context.Context, args cmdArgs, res *result) error {
	name, src := args["name"], args["source"]
	target, hasTarget := args["target"]
	res.set("CONTAINER", name)
	res.set("SOURCE", src)
	res.set("TARGET", target)
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	if err := checkGuestPath("source", src); err != nil {
		return err
	}
	recursive := args.flag("recursive")
	if hasTarget && target == "" {
		return &UsageError{Msg: "target= is empty"}
	}
	if recursive && !hasTarget {
		return &UsageError{Msg: "recursive=true needs target=, a host path"}
	}
	maxSize := args.byteSize("maxsize", defaultMaxPull)
	body, info, special, err := e.openGuestFile(ctx, name, src)
	if err != nil {
		return err
	}
	if special != "" {
		return fmt.Errorf("not pulling %s from %s: %s", quoteOdd(src), name, special)
	}
	res.set("TYPE", info.Type)
	res.set("MODE", fmt.Sprintf("%04o", info.Mode))
	res.set("UID", strconv.FormatInt(info.UID, 10))
	res.set("GID", strconv.FormatInt(info.GID, 10))
	if !hasTarget {
		var t fileTally
		defer t.report(res)
		if body == nil {
			return &UsageError{Msg: fmt.Sprintf("source=%s is a directory; give target= and recursive=true", src)}
		}
		defer body.Close()
		limit := min(maxSize, maxPullContent)
		data, err := io.ReadAll(io.LimitReader(body, limit+1))
		if err != nil {
			return fmt.Errorf("reading %s in %s: %w", src, name, err)
		}
		if int64(len(data)) > limit {
			if limit < maxPullContent {
				return fmt.Errorf("%s in %s is larger than maxsize=%d bytes", src, name, limit)
			}
			return fmt.Errorf("%s in %s is larger than %d bytes; give target= to pull it into a file", src, name, maxPullContent)
		}
		res.set("CONTENT", string(data))
		t.files, t.bytes = 1, int64(len(data))
		res.output = string(data)
		return nil
	}
	if body == nil && !recursive {
		return &UsageError{Msg: fmt.Sprintf("source=%s is a directory; add recursive=true", src)}
	}
	if fi, err := os.Stat(target); err == nil && fi.IsDir() && body != nil {
		target = filepath.Join(target, path.Base(src))
		res.set("TARGET", target)
	}
	l := newLanding(target, src, maxSize)
	defer func() { l.report(res) }()
	res.set("METHOD", "files")
	if recursive && body == nil {
		done, why, err := e.pullTar(ctx, name, src, l) // pulltar.go
		if err != nil {
			return err
		}
		if done {
			res.set("METHOD", "tar")
			res.output = fmt.Sprintf("pulled %s from %s to %s (%d file(s), %d bytes)", src, name, target, l.files, l.written)
			if n := len(l.skipped); n > 0 {
				res.output += fmt.Sprintf("; skipped %d (see RESULT.SKIPPED.i)", n)
			}
			return nil
		}
		if why != "" {
			res.set("TARFALLBACK", quoteOdd(why))
		}
		l = newLanding(target, src, maxSize)
	}
	if err := e.pullEntry(ctx, name, l, "", body, info); err != nil {
		if errors.Is(err, errRefused) && len(l.skipped) > 0 {
			s := l.skipped[len(l.skipped)-1]
			return fmt.Errorf("not pulling %s from %s: %s", quoteOdd(s.guestPath), name, s.reason)
		}
		return err
	}
	res.output = fmt.Sprintf("pulled %s from %s to %s (%d file(s), %d bytes)", src, name, target, l.files, l.written)
	if n := len(l.skipped); n > 0 {
		res.output += fmt.Sprintf("; skipped %d (see RESULT.SKIPPED.i)", n)
	}
	return nil
}

// parseMaxSize reads maxsize=: a whole number of bytes, optionally with a
// unit of memory= (KB, MB, GB, KiB, MiB, GiB, TiB, ...).
func parseMaxSize(v string) (int64, error) {
	num := strings.TrimRightFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	mult := int64(1)
	if unit := strings.ToLower(v[len(num):]); unit != "" {
		u, ok := memoryUnits()[unit]
		if !ok {
			return 0, &UsageError{Msg: fmt.Sprintf("maxsize=%s: unknown unit %q; use bytes or KB, MB, GB, KiB, MiB, GiB, ...", v, v[len(num):])}
		}
		mult = u.bytes
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, &UsageError{Msg: fmt.Sprintf("maxsize=%s is not a size in bytes, e.g. 1048576, 500MB or 2GiB", v)}
	}
	return n * mult, nil
}

// pullOpenWait is how long LXD may take to open a guest file before pull
// takes it for a FIFO and frees LXD's file server (see
// lxdapi.GetFileWithin).
const pullOpenWait = 5 * time.Second

// openGuestFile opens the guest file p for pull. A file pull must not
// take is not an error: special says why (a FIFO that would not open, a
// socket, a directory listing too large to hold), for the caller to
// refuse or skip.
func (e *view) openGuestFile(ctx context.Context, name, p string) (body io.ReadCloser, info *lxdapi.FileInfo, special string, err error) {
	body, info, err = e.lxd().GetFileWithin(ctx, name, p, pullOpenWait)
	switch {
	case err == nil:
		return body, info, "", nil
	case errors.Is(err, lxdapi.ErrNotOpened):
		return nil, nil, fmt.Sprintf("a FIFO or other special file (LXD could not open it within %v): special files are not pulled", pullOpenWait), nil
	case strings.Contains(err.Error(), "no such device or address"):
		// open(2) answers ENXIO for a socket.
		return nil, nil, "a socket (or a device with nothing behind it): special files are not pulled", nil
	case errors.Is(err, lxdapi.ErrListingTooLarge):
		return nil, nil, fmt.Sprintf("a directory that lists more than %d entries or %d MiB of names; not read", lxdapi.MaxListingEntries, lxdapi.MaxListingBytes>>20), nil
	}
	return nil, nil, "", e.noGuestFile(ctx, name, p, err)
}

// pullEntry lands the guest entry rel of a pull (already opened as body,
// info) through l, descending into directories. An entry a landing rule
// refuses is reported there and, below the top, does not stop the pull.
func (e *view) pullEntry(ctx context.Context, name string, l *landing, rel string, body io.ReadCloser, info *lxdapi.FileInfo) error {
	if body != nil {
		defer body.Close()
	}
	switch info.Type {
	case "directory":
		if err := l.Dir(rel, info.Mode); err != nil {
			return err
		}
		for _, entry := range info.Entries {
			child := path.Join(rel, entry)
			// The name comes from the listing and is vetted before the
			// entry is opened: LXD echoes it in a Content-Disposition
			// header, which Go refuses when it holds control characters.
			if err := l.Admit(child); errors.Is(err, errRefused) {
				continue
			} else if err != nil {
				return err
			}
			guest := l.guestPath(child)
			b, ci, special, err := e.openGuestFile(ctx, name, guest)
			if err != nil {
				return err
			}
			if special != "" {
				l.Skip(child, special)
				continue
			}
			if err := e.pullEntry(ctx, name, l, child, b, ci); err != nil && !errors.Is(err, errRefused) {
				return err
			}
		}
		return nil
	case "symlink":
		// LXD 5.0 reports the link's target resolved and made absolute in
		// the guest; the landing keeps it only when that is in the tree.
		link, err := io.ReadAll(io.LimitReader(body, 4096))
		if err != nil {
			return fmt.Errorf("reading the link %s in %s: %w", l.guestPath(rel), name, err)
		}
		return l.Symlink(rel, string(link))
	case "file":
		return l.File(rel, info.Mode, info.Size, body)
	default:
		return l.Special(rel, fmt.Sprintf("a file of type %q", info.Type))
	}
}
