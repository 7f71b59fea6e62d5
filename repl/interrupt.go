package repl

import (
	"context"
	"os"
	"os/signal"
)

// runningEntry is an entry being run, as Ctrl-C sees it.
type runningEntry struct {
	cancel context.CancelFunc
	hits   int
}

// catchInterrupts takes SIGINT for the session's lifetime. While an entry
// runs, Ctrl-C calls Interp.Halt: HALT is raised at the next clause (a
// loop stops with Error 4, or SIGNAL ON HALT catches it) and a command
// still running is cancelled. Should that not end it, a second Ctrl-C
// cancels the entry's whole context. At the prompt the terminal is in raw
// mode, so Ctrl-C arrives as a key and clears the line; a SIGINT from
// elsewhere is ignored there. Reading plain lines from a pipe, Ctrl-C
// between entries ends the process with status 130. It returns the
// function that gives SIGINT back.
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
	default:
		s.in.Halt()
		r.cancel()
	}
}
