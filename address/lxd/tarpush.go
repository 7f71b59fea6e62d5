package lxd

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// A recursive push of a host directory into a running instance whose
// guest has a working tar (guesttar.go) is one tar archive, built here
// with archive/tar and streamed over the exec websocket's stdin into the
// guest's tar -x, instead of one files-API request per file. The result is
// the one the files API gives (pushTree): the same names, modes, owners,
// symlinks as links, merging into an existing directory whose own
// metadata is left as it is, and the same FILES and BYTES. Anything the
// tar path cannot do as the files API does falls back to it before
// anything is written.

// maxTarImage is the largest archive built once in memory and shared by
// the instances of a fleet push; a larger tree is read again for each
// instance as it is streamed.
var maxTarImage int64 = 64 << 20

// maxTarStderr bounds what is kept of the guest tar's stderr for an error.
const maxTarStderr = 2048

// hostEntry is one file, directory or symlink of the host tree.
type hostEntry struct {
	rel  string // slash-separated path below the source; "" is the source itself
	path string // host path
	typ  byte   // tar.TypeDir, tar.TypeReg or tar.TypeSymlink
	mode int64
	size int64
	link string
}

// hostTree is a host directory read for a push: its entries in the
// order pushTree visits them, the subdirectories of each directory, and
// the archive when it is small enough to keep.
type hostTree struct {
	entries []hostEntry
	subdirs map[string][]string // directory rel -> names of its subdirectories
	bytes   int64
	image   *tarImage // nil: stream from the host files per instance
}

