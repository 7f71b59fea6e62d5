package repl

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"
)

// runningEntry is an entry being run, as Ctrl-C sees it.
type runningEntry struct {
	cancel context.CancelFunc
	done   chan struct{}
	hits   int
}

// abortHint is how long a HALT may wait for a running command before the
// session says that a second Ctrl-C aborts the command.
const abortHint = time.Second

// catchInterrupts takes SIGINT for the session's lifetime. While an entry
// runs, the first Ctrl-C raises HALT at the next clause (a loop stops,
// SIGNAL ON HALT works); a second one cancels the entry's context, which
// aborts a command still waiting on LXD or the shell. At the prompt the
// terminal is in raw mode, so Ctrl-C arrives as a key and clears the
// line; a SIGINT from elsewhere is ignored there. Reading plain lines
// from a pipe, Ctrl-C between entries ends the process with status 130. It returns the function
// that gives SIGINT back.
func (s *session) catchInterrupts() (stop func()) {
	sig := make(chan os.Signal, 4)
	quit := make(chan struct{})
	signal.Notify(sig, os.Interrupt)
	go func() {
		for {
			select {
			case <-quit:
				return
			case <-sig:
				s.interrupt()
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(quit)
	}
}

// interrupt handles one SIGINT.
func (s *session) interrupt() {
	s.mu.Lock()
	r := s.running
	if r != nil {
		r.hits++
	}
	s.mu.Unlock()
	switch {
	case r == nil && !s.terminal:
		// Waiting for a piped line: nothing to halt, so Ctrl-C ends
		// the session as it would end any program reading a pipe.
		os.Exit(130)
	case r == nil:
	case r.hits == 1:
		s.in.Halt()
		go func() {
			select {
			case <-r.done:
			case <-time.After(abortHint):
				fmt.Fprintln(s.opts.Err, "rexxlxd: HALT waits for the running command; Ctrl-C again aborts it")
			}
		}()
	default:
		r.cancel()
	}
}
