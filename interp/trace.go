package interp

import (
	"fmt"
	"strings"
	"unsafe"
)

// traceMode is what the TRACE setting shows, derived once when the
// setting changes so that the run loop and expression evaluation test
// one field.
type traceMode struct {
	clauses bool // A, R, I: every clause before it runs
	labels  bool // L (and A, R, I): labels passed
	cmds    bool // C: host commands before they run
	values  bool // R, I: variables fetched and PARSE assignments
	inter   bool // I: literals, operators, prefixes, functions, compounds
	pause   bool // "?": interactive trace, a pause after each traced clause
	any     bool // any of them
}

// setTrace makes s (a TRACE setting such as "?R" or "N") the current one.
func (a *activation) setTrace(s string) {
	a.trace = s
	letter := byte('N')
	if t := strings.TrimLeft(s, "?!"); t != "" {
		letter = t[0]
	}
	m := traceMode{}
	switch letter {
	case 'A':
		m.clauses, m.labels = true, true
	case 'R':
		m.clauses, m.labels, m.values = true, true, true
	case 'I':
		m.clauses, m.labels, m.values, m.inter = true, true, true, true
	case 'L':
		m.labels = true
	case 'C':
		m.cmds = true
	}
	m.pause = strings.Contains(s, "?")
	m.any = m.clauses || m.labels || m.cmds || m.pause
	a.tm = m
}

// traceClause shows the clause at pc before it runs, if the setting
// asks for it, in Regina's format: line number (left out when the last
// traced clause was on the same line), "*-*", indentation by depth, and
// the clause's source.
func (a *activation) traceClause(pc int) {
	c := a.code.clauses[pc]
	if a.skipTrace != 0 && pc+1 == a.skipTrace {
		a.skipTrace = 0
		return
	}
	switch c := c.(type) {
	case *iLabel:
		if !a.tm.labels {
			return
		}
	case *iCommand:
		if !a.tm.clauses && !a.tm.cmds {
			return
		}
	case *iAddress:
		if !a.tm.clauses && !(a.tm.cmds && c.cmd != nil) {
			return
		}
	case *iJump, *iSelectFail:
		return // not clauses of their own
	default:
		if !a.tm.clauses {
			return
		}
	}
	if e, ok := c.(*iEnd); ok && a.code.clauses[e.do].(*iDo).ctrl == nil {
		return // Regina does not trace the END of a DO that does not loop
	}
	if a.in.dbg.muted() {
		return
	}
	savePC, saveLine, saveAdj := a.pc, a.line, a.nestAdj
	if e, ok := c.(*iEnd); ok && len(a.loops) > 0 && a.loops[len(a.loops)-1].endIdx == pc {
		if e.do == pc-1 {
			return // Regina does not trace the END of an empty loop
		}
		a.nestAdj--
	}
	a.pc, a.line = pc, c.line()
	a.in.flush()
	fmt.Fprintf(a.in.errOut(), "%s *-* %s%s\n", a.in.traceLineNo(a.line), strings.Repeat(" ", a.nesting()), a.clauseText())
	a.pc, a.line, a.nestAdj = savePC, saveLine, saveAdj
}

// clauseTraced says whether traceClause showed the clause running now,
// so that a failing command's RC line need not repeat it.
func (a *activation) clauseTraced() bool { return a.tm.clauses || a.tm.cmds }

// traceValue shows an intermediate result: tag is ">V>" (variable),
// ">L>" (literal), ">O>" (operation), ">P>" (prefix), ">F>" (function),
// ">C>" (compound name), ">>>" (PARSE assignment) or ">.>" (placeholder).
func (a *activation) traceValue(tag string, v string) {
	if a.in.dbg.muted() {
		return
	}
	a.in.flush()
	fmt.Fprintf(a.in.errOut(), "       %s   %s\"%s\"\n", tag, strings.Repeat(" ", a.nesting()), v)
}

// traced shows a value an evaluation produced, when there is no error.
func (a *activation) traced(tag string, v Value, err error) (Value, error) {
	if err == nil && a.tm.values && (a.tm.inter || tag == ">V>" || tag == ">L>") {
		a.traceValue(tag, v.String())
	}
	return v, err
}