// readHostTree walks src as pushTree does and refuses, before anything is
// sent, what pushTree would fail on (a special file).
func readHostTree(src string, put lxdapi.FilePut) (*hostTree, error) {
	t := &hostTree{subdirs: map[string][]string{}}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "." {
			rel = ""
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		// Permission bits only: LXD's files API drops setuid, setgid
		// and sticky bits from mode=, and so does the archive.
		e := hostEntry{rel: rel, path: p, mode: int64(put.Mode & 0o777)}
		if put.Mode == 0 {
			e.mode = int64(info.Mode().Perm())
		}
		switch {
		case d.IsDir():
			e.typ = tar.TypeDir
			if rel != "" {
				parent := path.Dir(rel)
				if parent == "." {
					parent = ""
				}
				t.subdirs[parent] = append(t.subdirs[parent], path.Base(rel))
			}
		case d.Type()&fs.ModeSymlink != 0:
			if e.link, err = os.Readlink(p); err != nil {
				return err
			}
			e.typ = tar.TypeSymlink
		case d.Type().IsRegular():
			e.typ, e.size = tar.TypeReg, info.Size()
			t.bytes += e.size
		default:
			return fmt.Errorf("%s is neither a file, a directory nor a symlink", p)
		}
		t.entries = append(t.entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// maxUstarID is the largest owner id a ustar header holds (eight
// octal digits less the terminator); the size field holds eleven.
const (
	maxUstarID   = 0o7777777
	maxUstarSize = 0o77777777777
)

// ustarNumbers reports whether every owner and size fits a ustar header.
// Larger ones need PAX records that busybox tar does not read (it knows
// only path and linkpath there), so such pushes go to the files API.
func (t *hostTree) ustarNumbers(put lxdapi.FilePut) bool {
	if derefID(put.UID) > maxUstarID || derefID(put.GID) > maxUstarID {
		return false
	}
	for _, e := range t.entries {
		if e.size > maxUstarSize {
			return false
		}
	}
	return true
}

// tarImage is a whole archive in memory, with where each directory's
// header lies, so that one instance's stream can leave out the headers of
// directories it already has.
type tarImage struct {
	data []byte
	dirs map[string][2]int64 // directory rel -> [start, end) of its header
}

// writeTar writes the archive of tree to w, without the root (which push
// makes, or finds, itself) and without the directories in skip. mark, if
// not nil, learns where each directory header starts and ends in the
// stream. Owners are numeric only: the archive carries no user names.
func writeTar(w io.Writer, tree *hostTree, put lxdapi.FilePut, skip map[string]bool, mark func(rel string, start, end int64)) error {
	cw := &countWriter{w: w}
	tw := tar.NewWriter(cw)
	var uid, gid int
	if put.UID != nil {
		uid = int(*put.UID)
	}
	if put.GID != nil {
		gid = int(*put.GID)
	}
	now := time.Now().Truncate(time.Second)
	for _, e := range tree.entries {
		if e.rel == "" || skip[e.rel] {
			continue
		}
		h := &tar.Header{Typeflag: e.typ, Name: e.rel, Mode: e.mode, Uid: uid, Gid: gid, ModTime: now, Linkname: e.link}
		if e.typ == tar.TypeDir {
			h.Name += "/"
		}
		if e.typ == tar.TypeReg {
			h.Size = e.size
		}
		start := cw.n
		if err := tw.WriteHeader(h); err != nil {
			return fmt.Errorf("archiving %s: %w", e.path, err)
		}
		if e.typ == tar.TypeDir && mark != nil {
			mark(e.rel, start, cw.n)
		}
		if e.typ == tar.TypeReg {
			if err := copyHostFile(tw, e); err != nil {
				return err
			}
			// Pad now, so that the next header starts where cw.n says.
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	}
	return tw.Close()
}

// copyHostFile copies exactly e.size bytes of e's file into the archive.
// O_NOFOLLOW: a symlink put in the file's place since the walk is not
// followed.
func copyHostFile(w io.Writer, e hostEntry) error {
	f, err := os.OpenFile(e.path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.CopyN(w, f, e.size); err != nil {
		return fmt.Errorf("reading %s (%d bytes when the tree was read): %w", e.path, e.size, err)
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// buildImage keeps the whole archive of tree in memory.
func buildImage(tree *hostTree, put lxdapi.FilePut) (*tarImage, error) {
	var buf bytes.Buffer
	buf.Grow(int(tree.bytes) + 1024*len(tree.entries))
	im := &tarImage{dirs: map[string][2]int64{}}
	err := writeTar(&buf, tree, put, nil, func(rel string, start, end int64) { im.dirs[rel] = [2]int64{start, end} })
	if err != nil {
		return nil, err
	}
	im.data = buf.Bytes()
	return im, nil
}

// reader streams the image without the headers of the directories in skip.
func (im *tarImage) reader(skip map[string]bool) io.Reader {
	var cut [][2]int64
	for rel := range skip {
		if r, ok := im.dirs[rel]; ok {
			cut = append(cut, r)
		}
	}
	if len(cut) == 0 {
		return bytes.NewReader(im.data)
	}
	sort.Slice(cut, func(i, j int) bool { return cut[i][0] < cut[j][0] })
	var parts []io.Reader
	var at int64
	for _, r := range cut {
		parts = append(parts, bytes.NewReader(im.data[at:r[0]]))
		at = r[1]
	}
	parts = append(parts, bytes.NewReader(im.data[at:]))
	return io.MultiReader(parts...)
}

// pushDir pushes the host directory src to target: through the guest's
// tar when it can (RESULT.METHOD tar), else through the files API
// (pushTree, METHOD files).
func (e *view) pushDir(ctx context.Context, name, src, target string, put lxdapi.FilePut, t *fileTally, res *result) error {
	done, err := e.pushTar(ctx, name, src, target, put, t)
	if done {
		res.set("METHOD", "tar")
		return err
	}
	if err != nil {
		return err
	}
	return e.pushTree(ctx, name, src, target, put, t)
}

// pushTar is the tar path of pushDir. done false with a nil error: the
// files API is to do it; nothing has been written but, perhaps, the root
// directory, which the files API makes the same way.
func (e *view) pushTar(ctx context.Context, name, src, target string, put lxdapi.FilePut, t *fileTally) (done bool, err error) {
	inst, tarPath, err := e.runningGuestTar(ctx, name)
	if err != nil || tarPath == "" {
		return false, err
	}
	tree, err := e.sharedHostTree(ctx, src, put)
	if err != nil {
		return false, err // pushTree fails on it the same way
	}
	if !tree.ustarNumbers(put) {
		return false, nil
	}
	have, fallback, err := e.guestDirs(ctx, name, target, tree)
	if err != nil || fallback {
		return err != nil, err
	}
	if !have[""] {
		// The root as pushTree makes it; its errors (a missing parent)
		// are the files API's to report, in pushTree's words.
		if err := e.lxd().PushFile(ctx, name, target, lxdapi.FilePut{Type: "directory", Mode: uint32(tree.entries[0].mode), UID: put.UID, GID: put.GID}); err != nil {
			return false, nil
		}
	}
	var stdin io.Reader
	var pr *io.PipeReader
	if tree.image != nil {
		stdin = tree.image.reader(have)
	} else {
		var pw *io.PipeWriter
		pr, pw = io.Pipe()
		go func() { pw.CloseWithError(writeTar(pw, tree, put, have, nil)) }()
		stdin = pr
	}
	errOut := newCapture(maxTarStderr)
	s, err := e.lxd().ExecStart(ctx, name, lxdapi.ExecRequest{Command: append([]string{tarPath}, tarExtractArgs(target)...)},
		lxdapi.ExecStream{Stdin: stdin, Stderr: errOut})
	if err != nil {
		closePipe(pr)
		e.forgetGuestTar(inst)
		return false, ctx.Err()
	}
	code, err := s.Wait(ctx)
	s.Close()
	closePipe(pr)
	if code == 126 || code == 127 {
		// The tar that the probe found is gone: probe again next time.
		e.forgetGuestTar(inst)
		return false, ctx.Err()
	}
	if err == nil && code == 0 {
		// Counted as pushTree counts: every entry, the root and the
		// directories that were there already included.
		t.files += int64(len(tree.entries))
		t.bytes += tree.bytes
		return true, nil
	}
	if !have[""] {
		t.files++ // the root, made above
	}
	if err != nil {
		return true, fmt.Errorf("pushing %s to %s in %s with the guest's tar: %w", src, target, name, err)
	}
	return true, fmt.Errorf("pushing %s to %s in %s: the guest's tar (%s) exited with status %d: %s",
		src, target, name, tarPath, code, guestText(errOut.String(), errOut.cut()))
}

func closePipe(pr *io.PipeReader) {
	if pr != nil {
		pr.CloseWithError(io.ErrClosedPipe)
	}
}

// guestText shows text from the guest on one line with control
// characters escaped, marked when it was cut.
func guestText(s string, cut bool) string {
	q := strconv.QuoteToGraphic(strings.TrimRight(s, "\n"))
	q = q[1 : len(q)-1]
	if cut {
		q += " [cut]"
	}
	return q
}

// sharedHostTree reads the host tree once per command: the instances of a
// fleet push share it and, when small, its archive.
func (e *view) sharedHostTree(ctx context.Context, src string, put lxdapi.FilePut) (*hostTree, error) {
	key := fmt.Sprintf("push-tree\x00%s\x00%o\x00%v\x00%v", src, put.Mode, derefID(put.UID), derefID(put.GID))
	v, err := fleetOnce(ctx, key, func() (any, error) {
		tree, err := readHostTree(src, put)
		if err != nil {
			return nil, err
		}
		if tree.bytes <= maxTarImage {
			if tree.image, err = buildImage(tree, put); err != nil {
				return nil, err
			}
		}
		return tree, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*hostTree), nil
}

func derefID(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

// guestDirReads bounds the directory reads guestDirs has in flight for
// one instance.
const guestDirReads = 8

// guestDirs finds which of the tree's directories the guest already has
// below target ("" is target itself), reading only the directories that
// exist, a level at a time, the reads of a level at once. Their headers
// are left out of the archive, so that their own mode and owner stay as
// they are, as with the files API. A guest symlink where the tree has a
// directory is refused: the guest's tar would follow it and write outside
// target. Anything else but a directory there (target a file) leaves the
// push to the files API (fallback).
func (e *view) guestDirs(ctx context.Context, name, target string, tree *hostTree) (have map[string]bool, fallback bool, err error) {
	type read struct {
		info *lxdapi.FileInfo
		err  error
	}
	have = map[string]bool{}
	level := []string{""}
	for len(level) > 0 {
		reads := make([]read, len(level))
		sl := make(slots, guestDirReads)
		var wg sync.WaitGroup
		for i, rel := range level {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := sl.acquire(ctx); err != nil {
					reads[i].err = err
					return
				}
				defer sl.release()
				// Within: a guest FIFO must not wedge LXD's file server.
				body, info, err := e.lxd().GetFileWithin(ctx, name, path.Join(target, rel), pullOpenWait)
				if body != nil {
					body.Close()
				}
				reads[i] = read{info, err}
			}()
		}
		wg.Wait()
		var next []string
		for i, rel := range level {
			p, info, err := path.Join(target, rel), reads[i].info, reads[i].err
			switch {
			case lxdapi.IsNotFound(err):
				if rel == "" {
					return have, false, nil
				}
				continue // gone since its parent was listed: tar makes it
			case errors.Is(err, lxdapi.ErrNotOpened):
				return nil, false, fmt.Errorf("%s in %s is a FIFO or other special file where the pushed tree has a directory; not pushed", p, name)
			case err != nil:
				return nil, false, e.noGuestFile(ctx, name, p, err)
			case info.Type == "symlink":
				return nil, false, fmt.Errorf("%s in %s is a symlink where the pushed tree has a directory; push does not write through guest symlinks", p, name)
			case info.Type != "directory":
				return nil, true, nil
			}
			have[rel] = true
			listed := make(map[string]bool, len(info.Entries))
			for _, n := range info.Entries {
				listed[n] = true
			}
			for _, sub := range tree.subdirs[rel] {
				if listed[sub] {
					next = append(next, path.Join(rel, sub))
				}
			}
		}
		level = next
	}
	return have, false, nil
}
