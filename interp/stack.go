package interp

import (
	"strconv"
	"unsafe"
)

// The interpreter runs REXX routines and INTERPRET strings on the Go
// stack, so a runaway recursion would end in Go's fatal "stack exceeds
// 1000000000-byte limit", which no program can catch. Instead of a fixed
// count of calls (which either stops deep but legitimate recursion or
// lets a level with a big expression overflow), each nesting measures
// how much Go stack it really used since the level around it began, and
// raises error 11 once the total would pass Interp.MaxStack. The budget
// is the interpreter's own: nothing process-wide (debug.SetMaxStack) is
// touched, so an embedding program keeps its settings.

// defaultMaxStack is the stack budget New gives an interpreter: a
// quarter of Go's own 1 GB limit on 64-bit systems (of its 250 MB on
// 32-bit ones); a routine call takes about 1 KB, so there is room for
// over 200,000 nested calls.
func defaultMaxStack() int {
	if strconv.IntSize == 32 {
		return 64 << 20
	}
	return 256 << 20
}

// maxLevelStack bounds what one level can plausibly use: the parser
// bounds how deeply expressions nest, so a level's Go frames stay well
// below it. A larger (or a negative) distance between two levels means
// the goroutine's stack was moved to a new block in between, as Go does
// when a stack grows or shrinks; that level is then counted like the
// last one measured. A move can also look like a plausible distance,
// counting at most maxLevelStack too much, a few times in a run.
const maxLevelStack = 2 << 20

// minLevelStack is what a level counts before any was measured.
const minLevelStack = 1 << 10

// stackPos returns an address on the current goroutine's stack, near its
// top (the stack grows down on every platform Go supports).
//
//go:noinline
func stackPos() uintptr {
	var b byte
	return uintptr(unsafe.Pointer(&b))
}

// stackMark is where a level (a routine or an INTERPRET string) began and
// the stack the levels below it had used then.
type stackMark struct {
	sp   uintptr
	used int
}

// stackBase marks the start of a program's run.
func stackBase() stackMark { return stackMark{sp: stackPos()} }

// nest accounts for a new level started from the level from: it returns
// the new level's mark, or error 11 when the stack used would pass the
// budget.
func (in *Interp) nest(from stackMark) (stackMark, error) {
	here := stackPos()
	d := int64(from.sp) - int64(here)
	if d <= 0 || d > maxLevelStack {
		d = int64(max(in.levelStack, minLevelStack))
	} else {
		in.levelStack = int(d)
	}
	used := from.used + int(d)
	if in.MaxStack > 0 && used > in.MaxStack {
		return stackMark{}, rxErr(11, 1, "Control stack full: nested routines and INTERPRET strings need more than the stack budget of %d MB", in.MaxStack>>20)
	}
	return stackMark{sp: here, used: used}, nil
}
