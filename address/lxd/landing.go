package lxd

import (
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
	"syscall"
	"unicode/utf8"
)

// landing writes what a pull brings from a guest onto the host, one entry
// at a time (a directory, a file with its reader and size, a symlink with
// its target, a special file), and is the one place where the host-side
// rules of pull live. Whatever feeds it (the files API walk today, a tar
// stream from the guest later) gets the same rules, because the guest
// chooses every name, type, size and link target it sees:
//
//   - Nothing is written outside root: entries are named relative to the
//     tree, every name is checked, parents must be directories this
//     landing made or checked (never symlinks), and a symlink is kept only
//     when its target stays inside the tree.
//   - Special files (FIFOs, sockets, devices) are never written.
//   - At most max bytes are written in all, a file's announced size is
//     checked against that and against the target file system's free
//     space before the first byte, and a file is written under a
//     temporary name in its directory and renamed only once complete, so
//     no partial file is ever left.
//   - Names with control characters or invalid UTF-8 are not written
//     (they could drive a terminal that lists them).
//   - Modes are the guest's permission bits without setuid, setgid,
//     sticky, group write and other write, set explicitly so the process's
//     umask does not widen them.
//
// What a rule refuses is not an error: it is recorded in skipped (the
// guest path and why) and the pull goes on. Errors are host failures
// (permission denied, a disk error) and an existing non-directory or
// symlink where a directory must go.
type landing struct {
	root      string // host path of the tree's top: target=
	guestRoot string // the guest path that root stands for: source=
	max       int64  // bytes that may be written in all
	written   int64  // file bytes written so far
	files     int64  // directories, files and links written
	skipped   []skippedEntry
	// dirs are the tree-relative directories made or checked as real
	// directories; dropped are skipped directories whose contents are
	// skipped silently (the directory itself is reported).
	dirs, dropped map[string]bool
	// landed are the regular files written, for Copy.
	landed map[string]bool
	// keep makes File refuse to replace a file that exists (export
	// without overwrite=true): the complete file is linked into place,
	// which fails if the name was taken meanwhile, instead of renamed
	// over it.
	keep bool
}

// skippedEntry is one entry a pull did not write: RESULT.SKIPPED.i.
type skippedEntry struct{ guestPath, reason string }

// defaultMaxPull is maxsize='s default: the bytes one pull (a file or a
// whole tree) may write to the host.
const defaultMaxPull = 1 << 30

func newLanding(root, guestRoot string, max int64) *landing {
	return &landing{root: root, guestRoot: path.Clean(guestRoot), max: max,
		dirs: map[string]bool{}, dropped: map[string]bool{}, landed: map[string]bool{}}
}

// errRefused marks an entry a rule refused; the caller of a single-file
// pull turns it into RC 1, a tree pull only records it.
var errRefused = errors.New("refused")

// refuse records rel as skipped for reason and returns errRefused wrapped
// with the reason.
func (l *landing) refuse(rel, reason string) error {
	l.skipped = append(l.skipped, skippedEntry{l.guestPath(rel), reason})
	return fmt.Errorf("%s: %s: %w", quoteOdd(l.guestPath(rel)), reason, errRefused)
}

// guestPath is the guest path of the tree-relative rel.
func (l *landing) guestPath(rel string) string {
	if rel == "" {
		return l.guestRoot
	}
	return path.Join(l.guestRoot, rel)
}

// hostPath is the host path of the tree-relative rel.
func (l *landing) hostPath(rel string) string {
	if rel == "" {
		return l.root
	}
	return filepath.Join(l.root, filepath.FromSlash(rel))
}

// Admit vets the name rel before its entry is opened in the guest, so a
// name the landing would refuse is never fetched (and is reported once:
// the refusal is recorded here, and the entry is not to be landed).
func (l *landing) Admit(rel string) error { return l.check(rel) }

// check vets rel before anything is written for it: its names must be
// plain, and its parent a directory of this landing. It returns
// errRefused for a rule's refusal, silently (without a record) when an
// ancestor was itself skipped.
func (l *landing) check(rel string) error {
	for d := path.Dir(rel); rel != "" && d != "."; d = path.Dir(d) {
		if l.dropped[d] {
			return errRefused
		}
	}
	if rel == "" {
		return nil
	}
	for _, name := range strings.Split(rel, "/") {
		if name == "" || name == "." || name == ".." {
			return l.refuse(rel, "a strange name")
		}
		if oddName(name) {
			return l.refuse(rel, "a name with control characters or invalid UTF-8, not written on the host")
		}
	}
	if parent := path.Dir(rel); parent != "." && !l.dirs[parent] {
		// Only an archive can name an entry before its directory (or
		// under a link): refused, never written somewhere unchecked.
		return l.refuse(rel, "an entry whose directory was not pulled before it")
	}
	return nil
}

