package repl

import (
	"context"
	"os"
	"syscall"
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
			case v := <-sig:
				s.interrupt(v)
			}
		}
	}()
	return func() { close(done) }
}

// interrupt handles one interrupt. SIGTERM halts an entry as Ctrl-C
// does (CONDITION('D') says which), and between entries it ends the
// session even on a terminal: it is how a supervisor asks the process to
// go.
func (s *session) interrupt(sig os.Signal) {
	desc := "SIGINT"
	if sig == syscall.SIGTERM {
		desc = "SIGTERM"
	}
	s.mu.Lock()
	r := s.running
	if r != nil {
		r.hits++
	}
	s.mu.Unlock()
	switch {
	case r == nil && (!s.terminal || desc == "SIGTERM"):
		// Waiting for a line: nothing to halt, so the interrupt ends
		// the session as it would end any program reading a pipe; on a
		// terminal only SIGTERM does (Ctrl-C there clears the line), and
		// closing the line editor ends its read.
		s.quitOnce.Do(func() {
			if desc == "SIGTERM" {
				s.quitStatus.Store(143) // 128+15, as a shell reports it
			}
			close(s.quit)
			if s.terminal {
				s.lines.close()
			}
		})
	case r == nil:
	case r.hits == 1:
		s.in.HaltFor(desc)
	default:
		s.in.HaltFor(desc)
		r.cancel()
	}
}
