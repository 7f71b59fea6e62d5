package lxd

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// A recursive pull from a running instance whose guest has a usable tar
// (guesttar.go, found out once per instance) streams one archive, the
// guest's `tar -C SOURCE -cf - .`, over the exec websocket, instead of
// one files-API request per file and directory. The archive is the
// guest's word and is read by archive/tar in this process, never by a
// host tar: every entry goes through the same landing as the files API's
// (landing.go), so links stay inside the target, special files are not
// written, maxsize= holds, odd names are reported and nothing is left
// partial.
//
// Whenever the stream cannot be trusted to give the files API's result,
// the archive is dropped and the files API pulls the whole tree afresh
// into the same target (what the archive landed is complete files, which
// the files API's pull replaces): the guest's tar exits non-zero, cannot
// run or writes anything on stderr (a warning such as "socket ignored"
// means it left something out), the archive does not parse, an entry cannot be landed (a
// host error, an entry in an unexpected place), or an entry too large to
// land would have to be read through to get past it (a guest's 10 GB
// sparse file, which the files API refuses from its announced size
// without reading it).

// tarSkipLimit is the most of a refused entry's data the tar path reads
// through to get to the next entry; larger ones end the stream.
const tarSkipLimit = 1 << 20

// tarMaxEntries bounds the entries one archive may bring.
const tarMaxEntries = 1000000

// errTarFallback marks a stream the files API is to redo.
var errTarFallback = errors.New("the files API is to pull this tree")

// pullTar pulls the guest directory src through l by the guest's tar.
// done false: nothing trustworthy came (no usable tar, or a fallback);
// the caller pulls with the files API into a fresh landing. why says why
// an archive was dropped, "" when none was tried.
func (e *view) pullTar(ctx context.Context, name, src string, l *landing) (done bool, why string, err error) {
	inst, tarPath, err := e.runningGuestTar(ctx, name)
	if err != nil || tarPath == "" {
		return false, "", err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	errOut := newCapture(maxTarStderr)
	s, err := e.lxd().ExecStart(ctx, name, lxdapi.ExecRequest{Command: []string{tarPath, "-C", src, "-cf", "-", "."}},
		lxdapi.ExecStream{Stdout: pw, Stderr: errOut})
	if err != nil {
		e.forgetGuestTar(inst)
		return false, "", ctx.Err()
	}
	type exit struct {
		code int
		err  error
	}
	exited := make(chan exit, 1)
	go func() {
		code, err := s.Wait(ctx)
		if err != nil {
			pw.CloseWithError(err)
		} else {
			pw.Close()
		}
		exited <- exit{code, err}
	}()
	landErr := landTar(tar.NewReader(pr), l)
	if landErr != nil {
		// Stop reading: the guest's tar is killed when the session
		// closes, and the output copier's writes fail.
		pr.CloseWithError(landErr)
		s.Close()
	} else if n, _ := io.CopyN(io.Discard, pr, tarSkipLimit+1); n > tarSkipLimit {
		// An archive ends with at most a record's padding; a stream
		// that goes on is not tar's.
		landErr = fmt.Errorf("more than %d bytes after the archive's end: %w", tarSkipLimit, errTarFallback)
		pr.CloseWithError(landErr)
		s.Close()
	}
	x := <-exited
	s.Close()
	switch {
	case landErr != nil:
		return false, landErr.Error(), nil
	case x.code == 126 || x.code == 127:
		e.forgetGuestTar(inst)
		return false, "the guest's tar did not start", ctx.Err()
	case x.err != nil:
		return false, x.err.Error(), ctx.Err()
	case x.code != 0:
		return false, fmt.Sprintf("the guest's tar (%s) exited with status %d: %s", tarPath, x.code, guestText(errOut.String(), errOut.cut())), nil
	case errOut.String() != "":
		// A tar that warns left something out ("socket ignored", a file
		// it could not read): the files API says what, entry by entry.
		return false, fmt.Sprintf("the guest's tar (%s) warned: %s", tarPath, guestText(errOut.String(), errOut.cut())), nil
	}
	return true, "", nil
}

// landTar lands every entry of the archive through l. A landing refusal
// is recorded there and the stream goes on; anything else ends it with
// an error (wrapping errTarFallback for what the files API may do
// better).
func landTar(tr *tar.Reader, l *landing) error {
	for entries := 0; ; entries++ {
		if entries == tarMaxEntries {
			// The guest's tar may be any program: a stream without end
			// is cut off, and the files API walks what is really there.
			return fmt.Errorf("more than %d entries in the guest's archive: %w", tarMaxEntries, errTarFallback)
		}
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the guest's archive: %v: %w", err, errTarFallback)
		}
		rel, ok := tarRel(h.Name)
		if !ok {
			l.refuse(strings.TrimPrefix(h.Name, "/"), "a strange name in the guest's archive")
			continue
		}
		mode := uint32(h.Mode) & 0o7777
		switch h.Typeflag {
		case tar.TypeDir:
			err = l.Dir(rel, mode)
		case tar.TypeReg, '\x00': // '\x00': old archives' regular file
			err = l.File(rel, mode, h.Size, tr)
			if errors.Is(err, errRefused) && h.Size > tarSkipLimit {
				return fmt.Errorf("%s: %d bytes refused, not read through: %w", quoteOdd(l.guestPath(rel)), h.Size, errTarFallback)
			}
		case tar.TypeLink:
			to, ok := tarRel(h.Linkname)
			if !ok {
				err = l.Skip(rel, "a hard link to a strange name in the guest's archive")
				break
			}
			err = l.Copy(rel, to, mode)
		case tar.TypeSymlink:
			err = l.Symlink(rel, h.Linkname)
		case tar.TypeFifo:
			err = l.Special(rel, "a FIFO")
		case tar.TypeChar, tar.TypeBlock:
			err = l.Special(rel, "a device")
		default:
			// GNU sparse and other kinds: the files API reads them as
			// they are.
			return fmt.Errorf("%s: archive entry type %q: %w", quoteOdd(l.guestPath(rel)), h.Typeflag, errTarFallback)
		}
		if err != nil && !errors.Is(err, errRefused) {
			return fmt.Errorf("%v: %w", err, errTarFallback)
		}
	}
}

// tarRel turns an archive name of `tar -cf - .` ("./a/b", "./") into the
// tree-relative name the landing takes ("a/b", ""). Absolute names are
// not the guest tar's to give.
func tarRel(name string) (string, bool) {
	if strings.HasPrefix(name, "/") {
		return "", false
	}
	name = strings.TrimSuffix(name, "/")
	for strings.HasPrefix(name, "./") {
		name = strings.TrimPrefix(name, "./")
	}
	if name == "." {
		name = ""
	}
	return name, true
}