// oddName reports a name with control characters (ESC, BEL, newline, DEL,
// C1) or bytes that are not UTF-8.
func oddName(name string) bool {
	if !utf8.ValidString(name) {
		return true
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return true
		}
	}
	return false
}

// quoteOdd shows a guest-chosen path with control characters and invalid
// bytes escaped, so a report cannot drive a terminal.
func quoteOdd(p string) string {
	if !oddName(p) {
		return p
	}
	q := strconv.QuoteToGraphic(p)
	return q[1 : len(q)-1]
}

// hostPerm is the mode a pulled file or directory gets: the guest's
// permission bits without group and other write (setuid, setgid and
// sticky are never taken).
func hostPerm(guest uint32) fs.FileMode {
	return fs.FileMode(guest & 0o755)
}

// Dir makes the directory rel ("" is root itself). An existing directory
// is merged into and keeps its mode; an existing symlink or file there is
// an error, never written through.
func (l *landing) Dir(rel string, guestMode uint32) error {
	if err := l.check(rel); err != nil {
		if errors.Is(err, errRefused) {
			l.dropped[rel] = true
		}
		return err
	}
	dst := l.hostPath(rel)
	made := true
	if err := os.Mkdir(dst, 0o700); errors.Is(err, fs.ErrExist) {
		made = false
	} else if err != nil {
		return fmt.Errorf("pulling %s: %w", quoteOdd(l.guestPath(rel)), err)
	}
	// What is there must be a directory of its own, never a symlink (say,
	// left by an earlier pull of a guest that has since put a directory
	// in its place): writing through it could reach any host path.
	fi, err := os.Lstat(dst)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("pulling %s: %s exists and is no directory; not writing through it", quoteOdd(l.guestPath(rel)), dst)
	}
	if made {
		if err := os.Chmod(dst, hostPerm(guestMode)|0o700); err != nil {
			return err
		}
	}
	l.dirs[rel] = true
	l.files++
	return nil
}

// Special refuses the special file rel (kind says what it is: a FIFO, a
// socket, a device) without writing anything.
func (l *landing) Special(rel, kind string) error {
	if err := l.check(rel); err != nil {
		return err
	}
	return l.refuse(rel, kind+": special files are not pulled")
}

// Skip refuses rel for reason (found before it was opened: a FIFO that
// would not open, a listing too large).
func (l *landing) Skip(rel, reason string) error {
	if err := l.check(rel); err != nil {
		return err
	}
	return l.refuse(rel, reason)
}

// Symlink makes the symlink rel to target, as the guest reports it:
// absolute in the guest (LXD 5.0 resolves link targets so), or relative
// to the link's directory (as a tar archive holds it). The link is kept
// only when the target, taken lexically, is inside the tree; it is
// written relative and cleaned, so it resolves inside the tree on the
// host too. Any other link is refused.
func (l *landing) Symlink(rel, target string) error {
	if err := l.check(rel); err != nil {
		return err
	}
	if rel == "" {
		return l.refuse(rel, fmt.Sprintf("a symlink (to %s); a single link is not pulled, pull its target", quoteOdd(target)))
	}
	var in string // the target relative to the tree, "" for root
	switch {
	case strings.HasPrefix(target, "/"):
		t := path.Clean(target)
		switch {
		case t == l.guestRoot:
			in = ""
		case l.guestRoot == "/" || strings.HasPrefix(t, l.guestRoot+"/"):
			in = strings.TrimPrefix(strings.TrimPrefix(t, l.guestRoot), "/")
		default:
			return l.refuse(rel, "a symlink to "+quoteOdd(target)+", outside the pulled tree")
		}
	case target == "":
		return l.refuse(rel, "a symlink with an empty target")
	default:
		t := path.Join(path.Dir(rel), target)
		if t == ".." || strings.HasPrefix(t, "../") {
			return l.refuse(rel, "a symlink to "+quoteOdd(target)+", outside the pulled tree")
		}
		if t != "." {
			in = t
		}
	}
	host, err := filepath.Rel(filepath.Dir(l.hostPath(rel)), l.hostPath(in))
	if err != nil {
		return err
	}
	dst := l.hostPath(rel)
	if fi, err := os.Lstat(dst); err == nil {
		if fi.Mode()&fs.ModeSymlink == 0 {
			return fmt.Errorf("pulling %s: %s exists and is no symlink; not replacing it", quoteOdd(l.guestPath(rel)), dst)
		}
		if err := os.Remove(dst); err != nil {
			return err
		}
	}
	if err := os.Symlink(host, dst); err != nil {
		return fmt.Errorf("pulling %s: %w", quoteOdd(l.guestPath(rel)), err)
	}
	l.files++
	return nil
}

