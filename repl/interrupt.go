package repl

import (
	"context"
)

// runningEntry is an entry being run, as Ctrl-C sees it.
type runningEntry struct {
	cancel context.CancelFunc
	hits   int
}

// catchInterrupts handles what Options.Interrupts delivers for the
// session's lifetime. While an entry runs, an interrupt calls
// Interp.Halt: HALT is raised at the next clause (a loop stops with
// Error 4, or SIGNAL ON HALT catches it) and a command still running is
// cancelled. Should that not end it, a second interrupt cancels the
// entry's whole context. At the prompt the terminal is in raw mode, so
// Ctrl-C arrives as a key and clears the line; an interrupt from
// elsewhere is ignored there. Reading plain lines from a pipe, an
// interrupt between entries ends the session (status 130). It returns
// the function that stops handling them.
func (s *session) catchInterrupts() (stop func()) {
	sig := s.opts.Interrupts
	if sig == nil {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-sig:
				s.interrupt()
			}
		}
	}()
	return func() { close(done) }
}

// interrupt handles one interrupt.
func (s *session) interrupt() {
	s.mu.Lock()
	r := s.running
	if r != nil {
		r.hits++
	}
	s.mu.Unlock()
	switch {
	case r == nil && !s.terminal:
		// Waiting for a piped line: nothing to halt, so the interrupt
		// ends the session as it would end any program reading a pipe.
		s.quitOnce.Do(func() { close(s.quit) })
	case r == nil:
	case r.hits == 1:
		s.in.Halt()
	default:
		s.in.Halt()
		r.cancel()
	}
}
