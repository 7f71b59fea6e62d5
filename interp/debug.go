package interp

import (
	"fmt"
	"strings"
)

// Interactive trace (TRACE ?R, ?I, ?A, or "?" alone to switch it on and
// off) is the classic REXX debugger. After each clause it traces, the
// program pauses and reads a line: an empty line goes on, "=" runs the
// clause again, TRACE OFF (or TRACE ?) ends the debugging, and any other
// line runs as REXX in the program's context, as INTERPRET would, with
// the trace silent, after which the pause reads another line. TRACE n
// there goes on for n pauses without stopping; TRACE -n also keeps
// their trace lines quiet. Everything here follows Regina 3.6
// (tracing.c's intertrace and the interpreter's calls of it): the
// banner at the second pause after interactive trace starts, the
// clauses that pause, a line read from standard input even when it is
// not a terminal (at its end, an empty line), and the trace left silent
// when a line ends interactive trace, until TRACE ? starts it again.

// debugBanner is Regina's message at the first pause.
const debugBanner = `       +++ Interactive trace.  "Trace Off" to end debug. ENTER to continue.`

// debugState is interactive trace's state (Regina's tra_tsd).
type debugState struct {
	// notNow counts down to the banner: TRACE ? sets 1; the pause after
	// the TRACE clause itself only sets 2; the next one shows the banner.
	notNow int
	// silent is Regina's traceflag: a pause is reading or running a
	// line, or a line ended interactive trace. No trace output then, and
	// no pause.
	silent bool
	// count is TRACE n's pauses to pass, plus one; quiet (TRACE -n)
	// keeps their trace lines out too.
	count int
	quiet bool
}

// muted says whether trace output is held back.
func (d *debugState) muted() bool { return d.silent || d.quiet }

// start is what TRACE ? does when it turns interactive trace on. The
// pause after the clause that did it only counts down (notNow); a clause
// that began untraced has no pause (see run), so it counts at once.
func (d *debugState) start(untraced bool) {
	d.silent = false
	d.notNow = 1
	if untraced {
		d.notNow = 2
	}
}

// endPause forgets a pause that never finished (its line raised an
// error that ended the program or the REPL entry).
func (d *debugState) endPause() {
	d.silent, d.quiet, d.count = false, false, 0
}

// skip is TRACE n (n not 0): pass n pauses, quietly when n < 0.
func (d *debugState) skip(n int) {
	d.quiet = n < 0
	if n < 0 {
		n = -n
	}
	d.count = n + 1
}

// stepTraced is step under TRACE: the clause is shown before it runs
// and, under interactive trace, paused after; again says that the pause
// was answered "=" and the clause at pc is to run again.
func (a *activation) stepTraced(c instr, pc int) (next int, again bool, err error) {
	a.traceClause(pc)
	next, err = a.step(c, pc)
	if a.tm.pause && err == nil && a.pausesAfter(c, pc, next) {
		if again, err = a.pause(); again {
			a.undoForAgain(c, pc, next)
		}
	}
	return next, again, err
}

// pausesAfter says whether interactive trace stops after the clause c at
// pc, which went on to next. As in Regina, it does not after a clause
// that only passes control on: SELECT, OTHERWISE, a WHEN that holds, a
// DO that does not loop, END, CALL, RETURN, EXIT, SIGNAL to a label, nor
// after the label of a function call.
func (a *activation) pausesAfter(c instr, pc, next int) bool {
	switch c := c.(type) {
	case *iSelect, *iEnd, *iCall, *iReturn, *iExit, *iJump, *iSelectFail:
		return false
	case *iJumpFalse:
		return !c.when || next != pc+1
	case *iDo:
		return c.ctrl != nil
	case *iLabel:
		return !(a.callType == "FUNCTION" && pc == a.entry)
	}
	return true
}

// undoForAgain takes back what the clause at pc did that running it
// again would do twice: the loop a DO started.
func (a *activation) undoForAgain(c instr, pc, next int) {
	if d, ok := c.(*iDo); ok && d.ctrl != nil && next == pc+1 {
		if n := len(a.loops); n > 0 && a.loops[n-1].doIdx == pc {
			a.loops = a.loops[:n-1]
		}
	}
}

// pause is interactive trace's stop after a clause: it reads and runs
// lines until an empty one or "=" (again: run the clause again). An
// error, EXIT or SIGNAL from a line is the clause's.
func (a *activation) pause() (again bool, err error) {
	d := &a.in.dbg
	if d.count > 0 {
		d.count--
		if d.count > 0 {
			return false, nil
		}
		d.quiet, d.silent = false, false
	}
	if d.silent {
		return false, nil
	}
	switch d.notNow {
	case 1:
		d.notNow = 2
		return false, nil
	case 2:
		d.notNow = 0
		a.in.flush()
		fmt.Fprintln(a.in.errOut(), debugBanner)
	}
	d.silent = true
	for {
		if a.in.halt.Load() {
			// A Ctrl-C that came before the pause could read: no
			// line is waited for, and HALT is raised before the
			// next clause, as for one typed at the pause.
			d.silent = false
			return false, nil
		}
		line := a.in.traceInput()
		switch {
		case line == "":
			d.silent = false
			return false, nil
		case line == "=":
			d.silent = false
			return true, nil
		}
		if err := a.interpretString(line); err != nil {
			d.silent = false
			return false, err
		}
		if !a.tm.pause {
			// TRACE OFF or TRACE ?: the debugging ends, and, as in
			// Regina, the trace stays silent until TRACE ? again.
			d.count, d.quiet = 0, false
			return false, nil
		}
		if d.count > 0 {
			d.silent = d.quiet
			return false, nil
		}
	}
}

// traceInput reads the line a pause waits for.
func (in *Interp) traceInput() string {
	in.flush()
	if in.TraceInput != nil {
		line, err := in.TraceInput()
		if err != nil {
			return "" // the end of input: go on
		}
		return strings.TrimRight(line, "\r\n")
	}
	line, _ := in.readStdinLine()
	return line
}
