package lxd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// execute stdout=FILE stderr=FILE: the command's output also goes to host
// files, "{name}" in FILE standing for the instance's name, so a fleet
// keeps each sandbox's log without a loop (stdout=/tmp/logs/{name}.out).
//
// The host-side rules are those of pull's landing (landing.go), as the
// bytes come from an untrusted guest:
//
//   - At most maxoutput= bytes of each stream are written (the same bound
//     as RESULT.STDOUT and RESULT.STDERR, which are set as always).
//   - The file is written under a temporary name in its directory (mode
//     0600: logs may hold secrets) and renamed over FILE once the command
//     has ended, also after a timeout or an interrupt; a command that never
//     ran leaves no file. A symbolic link or a directory at FILE is refused,
//     never written through or replaced.
//   - Missing parent directories are made (mode 0755 less the umask), as
//     pull makes its target=. A directory named after {name} must be a
//     directory of its own, never a link, and no directory on the way may
//     be a symbolic link that someone other than this user or root owns
//     (one planted in /tmp, say).
//   - stdout= and stderr= naming the same file write both streams into it,
//     in the order they arrive, as 2>&1 does.
//
// Over a fleet, FILE must hold {name}: one file for every instance would
// be overwritten by each.

// nameVar is what stands for the instance's name in stdout= and stderr=.
const nameVar = "{name}"

// outputFile is one host file that receives a stream (or both).
type outputFile struct {
	mu      sync.Mutex
	path    string   // FILE with {name} replaced
	tmp     *os.File // where the bytes go until the command ends
	max     int64    // bytes of each stream that may be written
	written map[string]int64
	err     error // the first write error; later bytes are dropped
}

// outputFiles are execute's stdout= and stderr= files of one instance.
type outputFiles struct {
	stdout, stderr *outputFile
	ran            bool // the command started: the files are kept
}

type outputFilesKey struct{}

// executeToFiles is the execute command: with stdout= or stderr= it
// prepares the files before anything runs (a bad path is an error and
// nothing runs), lets execute write them (wrapStreams), and keeps them
// once the command has started, or removes them if it never did.
func (e *view) executeToFiles(ctx context.Context, args cmdArgs, res *result) error {
	files, err := openOutputFiles(args, args["name"], res)
	if err != nil || files == nil {
		if err != nil {
			res.set("CONTAINER", args["name"])
			return err
		}
		return e.execute(ctx, args, res)
	}
	err = e.execute(context.WithValue(ctx, outputFilesKey{}, files), args, res)
	if !files.ran {
		files.abandon()
		return err
	}
	if ferr := files.commit(); ferr != nil {
		if err == nil {
			return ferr
		}
		return fmt.Errorf("%w; also %v", err, ferr)
	}
	return err
}

// outputFilesFrom returns the files executeToFiles prepared, or nil.
func outputFilesFrom(ctx context.Context) *outputFiles {
	f, _ := ctx.Value(outputFilesKey{}).(*outputFiles)
	return f
}

// wrapStreams makes the command's stdout and stderr go to the files too.
// It is a no-op on nil.
func (o *outputFiles) wrapStreams(s *lxdapi.ExecStream) {
	if o == nil {
		return
	}
	if o.stdout != nil {
		s.Stdout = io.MultiWriter(s.Stdout, o.stdout.stream("stdout"))
	}
	if o.stderr != nil {
		s.Stderr = io.MultiWriter(s.Stderr, o.stderr.stream("stderr"))
	}
}

// started records that the command runs: its files are kept.
func (o *outputFiles) started() {
	if o != nil {
		o.ran = true
	}
}

// streamWriter writes one stream into an outputFile, bounded per stream.
// It never fails a write, so the command's output is always read on.
type streamWriter struct {
	f    *outputFile
	name string
}

func (f *outputFile) stream(name string) io.Writer { return &streamWriter{f, name} }

func (w *streamWriter) Write(p []byte) (int, error) {
	f := w.f
	f.mu.Lock()
	defer f.mu.Unlock()
	room := f.max - f.written[w.name]
	keep := p[:max(0, min(int64(len(p)), room))]
	if len(keep) > 0 && f.err == nil {
		n, err := f.tmp.Write(keep)
		f.written[w.name] += int64(n)
		if err != nil {
			f.err = fmt.Errorf("writing %s to %s: %w", w.name, f.path, err)
		}
	}
	return len(p), nil
}