// File writes the regular file rel from r. size is what the guest
// announced (-1: unknown); a size over what maxsize= leaves or over the
// target file system's free space is refused before anything is
// written, and a reader that brings more than it may is cut off and its
// file removed. The data goes to a temporary file beside the target,
// renamed over it when complete; an existing symlink at the target is
// refused, never followed or replaced.
func (l *landing) File(rel string, guestMode uint32, size int64, r io.Reader) error {
	if err := l.check(rel); err != nil {
		return err
	}
	left := l.max - l.written
	if size > left {
		return l.refuse(rel, fmt.Sprintf("%d bytes, more than the %d maxsize= leaves", size, left))
	}
	dst := l.hostPath(rel)
	dir := filepath.Dir(dst)
	if size > 0 {
		var st syscall.Statfs_t
		if err := syscall.Statfs(dir, &st); err == nil && uint64(size) > st.Bavail*uint64(st.Bsize) {
			return l.refuse(rel, fmt.Sprintf("%d bytes, more than the %d free in %s", size, st.Bavail*uint64(st.Bsize), dir))
		}
	}
	if fi, err := os.Lstat(dst); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("pulling %s: %s is a symbolic link; not writing through or over it", quoteOdd(l.guestPath(rel)), dst)
	}
	tmp, err := os.CreateTemp(dir, ".rexxlxd-pull-*")
	if err != nil {
		return fmt.Errorf("pulling %s: %w", quoteOdd(l.guestPath(rel)), err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	limit := left
	if limit < math.MaxInt64 {
		limit++ // one byte more tells a reader that brings too much
	}
	n, err := io.Copy(tmp, io.LimitReader(r, limit))
	if err != nil {
		return fmt.Errorf("pulling %s to %s: %w", quoteOdd(l.guestPath(rel)), dst, err)
	}
	if n > left {
		return l.refuse(rel, fmt.Sprintf("more than the %d bytes maxsize= leaves", left))
	}
	if size >= 0 && n != size {
		return fmt.Errorf("pulling %s: %d bytes came of the %d announced", quoteOdd(l.guestPath(rel)), n, size)
	}
	if err := tmp.Chmod(hostPerm(guestMode)); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("pulling %s to %s: %w", quoteOdd(l.guestPath(rel)), dst, err)
	}
	if err := l.place(tmp.Name(), dst); err != nil {
		return fmt.Errorf("pulling %s to %s: %w", quoteOdd(l.guestPath(rel)), dst, err)
	}
	done = true
	l.landed[rel] = true
	l.written += n
	l.files++
	return nil
}

// place puts the complete temporary file tmp at dst: renamed over what
// is there, or with keep linked to dst (which fails when dst exists) and
// its temporary name removed.
func (l *landing) place(tmp, dst string) error {
	if !l.keep {
		return os.Rename(tmp, dst)
	}
	if err := os.Link(tmp, dst); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s exists (made meanwhile); not replacing it", dst)
		}
		return err
	}
	return os.Remove(tmp)
}

// Copy lands rel as a copy of the file from, landed earlier by this
// landing (a hard link in an archive; the files API reads such a file
// twice). The copy counts against maxsize= as the files API's would.
func (l *landing) Copy(rel, from string, guestMode uint32) error {
	if err := l.check(rel); err != nil {
		return err
	}
	if !l.landed[from] {
		return l.refuse(rel, "a hard link to "+quoteOdd(l.guestPath(from))+", which this pull did not copy")
	}
	f, err := os.OpenFile(l.hostPath(from), os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return l.refuse(rel, "a hard link to "+quoteOdd(l.guestPath(from))+", no regular file here")
	}
	return l.File(rel, guestMode, fi.Size(), f)
}

// report sets RESULT.FILES, BYTES, SKIPPED and SKIPPED.i.
func (l *landing) report(res *result) {
	res.set("FILES", strconv.FormatInt(l.files, 10))
	res.set("BYTES", strconv.FormatInt(l.written, 10))
	res.set("SKIPPED", strconv.Itoa(len(l.skipped)))
	for i, s := range l.skipped {
		res.set(fmt.Sprintf("SKIPPED.%d", i+1), quoteOdd(s.guestPath)+": "+s.reason)
	}
}
