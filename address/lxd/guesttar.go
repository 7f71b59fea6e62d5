package lxd

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// Whether a guest has a tar that recursive push (and pull) can stream one
// archive through, instead of one files-API request per file. The guest
// is the adversary and decides what its tar is, so nothing it prints is
// believed: a probe extracts a small archive and LXD's files API, not the
// guest, says whether what came out is right.
//
// For the pull side: runningGuestTar (or guestTar) answers for extraction
// (-x). A pull that streams the guest's tar -c needs, besides, that the
// guest's archive parses with archive/tar, which the pull's own reader
// finds out as it reads (never trusting it beyond that); the same path
// and cache key serve it.

// guestTarPaths are where a guest's tar is looked for, by absolute path:
// what PATH finds is the guest's choice.
var guestTarPaths = []string{"/bin/tar", "/usr/bin/tar"}

// tarProbeTimeout bounds one probe (its exec and the reads that check it).
const tarProbeTimeout = 15 * time.Second

// tarExtractArgs are the arguments after the tar program that extract an
// archive from stdin into dir: numeric owners (the archive carries no user
// or group names either), and no modification times restored, so that
// files get the time of the push as the files API gives them. Both GNU
// tar and busybox tar take them, and as root both keep the archive's
// permission bits whatever the umask.
func tarExtractArgs(dir string) []string {
	return []string{"-x", "-m", "--numeric-owner", "-f", "-", "-C", dir}
}

// tarCache remembers each instance's probe: by remote, project, name and
// the instance's volatile.uuid and creation time, so that a deleted and
// remade instance of the same name is probed afresh.
type tarCache struct {
	mu sync.Mutex
	m  map[string]string // key -> tar path; "" for none
}

func (e *view) tarKey(inst *lxdapi.Instance) string {
	return strings.Join([]string{e.remoteName, e.lxd().Project(), inst.Name,
		inst.Config["volatile.uuid"], inst.CreatedAt.String()}, "\x00")
}

// guestTar returns the absolute path of a tar in the running instance inst
// that extracts a ustar/PAX stream from stdin with -C, numeric owners,
// permission bits and symlinks kept, or "" when it has none. The answer is
// probed once per instance and kept; forgetGuestTar drops it when the tar
// later fails to start. Only an ended ctx is an error.
func (e *view) guestTar(ctx context.Context, inst *lxdapi.Instance) (string, error) {
	key := e.tarKey(inst)
	e.tars.mu.Lock()
	p, ok := e.tars.m[key]
	e.tars.mu.Unlock()
	if ok {
		return p, nil
	}
	p = ""
	for _, cand := range guestTarPaths {
		works, ran := e.probeTar(ctx, inst.Name, cand)
		if err := ctx.Err(); err != nil {
			return "", err
		}
		if !ran {
			// LXD did not run the probe (a loaded daemon refusing a
			// websocket): no answer to keep; the files API does this
			// push and the next one asks again.
			return "", nil
		}
		if works {
			p = cand
			break
		}
	}
	e.tars.mu.Lock()
	if e.tars.m == nil {
		e.tars.m = map[string]string{}
	}
	e.tars.m[key] = p
	e.tars.mu.Unlock()
	return p, nil
}

// runningGuestTar reads the instance name and, when it is running,
// returns it with the path of its tar (see guestTar). A stopped instance,
// one that cannot be read, or one without a usable tar gives tarPath "":
// the caller then uses the files API, which reports its own errors.
func (e *view) runningGuestTar(ctx context.Context, name string) (inst *lxdapi.Instance, tarPath string, err error) {
	inst, err = e.lxd().GetInstance(ctx, name)
	if err != nil || inst.Status != "Running" {
		return inst, "", ctx.Err()
	}
	p, err := e.guestTar(ctx, inst)
	return inst, p, err
}

// forgetGuestTar drops what is known of inst's tar, so that the next use
// probes again.
func (e *view) forgetGuestTar(inst *lxdapi.Instance) {
	e.tars.mu.Lock()
	delete(e.tars.m, e.tarKey(inst))
	e.tars.mu.Unlock()
}

// Names and metadata of the probe archive. The file's name is longer than
// a ustar header holds, so it needs a PAX record; modes with group and
// other write bits show a umask applied; owners other than root show
// numeric ownership kept.
const (
	probeFile    = "rexxlxd-tar-probe-file-with-a-name-longer-than-one-hundred-bytes-so-that-only-a-pax-header-can-carry-it-whole"
	probeLink    = "link"
	probeContent = "rexxlxd tar probe\n"
)

var probeDirHdr = tar.Header{Typeflag: tar.TypeDir, Mode: 0o775, Uid: 1001, Gid: 1002}

