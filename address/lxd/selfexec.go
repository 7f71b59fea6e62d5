package lxd

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// Commands rexxlxd runs in a guest for itself (the readiness probe, the
// kill of a timed-out command) rather than for the script. The guest owns
// every binary they run: a hostile one may make /bin/sh print without
// end or never exit. So their output is read (the command is never
// blocked), counted and dropped, never kept, and each runs under a time
// bound of its own.

// quietResult is what a quiet exec saw: the exit status (-1 when it did
// not end) and how many bytes the command printed on stdout and stderr.
type quietResult struct {
	code    int
	printed int64
}

// byteCounter is a writer that keeps nothing and counts what it was given.
type byteCounter struct{ n atomic.Int64 }

func (b *byteCounter) Write(p []byte) (int, error) {
	b.n.Add(int64(len(p)))
	return len(p), nil
}

// quietExec runs command in the guest name, dropping its output, for at
// most limit. When limit (or ctx) runs out first the session is closed,
// which makes LXD kill the command's first process, and the error says
// how long it ran and what it printed.
func (e *view) quietExec(ctx context.Context, name string, command []string, limit time.Duration) (quietResult, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var out byteCounter
	start := time.Now()
	s, err := e.lxd().ExecStart(ctx, name, lxdapi.ExecRequest{Command: command}, lxdapi.ExecStream{Stdout: &out, Stderr: &out})
	if err != nil {
		return quietResult{code: -1}, err
	}
	defer s.Close()
	code, err := s.Wait(ctx)
	res := quietResult{code: code, printed: out.n.Load()}
	if err != nil && ctx.Err() != nil {
		return res, &notEndedError{after: time.Since(start), printed: res.printed}
	}
	return res, err
}

// notEndedError is a quiet exec cut off by its time bound (or its
// context). It does not wrap the context's error: the caller knows
// whether its own context ended; this says what was seen of the command.
type notEndedError struct {
	after   time.Duration
	printed int64
}

func (e *notEndedError) Error() string {
	return fmt.Sprintf("had not ended after %s seconds (%d bytes of output)", oneDecimalSeconds(e.after), e.printed)
}

// oneDecimalSeconds formats d as a number of seconds with at most one decimal.
func oneDecimalSeconds(d time.Duration) string {
	return fmt.Sprintf("%.1f", d.Seconds())
}
