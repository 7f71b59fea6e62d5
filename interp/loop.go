package interp

// loop is the state of an active repetitive DO loop.
type loop struct {
	doIdx, endIdx int
	ctrl          *doCtrl
	to, by        Value
	hasTo         bool
	byNeg         bool
	forLeft       int64 // FOR count still allowed; -1 for none
	count         int64 // DO expr count still allowed; -1 for none
}

// doStart runs the DO clause: it evaluates the repetitor, tests the loop
// and enters or skips the body.
func (a *activation) doStart(c *iDo, pc int) (int, error) {
	d := c.ctrl
	if d == nil {
		return pc + 1, nil
	}
	l := &loop{doIdx: pc, endIdx: c.end, ctrl: d, forLeft: -1, count: -1}
	if d.v != nil {
		start, err := a.numberOf(d.init, 41, 6, "Value of initial expression in DO must be numeric; found \"%s\"")
		if err != nil {
			return 0, err
		}
		l.by = Int(1)
		for _, k := range d.order {
			var err error
			switch k {
			case 'T':
				l.to, err = a.numberOf(d.to, 41, 4, "Value of TO expression in DO must be numeric; found \"%s\"")
				l.hasTo = true
			case 'B':
				l.by, err = a.numberOf(d.by, 41, 5, "Value of BY expression in DO must be numeric; found \"%s\"")
			case 'F':
				l.forLeft, err = a.count(d.for_, 26, 3, "Value of FOR expression in DO instruction must be zero or a positive whole number; found \"%s\"")
			}
			if err != nil {
				return 0, err
			}
		}
		l.byNeg = compare(&a.numeric, opLt, l.by, Int(0)).i == 1
		if err := a.ctrlAssign(d.v, start); err != nil {
			return 0, err
		}
	} else if d.count != nil {
		n, err := a.count(d.count, 26, 2, "Value of repetition count expression in DO instruction must be zero or a positive whole number; found \"%s\"")
		if err != nil {
			return 0, err
		}
		l.count = n
	}
	a.loops = append(a.loops, l)
	if a.tm.any {
		// The test's values show at the DO's level.
		a.nestAdj--
		defer func() { a.nestAdj++ }()
	}
	ok, err := a.loopTest(l)
	if err != nil {
		a.loops = a.loops[:len(a.loops)-1] // the error is the DO clause's
		return 0, err
	}
	if !ok {
		a.loops = a.loops[:len(a.loops)-1]
		return c.end + 1, nil
	}
	return pc + 1, nil
}

// numberOf evaluates x and adds zero, as REXX does to a loop's values.
func (a *activation) numberOf(x expr, code, sub int, msg string) (Value, error) {
	v, err := x.eval(a)
	if err != nil {
		return Value{}, err
	}
	r, err := prefix(&a.numeric, "+", v)
	if err != nil {
		return Value{}, rxErr(code, sub, msg, v.String())
	}
	return r.settled(), nil // Regina keeps a loop's values as strings
}

// count evaluates a whole, non-negative count.
func (a *activation) count(x expr, code, sub int, msg string) (int64, error) {
	v, err := x.eval(a)
	if err != nil {
		return 0, err
	}
	n, ok := a.whole(v)
	if !ok || n < 0 {
		return 0, rxErr(code, sub, msg, v.String())
	}
	return int64(n), nil
}

// loopTest checks TO, FOR, the count and WHILE at the top of an
// iteration.
func (a *activation) loopTest(l *loop) (bool, error) {
	d := l.ctrl
	if d.v != nil && l.hasTo {
		cur, err := a.ctrlEval(d.v, true)
		if err != nil {
			return false, err
		}
		o := opGt
		if l.byNeg {
			o = opLt
		}
		if compare(&a.numeric, o, cur, l.to).i == 1 {
			return false, nil
		}
	}
	if l.forLeft >= 0 {
		if l.forLeft == 0 {
			return false, nil
		}
		l.forLeft--
	}
	if l.count >= 0 {
		if l.count == 0 {
			return false, nil
		}
		l.count--
	}
	if d.while != nil {
		return a.condition(d.while, "WHILE")
	}
	return true, nil
}

func (a *activation) condition(x expr, kw string) (bool, error) {
	v, err := x.eval(a)
	if err != nil {
		return false, err
	}
	t, ok := a.logical(x, v)
	if !ok {
		return false, notLogical(v, x, rxErr(34, 3, "Value of expression following %s keyword must be exactly \"0\" or \"1\"; found \"%s\"", kw, v.String()))
	}
	return t, nil
}