// probeTar extracts the probe archive with the guest program tarPath into
// a fresh directory under / and reads back through the files API what it
// made, then removes it. It reports whether everything came out as the
// archive said (works), and whether the probe ran at all: false when LXD
// could not start the exec or failed the operation for a reason other than
// a missing program. The program's output is discarded.
func (e *view) probeTar(ctx context.Context, name, tarPath string) (works, ran bool) {
	ctx, cancel := context.WithTimeout(ctx, tarProbeTimeout)
	defer cancel()
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return false, false
	}
	dir := ".rexxlxd-tar-probe-" + hex.EncodeToString(b)
	archive, err := probeArchive(dir)
	if err != nil {
		return false, false
	}
	s, err := e.lxd().ExecStart(ctx, name, lxdapi.ExecRequest{Command: append([]string{tarPath}, tarExtractArgs("/")...)},
		lxdapi.ExecStream{Stdin: bytes.NewReader(archive)})
	if err != nil {
		return false, false
	}
	code, err := s.Wait(ctx)
	s.Close()
	switch {
	case code == 126 || code == 127:
		return false, true // no such program: nothing was made
	case err != nil:
		return false, false
	}
	root := "/" + dir
	// Remove what the probe made, whatever it was, with a bound of its
	// own: the probe's context may have ended. The two entries at once,
	// then the directory.
	defer func() {
		cctx, ccancel := context.WithTimeout(context.WithoutCancel(ctx), tarProbeTimeout)
		defer ccancel()
		all(func(p string) bool { _ = e.lxd().DeleteFile(cctx, name, p); return true },
			path.Join(root, probeLink), path.Join(root, probeFile))
		_ = e.lxd().DeleteFile(cctx, name, root)
	}()
	if code != 0 {
		return false, true
	}
	want := map[string]*tar.Header{
		root:                       &probeDirHdr,
		path.Join(root, probeFile): {Typeflag: tar.TypeReg, Mode: 0o666, Uid: 1003, Gid: 1004},
		path.Join(root, probeLink): {Typeflag: tar.TypeSymlink},
	}
	content := map[string]string{path.Join(root, probeFile): probeContent, path.Join(root, probeLink): probeFile}
	return all(func(p string) bool { return e.probed(ctx, name, p, want[p], content[p]) },
		root, path.Join(root, probeFile), path.Join(root, probeLink)), true
}

// all runs f on each path at once and reports whether f held for all.
func all(f func(p string) bool, paths ...string) bool {
	ok := make([]bool, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Add(1)
		go func() { defer wg.Done(); ok[i] = f(p) }()
	}
	wg.Wait()
	for _, v := range ok {
		if !v {
			return false
		}
	}
	return true
}

// probed reports whether the guest file p is what h says: type, and for
// files and directories mode and owner; content is a file's data or, for
// a symlink, the end of its target (LXD reports targets made absolute).
func (e *view) probed(ctx context.Context, name, p string, h *tar.Header, content string) bool {
	body, info, err := e.lxd().GetFileWithin(ctx, name, p, pullOpenWait)
	if err != nil {
		return false
	}
	var data []byte
	if body != nil {
		data, err = io.ReadAll(io.LimitReader(body, 4096))
		body.Close()
		if err != nil {
			return false
		}
	}
	switch h.Typeflag {
	case tar.TypeSymlink:
		return info.Type == "symlink" && strings.HasSuffix(string(data), content)
	case tar.TypeDir:
		if info.Type != "directory" || len(info.Entries) != 2 {
			return false
		}
	default:
		if info.Type != "file" || string(data) != content {
			return false
		}
	}
	return info.Mode == uint32(h.Mode) && info.UID == int64(h.Uid) && info.GID == int64(h.Gid)
}

// probeArchive is the probe: directory dir holding a file whose name needs
// PAX and a relative symlink to it.
func probeArchive(dir string) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	now := time.Now().Truncate(time.Second)
	d := probeDirHdr
	d.Name, d.ModTime, d.Format = dir+"/", now, tar.FormatPAX
	hdrs := []*tar.Header{&d,
		{Typeflag: tar.TypeReg, Name: dir + "/" + probeFile, Mode: 0o666, Uid: 1003, Gid: 1004,
			Size: int64(len(probeContent)), ModTime: now, Format: tar.FormatPAX},
		{Typeflag: tar.TypeSymlink, Name: dir + "/" + probeLink, Linkname: probeFile, Mode: 0o777, ModTime: now, Format: tar.FormatPAX},
	}
	for _, h := range hdrs {
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := io.WriteString(tw, probeContent); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