// traceRef says whether TRACE shows the value of the simple symbol r
// about to be fetched, and with which tag. TRACE I shows every fetch;
// TRACE R only those that look the variable up afresh. Regina's node
// keeps the variable it found or assigned, and trusts it while the
// variable's stamp is the current pool's: a loop's body shows its
// variables on the first pass, a clause run again by an interactive "="
// not at all, a PROCEDURE's own variables on each call; a variable that
// a PROCEDURE exposed carries that routine's stamp, so the routine's
// next call shows it no more and the caller's clauses at each fetch. An
// unset variable is looked up afresh each time and shows as a literal
// (>L>), the name.
func (r *simpleRef) traceRef(a *activation) (tag string, show bool) {
	kept := r.wired
	v := r.lookup(a)
	here := uintptr(unsafe.Pointer(v))
	fresh := kept != here || v.gen != 0 && v.gen != a.pool.gen()
	if v.set {
		r.wired = here
		return ">V>", a.tm.inter || fresh
	}
	// Regina's kept variable was dropped: only TRACE I shows the name.
	return ">L>", a.tm.inter || fresh
}

// nameTrace is TRACE I's line for a compound that DROP, UPPER or PARSE
// VAR finds by its name: Regina shows the derived name when a variable
// of the tail is set, and its flag for >C> follows (see
// Interp.tailSubst), under any TRACE setting.
func (r *compoundRef) nameTrace(a *activation) {
	set := false
	for _, t := range r.tail {
		if t.ref != nil && t.ref.lookup(a).set {
			set = true
		}
	}
	a.in.tailSubst = set
	if set && a.tm.inter {
		a.traceValue(">C>", r.stem+r.tailOf(a))
	}
}

// traceLoopExit shows the DO clause at doIdx again after ITERATE or
// LEAVE left its body, at the nesting of the loops still active, as
// Regina does.
func (a *activation) traceLoopExit(doIdx int) {
	if a.tm.clauses {
		a.traceClause(doIdx)
	}
}

// leaveLoops ends the active loops for a SIGNAL. Regina does not lower
// its count of nested loops then, so TRACE lines and tracebacks from
// here on stay indented by the loops left (outerLoops keeps them).
func (a *activation) leaveLoops() {
	a.outerLoops += len(a.loops)
	a.loops = nil
}

// byName fetches the variable of PARSE VAR or UPPER. A compound is
// found by its name in Regina: its tail shows only as nameTrace's
// derived name, its value not at all. A simple symbol's value shows as
// eval shows it, except for UPPER (upper), which shows the new value.
func (a *activation) byName(r ref, upper bool) (Value, error) {
	c, compound := r.(*compoundRef)
	if compound {
		c.nameTrace(a)
	}
	if !a.tm.values || !compound && !upper {
		return r.eval(a)
	}
	saved := a.tm
	a.tm.values, a.tm.inter = false, false
	v, err := r.eval(a)
	a.tm = saved
	return v, err
}

// ctrlEval fetches a loop's control variable: for the test (test) or
// the step. Regina shows its fetches under TRACE I only; a compound shows
// only its derived name, for the test.
func (a *activation) ctrlEval(v ref, test bool) (Value, error) {
	if !a.tm.values {
		return v.eval(a)
	}
	c, compound := v.(*compoundRef)
	if a.tm.inter && !compound {
		return v.eval(a)
	}
	if compound && test && a.tm.inter {
		a.traceValue(">C>", c.stem+c.tailOf(a))
	}
	saved := a.tm
	a.tm.values, a.tm.inter = false, false
	x, err := v.eval(a)
	a.tm = saved
	return x, err
}

// ctrlAssign sets a loop's control variable, traced as ctrlEval: a
// compound shows its derived name under TRACE I.
func (a *activation) ctrlAssign(v ref, x Value) error {
	if !a.tm.values {
		return v.assign(a, x)
	}
	c, compound := v.(*compoundRef)
	if a.tm.inter && !compound {
		return v.assign(a, x)
	}
	if compound && a.tm.inter {
		a.traceValue(">C>", c.stem+c.tailOf(a))
	}
	saved := a.tm
	a.tm.values, a.tm.inter = false, false
	err := v.assign(a, x)
	a.tm = saved
	return err
}