// openOutputFiles reads stdout= and stderr=, checks their paths and
// opens a temporary file for each (one for both when they name the same
// file). It returns nil when neither key is given.
func openOutputFiles(args cmdArgs, name string, res *result) (*outputFiles, error) {
	maxOut := args.byteSize("maxoutput", DefaultMaxOutput)
	var o outputFiles
	byPath := map[string]*outputFile{}
	for _, key := range []string{"stdout", "stderr"} {
		tmpl, ok := args[key]
		if !ok {
			continue
		}
		if strings.TrimSpace(tmpl) == "" {
			return nil, &UsageError{Msg: key + "= is empty"}
		}
		if err := checkInstanceName("name", name); err != nil {
			return nil, usage(err)
		}
		p := filepath.Clean(strings.ReplaceAll(tmpl, nameVar, name))
		res.set(strings.ToUpper(key)+"FILE", p)
		f := byPath[p]
		if f == nil {
			var err error
			if f, err = newOutputFile(tmpl, p, name, maxOut); err != nil {
				o.abandon()
				return nil, fmt.Errorf("%s=%s: %w", key, tmpl, err)
			}
			byPath[p] = f
		}
		if key == "stdout" {
			o.stdout = f
		} else {
			o.stderr = f
		}
	}
	if o.stdout == nil && o.stderr == nil {
		return nil, nil
	}
	return &o, nil
}

// newOutputFile checks the host path p (made from the template tmpl for
// the instance name) and opens a temporary file beside it.
func newOutputFile(tmpl, p, name string, maxOut int64) (*outputFile, error) {
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := checkOutputDirs(tmpl, dir, name); err != nil {
		return nil, err
	}
	if err := checkOutputTarget(p); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, ".rexxlxd-out-*")
	if err != nil {
		return nil, err
	}
	return &outputFile{path: p, tmp: tmp, max: maxOut, written: map[string]int64{}}, nil
}

// checkOutputTarget refuses a symbolic link or a directory at p: a link
// is never written through or replaced.
func checkOutputTarget(p string) error {
	fi, err := os.Lstat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link; not writing through or over it", p)
	case fi.IsDir():
		return fmt.Errorf("%s is a directory", p)
	}
	return nil
}

// checkOutputDirs walks the directories from the root down to dir: none
// may be a symbolic link owned by another user than this one or root,
// and one whose name holds the instance name ({name} in the template's
// directory) must be a directory of its own, never a link.
func checkOutputDirs(tmpl, dir, name string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	nameInDir := strings.Contains(filepath.Dir(tmpl), nameVar)
	uid := uint32(os.Geteuid())
	cur := string(filepath.Separator)
	for _, part := range strings.Split(strings.TrimPrefix(abs, cur), string(filepath.Separator)) {
		if part == "" {
			continue
		}
		cur = filepath.Join(cur, part)
		fi, err := os.Lstat(cur)
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		if nameInDir && strings.Contains(part, name) {
			return fmt.Errorf("%s is a symbolic link; a directory named after the instance must be a directory of its own", cur)
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Uid != uid && st.Uid != 0 {
			return fmt.Errorf("%s is a symbolic link owned by uid %d, neither you nor root; not following it", cur, st.Uid)
		}
	}
	return nil
}

// files returns the distinct files (stdout and stderr may share one).
func (o *outputFiles) files() []*outputFile {
	if o == nil {
		return nil
	}
	var fs []*outputFile
	for _, f := range []*outputFile{o.stdout, o.stderr} {
		if f != nil && (len(fs) == 0 || fs[0] != f) {
			fs = append(fs, f)
		}
	}
	return fs
}

// commit renames every temporary file over its target; a write error or
// a target that became a link since is an error, and the temporary file
// is removed.
func (o *outputFiles) commit() error {
	var errs []error
	for _, f := range o.files() {
		f.mu.Lock()
		err := f.err
		if cerr := f.tmp.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err == nil {
			err = checkOutputTarget(f.path)
		}
		if err == nil {
			err = os.Rename(f.tmp.Name(), f.path)
		}
		if err != nil {
			os.Remove(f.tmp.Name())
			errs = append(errs, fmt.Errorf("the output file %s was not written: %w", f.path, err))
		}
		f.mu.Unlock()
	}
	return errors.Join(errs...)
}

// abandon removes the temporary files: the command never ran.
func (o *outputFiles) abandon() {
	for _, f := range o.files() {
		f.tmp.Close()
		os.Remove(f.tmp.Name())
	}
}

// fleetOutputArgs refuses stdout= or stderr= without {name} over a fleet,
// once for the whole command and before any instance is looked up:
// every instance would write the same file.
func fleetOutputArgs(cmd string, args cmdArgs) error {
	if cmd != "execute" {
		return nil
	}
	for _, key := range []string{"stdout", "stderr"} {
		if v, ok := args[key]; ok && !strings.Contains(v, nameVar) {
			return &UsageError{Msg: fmt.Sprintf("%s=%s names one file for every instance of the fleet; put %s in it (%s=/tmp/logs/%s.out)", key, v, nameVar, key, nameVar)}
		}
	}
	return nil
}
