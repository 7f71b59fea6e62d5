package lxd

import (
	"io"
	"strconv"
	"sync"

	"github.com/rexxlxd/rexxlxd/interp"
)

// What execute keeps of a command's output (a bounded capture), and how
// stream=true reaches the program's own stdout and stderr.

// setOutput records what the command printed: STDOUT, STDERR, their full
// sizes and whether either was cut.
func (r *result) setOutput(out, errOut *capture) {
	stdout := trimNewline(out.String())
	r.set("STDOUT", stdout)
	r.set("STDERR", trimNewline(errOut.String()))
	r.set("STDOUTBYTES", strconv.FormatInt(out.total, 10))
	r.set("STDERRBYTES", strconv.FormatInt(errOut.total, 10))
	r.set("TRUNCATED", boolString(out.cut() || errOut.cut()))
	r.output = stdout
}

// capture keeps the first max bytes written to it and counts the rest.
// It never fails a write, so the command's output is always read to its
// end (a full pipe would stall the command).
type capture struct {
	mu    sync.Mutex
	buf   []byte
	max   int
	total int64
}

func newCapture(max int) *capture { return &capture{max: max} }

func (c *capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total += int64(len(p))
	keep := p[:min(max(c.max-len(c.buf), 0), len(p))]
	if len(c.buf)+len(keep) > cap(c.buf) {
		// Double, up to the cap: append grows large slices by only a
		// quarter, which copies a 1 MiB result about five times over.
		grown := make([]byte, len(c.buf), min(max(2*cap(c.buf), len(c.buf)+len(keep), 4096), c.max))
		copy(grown, c.buf)
		c.buf = grown
	}
	c.buf = append(c.buf, keep...)
	return len(p), nil
}

func (c *capture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.buf)
}

func (c *capture) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf, c.total = nil, 0
}

func (c *capture) cut() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total > int64(len(c.buf))
}

// tee writes to the kept capture and to a live stream; a failing live
// stream (a closed pipe) does not stop the capture.
type tee struct {
	kept *capture
	live io.Writer
}

func (t *tee) Write(p []byte) (int, error) {
	_, _ = t.live.Write(p)
	return t.kept.Write(p)
}

// callStreams is the program's stdout and stderr as stream=true writes to
// them, with one lock for both: they may be the same writer, and the
// members of a fleet execute write at once.
type callStreams struct {
	mu             sync.Mutex
	stdout, stderr io.Writer
}

// liveOf returns call's streams for commands that write to them
// (execute stream=true), or nil without a call.
func liveOf(call *interp.Call) *callStreams {
	if call == nil {
		return nil
	}
	cs := &callStreams{stdout: call.Stdout, stderr: call.Stderr}
	if cs.stdout == nil {
		cs.stdout = io.Discard
	}
	if cs.stderr == nil {
		cs.stderr = io.Discard
	}
	return cs
}

// liveOut is where stream=true copies output.
type liveOut struct{ stdout, stderr io.Writer }

// liveStreams returns the program's streams, each write under their
// common lock; without them output is discarded.
func (e *view) liveStreams() liveOut {
	cs := e.out.live
	if cs == nil {
		cs = &callStreams{stdout: io.Discard, stderr: io.Discard}
	}
	return liveOut{stdout: &lockedWriter{mu: &cs.mu, w: cs.stdout}, stderr: &lockedWriter{mu: &cs.mu, w: cs.stderr}}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
