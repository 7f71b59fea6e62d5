package lxd

// The contexts a command runs under once the program is interrupted
// (HALT: Ctrl-C, SIGTERM). The command's own context is cancelled at the
// first interrupt; an LXD operation already asked for goes on in the
// daemon regardless, so a step once begun is seen through (steadyContext),
// and the clean-up afterwards runs on a context of its own
// (settleContext). A second interrupt (interp.HaltedAgain) ends both.

import (
	"context"
	"errors"

	"github.com/rexxlxd/rexxlxd/interp"
)

// interrupted reports whether the command's context was cancelled (HALT)
// rather than having run out of time.
func interrupted(ctx context.Context) bool {
	return errors.Is(ctx.Err(), context.Canceled)
}

// onSecondHalt cancels with cancel when the program is halted again while
// the command of ctx runs, or when done is closed.
func onSecondHalt(ctx context.Context, done <-chan struct{}, cancel context.CancelFunc) {
	again := interp.HaltedAgain(ctx)
	if again == nil {
		return
	}
	go func() {
		select {
		case <-again:
			cancel()
		case <-done:
		}
	}()
}

// steadyContext is ctx without its cancellation (keeping its deadline),
// for an LXD step that must be seen through once begun: a copy cut off
// after its request was sent leaves an instance no one reports. A second
// interrupt still ends it.
func steadyContext(ctx context.Context) (context.Context, context.CancelFunc) {
	s, cancel := context.WithCancel(context.WithoutCancel(ctx))
	if dl, ok := ctx.Deadline(); ok {
		var c2 context.CancelFunc
		s, c2 = context.WithDeadline(s, dl)
		prev := cancel
		cancel = func() { c2(); prev() }
	}
	onSecondHalt(ctx, s.Done(), cancel)
	return s, cancel
}

// interruptible are the fleet commands whose members stop at once when
// the program is interrupted: execute kills its command (which may run
// for hours), wait and info change nothing in LXD. The others ask LXD for
// one short operation (start, stop, delete, snapshot, ...), which goes on
// in the daemon whether or not anyone waits for it; a member that has
// begun one sees it through (memberContext), so that its row can say what
// it did rather than what it was doing.
var interruptible = map[string]bool{"execute": true, "wait": true, "info": true}

// memberContext is the context a fleet member of command op runs under
// once it has begun: ctx itself for interruptible commands, else
// steadyContext(ctx).
func memberContext(ctx context.Context, op string) (context.Context, context.CancelFunc) {
	if interruptible[op] {
		return ctx, func() {}
	}
	return steadyContext(ctx)
}

// seeThrough runs f, one LXD step of a fleet member whose own context is
// stepCtx, unless the command (ctx) was interrupted before it began; once
// begun, f runs on steadyContext(stepCtx).
func seeThrough(ctx, stepCtx context.Context, f func(context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	sctx, cancel := steadyContext(stepCtx)
	defer cancel()
	return f(sctx)
}

// settleContext is a fresh context for the clean-up after an interruption
// (the command's own is dead), bounded by cleanupTimeout and ended by a
// second interrupt.
func settleContext(ctx context.Context) (context.Context, context.CancelFunc) {
	s, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	onSecondHalt(ctx, s.Done(), cancel)
	return s, cancel
}