// doEnd runs the END of a DO: UNTIL, the step, and the next test.
func (a *activation) doEnd(c *iEnd, pc int) (int, error) {
	next, err := a.loopStep(c, pc)
	if err != nil {
		// An error in UNTIL, the step or the test belongs to the DO
		// clause, outside its loop, as Regina reports it.
		if n := len(a.loops); n > 0 && a.loops[n-1].doIdx == c.do {
			a.loops = a.loops[:n-1]
			a.pc, a.line = c.do, a.code.clauses[c.do].line()
		}
	}
	return next, err
}

// loopStep is the work of END: UNTIL, the step, and the next test.
func (a *activation) loopStep(c *iEnd, pc int) (int, error) {
	d := a.code.clauses[c.do].(*iDo)
	if d.ctrl == nil {
		return pc + 1, nil
	}
	n := len(a.loops)
	if n == 0 || a.loops[n-1].doIdx != c.do {
		return 0, rxErr(10, 1, "END has no corresponding DO or SELECT")
	}
	l := a.loops[n-1]
	if next, ok := a.countedStep(l, c, pc); ok {
		return next, nil
	}
	if a.tm.any {
		// Regina traces END and then the DO clause again outside the
		// loop's level; under TRACE R the step's values do not show, as
		// the control variable was assigned by the same reference (see
		// traceRef).
		a.nestAdj--
		defer func() { a.nestAdj++ }()
		if c.do != pc-1 { // Regina does not trace an empty loop again
			a.traceClause(c.do)
		}
	}
	if l.ctrl.until != nil {
		done, err := a.condition(l.ctrl.until, "UNTIL")
		if err != nil {
			return 0, err
		}
		if done {
			a.loops = a.loops[:n-1]
			return pc + 1, nil
		}
	}
	if v := l.ctrl.v; v != nil {
		cur, err := a.ctrlEval(v, false)
		if err != nil {
			return 0, err
		}
		next, err := arith(&a.numeric, opAdd, "+", cur, l.by)
		if err != nil {
			return 0, err
		}
		if err := a.ctrlAssign(v, next.settled()); err != nil {
			return 0, err
		}
	}
	ok, err := a.loopTest(l)
	if err != nil {
		return 0, err
	}
	if !ok {
		a.loops = a.loops[:n-1]
		return pc + 1, nil
	}
	return c.do + 1, nil
}

// countedStep is the END of the commonest loop, "DO i = m TO n [BY k]"
// untraced, with no FOR, WHILE or UNTIL, when the control variable, the
// step and the limit are integers within NUMERIC DIGITS: it steps and
// tests with int64 arithmetic, as arith and compare would, without
// their general paths. ok is false when the loop is not such a loop now;
// then loopStep does the work.
func (a *activation) countedStep(l *loop, c *iEnd, pc int) (next int, ok bool) {
	d := l.ctrl
	if a.tm.any || d.until != nil || d.while != nil || l.forLeft >= 0 || a.numeric.Fuzz != 0 {
		return 0, false
	}
	r, isSimple := d.v.(*simpleRef)
	if !isSimple {
		return 0, false
	}
	v := r.lookup(a)
	if !v.set {
		return 0, false
	}
	x, ok := v.val.smallInt()
	if !ok {
		return 0, false
	}
	by, ok := l.by.smallInt()
	if !ok {
		return 0, false
	}
	lim := fastLimit(&a.numeric)
	to := int64(0)
	if l.hasTo {
		if to, ok = l.to.smallInt(); !ok || to >= lim || to <= -lim {
			return 0, false
		}
	}
	nx, ok := fastArith(&a.numeric, opAdd, x, by)
	if !ok {
		return 0, false
	}
	v.val = Int(nx)
	if l.hasTo && (l.byNeg && nx < to || !l.byNeg && nx > to) {
		a.loops = a.loops[:len(a.loops)-1]
		return pc + 1, true
	}
	return c.do + 1, true
}

// leave runs LEAVE and ITERATE.
func (a *activation) leave(c *iLeave) (int, error) {
	for i := len(a.loops) - 1; i >= 0; i-- {
		l := a.loops[i]
		if c.name != "" && l.ctrl.name != c.name {
			continue
		}
		if c.iterate {
			a.loops = a.loops[:i+1]
			a.traceLoopExit(l.doIdx)
			return l.endIdx, nil
		}
		a.loops = a.loops[:i]
		a.traceLoopExit(l.doIdx)
		return l.endIdx + 1, nil
	}
	kw, sub := "LEAVE", 1
	if c.iterate {
		kw, sub = "ITERATE", 2
	}
	if c.name != "" {
		return 0, rxErr(28, sub+2, "Symbol following %s (\"%s\") must either match control variable of a current DO loop or be omitted", kw, c.name)
	}
	return 0, rxErr(28, sub, "%s is valid only within a repetitive DO loop", kw)
}
