package interp

import (
	"context"
	"sync"
)

// cmdHalt counts the halts (Ctrl-C, SIGTERM) that come while one ADDRESS
// command runs: the first cancels the command's context, the second
// closes again.
type cmdHalt struct {
	mu     sync.Mutex
	n      int
	cancel context.CancelFunc
	again  chan struct{}
}

func newCmdHalt(cancel context.CancelFunc) *cmdHalt {
	return &cmdHalt{cancel: cancel, again: make(chan struct{})}
}

func (h *cmdHalt) halt() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n++
	switch h.n {
	case 1:
		h.cancel()
	case 2:
		close(h.again)
	}
}

type haltedAgainKey struct{}

// HaltedAgain returns a channel that is closed when the program is halted
// a second time while the command given ctx runs (nil outside a
// command). An environment whose command was interrupted and is cleaning
// up on a context of its own (its own is cancelled) ends the clean-up
// when it closes: the person pressing Ctrl-C twice, or a CI runner
// sending SIGTERM again, wants the program gone, though still told what
// was left behind.
func HaltedAgain(ctx context.Context) <-chan struct{} {
	ch, _ := ctx.Value(haltedAgainKey{}).(chan struct{})
	return ch
}
