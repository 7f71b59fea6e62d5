package interp

import (
	"errors"

	"github.com/rexxlxd/rexxlxd/builtin"
	"github.com/rexxlxd/rexxlxd/num"
	"github.com/rexxlxd/rexxlxd/parser"
	"github.com/rexxlxd/rexxlxd/rexxerr"
)

// activation is one running routine: the main program, an internal
// routine called by CALL or as a function, or a condition handler. It
// holds what REXX saves and restores around a call.
type activation struct {
	in      *Interp
	code    *code // the code running: the program, or an INTERPRET string
	main    *code // the program, whose labels CALL and SIGNAL find
	parent  *activation
	pool    *pool
	args    []builtin.Arg
	numeric num.Context
	env     string
	prevEnv string
	traps   map[string]*trap
	trace   string
	tm      traceMode
	// nestAdj corrects nesting() while END and the DO it loops back to
	// are traced: Regina shows them at the level outside the loop.
	nestAdj int
	// skipTrace is one more than the index of a clause not to trace: the
	// label a function call enters by; 0 for none.
	skipTrace int
	// entry is the clause index the routine was called at (its label).
	entry    int
	loops    []*loop
	callType string // COMMAND, SUBROUTINE or FUNCTION, for PARSE SOURCE
	depth    int
	line     int  // line of the clause running now
	pc       int  // index of the clause running now
	first    bool // no clause has run yet: PROCEDURE is allowed
	cond     *condInfo
	// with holds the WITH redirections ADDRESS env WITH ... set in this
	// routine, by environment; callers' settings are found through parent.
	with map[string][]redirect
	// outerLoops counts the loops of the code an INTERPRET string runs
	// inside, which it cannot see but which count for indentation.
	outerLoops int
	pending    []*condInfo // CALL ON conditions to handle at the clause end

	// callerLoops counts the loops active in the callers (through parent),
	// fixed while this routine runs; nesting adds it without walking the
	// callers, which made an error 100,000 calls deep take quadratic time.
	callerLoops int
	// stack is where this routine (or the INTERPRET string it runs)
	// began on the Go stack, for the budget nest keeps.
	stack stackMark
	// ret is the signal RETURN unwinds with (see step).
	ret returnSignal
}

// Control flow that unwinds the Go stack is carried by error values.
type (
	// exitSignal ends the program (or an external routine); has tells
	// whether EXIT gave a value.
	exitSignal struct {
		val Value
		has bool
	}
	// returnSignal ends the current routine; has tells whether it
	// returned a value.
	returnSignal struct {
		val Value
		has bool
	}
	// jumpSignal is a SIGNAL (or a trapped condition) that must find its
	// label in the program, leaving an INTERPRET string if need be.
	jumpSignal struct {
		label string
		instr bool // made by the SIGNAL instruction, not a condition
	}
)

func (*exitSignal) Error() string   { return "EXIT" }
func (*returnSignal) Error() string { return "RETURN" }
func (*jumpSignal) Error() string   { return "SIGNAL" }

// run executes the activation's code from clause pc until the code ends,
// RETURN or EXIT.
func (a *activation) run(pc int) (Value, error) {
	a.first = true
	clauses := a.code.clauses
	for pc < len(clauses) {
		c := clauses[pc]
		a.pc, a.line = pc, c.line()
		var next int
		var err error
		if a.tm.any {
			var again bool
			if next, again, err = a.stepTraced(c, pc); again {
				continue // "=" at an interactive trace pause
			}
		} else {
			next, err = a.step(c, pc)
		}
		if err == nil && (len(a.pending) > 0 || a.in.halt.Load()) {
			err = a.clauseEnd(next)
		}
		if err != nil {
			switch e := err.(type) {
			case *returnSignal:
				return e.val, err
			case *exitSignal:
				return Value{}, err
			case *jumpSignal:
				target, ok := a.code.labels[e.label]
				switch {
				case ok && a.code.grouped[e.label]:
					err = errGrouped(e.label)
				case ok:
					a.leaveLoops()
					pc = target
					if e.instr {
						// Regina goes on after the label SIGNAL names,
						// neither tracing it nor pausing there.
						pc++
					}
					continue
				case a.code.prog != nil && a.code.isInterpret:
					return Value{}, err
				default:
					err = rxErr(16, 1, "Label \"%s\" not found", e.label)
				}
			}
			if j, ok := a.syntaxTrap(err).(*jumpSignal); ok {
				if a.code.grouped[j.label] {
					return Value{}, a.errorAt(errGrouped(j.label))
				}
				if target, found := a.code.labels[j.label]; found {
					a.leaveLoops()
					pc = target
					continue
				}
				if a.code.isInterpret {
					// The handler is a label of the program around
					// the INTERPRET string.
					return Value{}, j
				}
				return Value{}, a.errorAt(rxErr(16, 1, "Label \"%s\" not found", j.label))
			}
			return Value{}, a.errorAt(err)
		}
		if _, label := c.(*iLabel); !label {
			a.first = false
		}
		pc = next
	}
	return Value{}, nil
}

// errorAt turns an error into a positioned *Error, adding this
// activation's line to its traceback.
func (a *activation) errorAt(err error) error {
	var e *Error
	if errors.As(err, &e) {
		if !e.fromInterpret {
			e.Trace = append(e.Trace, a.traceLine())
		}
		e.fromInterpret = a.code != nil && a.code.isInterpret
		return e
	}
	var re *rexxerr.Error
	if !errors.As(err, &re) {
		re = rxErr(48, 1, "Failure in system service: %v", err)
	}
	file := ""
	if a.code != nil && a.code.prog != nil {
		file = a.code.prog.File
	}
	isInterpret := a.code != nil && a.code.isInterpret
	return &Error{Err: re, File: file, Line: a.line, Trace: []TraceLine{a.traceLine()}, fromInterpret: isInterpret}
}

func (a *activation) traceLine() TraceLine {
	return TraceLine{Line: a.line, Source: a.clauseText(), Nest: a.nesting()}
}

// step executes one clause and returns the index of the next.
func (a *activation) step(c instr, pc int) (int, error) {
	in := a.in
	if in.StepLimit > 0 {
		in.steps++
		if in.steps > in.StepLimit {
			return 0, rxErr(5, 0, "")
		}
	}
	switch c := c.(type) {
	case *iAssign:
		v, err := c.x.eval(a)
		if err != nil {
			return 0, err
		}
		if v.s != "" && v.tag != nil && v.tag.kind == kindRaw { // a kindRaw value is spelled: one test for numbers
			v = a.assigned(c.t, c.x, v)
		}
		return pc + 1, c.t.assign(a, v)
	case *iLet:
		return pc + 1, a.let(c)
	case *iSay:
		s, err := a.optString(c.x)
		if err != nil {
			return 0, err
		}
		if err := in.say(s); err != nil {
			return 0, rxErr(48, 1, "Failure in system service: %v", err)
		}
	case *iJumpFalse:
		var v Value
		var err error
		if l, ok := c.cond.(*lit); ok {
			v = l.v // Regina does not trace a constant condition
		} else {
			v, err = c.cond.eval(a)
		}
		if err != nil {
			return 0, err
		}
		t, ok := a.logical(c.cond, v)
		if !ok {
			return 0, notLogical(v, c.cond, rxErr(34, 1, "Value of expression following IF keyword must be exactly \"0\" or \"1\"; found \"%s\"", v.String()))
		}
		if !t {
			return c.to, nil
		}
	case *iJump:
		return c.to, nil
	case *iDo:
		return a.doStart(c, pc)
	case *iEnd:
		return a.doEnd(c, pc)
	case *iLabel, *iNop, *iOptions, *iSelect:
	case *iCommand:
		v, err := c.x.eval(a)
		if err != nil {
			return 0, err
		}
		return pc + 1, a.command(a.env, v.String(), c.ln, nil)
	case *iCall:
		return pc + 1, a.callStmt(c)
	case *iExit:
		v := Value{}
		if c.x != nil {
			var err error
			if v, err = c.x.eval(a); err != nil {
				return 0, err
			}
		}
		return 0, &exitSignal{v.settled(), c.x != nil}
	case *iReturn:
		// The signal lives in the activation, which ends with it:
		// a RETURN does not allocate.
		r := &a.ret
		*r = returnSignal{}
		if c.x != nil {
			v, err := c.x.eval(a)
			if err != nil {
				return 0, err
			}
			r.val, r.has = v.settled(), true
		}
		if a.parent == nil && a.callType == "COMMAND" {
			return 0, &exitSignal{r.val, r.has}
		}
		return 0, r
	case *iSignal:
		return pc + 1, a.signal(c)
	case *iProcedure:
		return pc + 1, a.procedure(c)
	case *iUpper:
		for _, n := range c.names {
			if err := a.upperName(n); err != nil {
				return 0, err
			}
		}
	case *iDrop:
		for _, n := range c.names {
			if err := a.dropName(n); err != nil {
				return 0, err
			}
		}
	case *iLeave:
		return a.leave(c)
	case *iSelectFail:
		return 0, rxErr(7, 0, "")
	case *iNumeric:
		return pc + 1, a.numericInstr(c)
	case *iParse:
		return pc + 1, a.parseInstr(c)
	case *iQueue:
		s, err := a.optString(c.x)
		if err != nil {
			return 0, err
		}
		if c.lifo {
			in.queue.push(s)
		} else {
			in.queue.add(s)
		}
	case *iInterpret:
		return pc + 1, a.interpret(c)
	case *iTrace:
		return pc + 1, a.traceInstr(c)
	case *iAddress:
		return pc + 1, a.address(c)
	case *iRequire:
		return pc + 1, a.require(c)
	default:
		return 0, rxErr(49, 1, "Interpretation Error: unknown clause %T", c)
	}
	return pc + 1, nil
}

// optString evaluates an optional expression (of SAY, PUSH, QUEUE); an
// absent one is the empty string.
func (a *activation) optString(x expr) (string, error) {
	if x == nil {
		return "", nil
	}
	v, err := x.eval(a)
	return v.String(), err
}

// interpret runs a string as REXX code in this activation.
func (a *activation) interpret(c *iInterpret) error {
	v, err := c.x.eval(a)
	if err != nil {
		return err
	}
	return a.interpretString(v.String())
}

// interpretString runs src as REXX code in this activation, in place of
// the clause running now: INTERPRET, and a line typed at an interactive
// trace pause.
func (a *activation) interpretString(src string) error {
	prog, err := parser.Parse(a.code.prog.File, src)
	if err != nil {
		var pe *parser.Error
		if errors.As(err, &pe) {
			return pe.Err
		}
		return err
	}
	sub := compile(prog)
	sub.isInterpret = true
	sub.prog.Lines = a.code.prog.Lines
	mark, err := a.in.nest(a.stack)
	if err != nil {
		return err
	}
	saveCode, saveLoops, savePC, saveLine, saveStack := a.code, a.loops, a.pc, a.line, a.stack
	col := a.code.clauses[a.pc].col()
	a.outerLoops += len(saveLoops)
	a.code, a.loops, a.stack = sub, nil, mark
	untraced := !a.tm.any
	_, err = a.runInterpreted(col)
	if untraced && a.tm.pause && err == nil {
		// The string began interactive trace: its INTERPRET clause,
		// which began untraced, pauses here as Regina's does.
		_, err = a.pause()
	}
	if _, jump := err.(*jumpSignal); jump {
		a.outerLoops += len(a.loops) // left by SIGNAL: see leaveLoops
	}
	a.code, a.loops, a.pc, a.line, a.stack = saveCode, saveLoops, savePC, saveLine, saveStack
	a.outerLoops -= len(saveLoops)
	return err
}

// runInterpreted runs INTERPRET code, mapping its clauses to the place
// of the INTERPRET instruction (its line, and col) for messages.
func (a *activation) runInterpreted(col int) (Value, error) {
	line := a.line
	for _, c := range a.code.clauses {
		setPos(c, line, col)
	}
	first := a.first
	v, err := a.run(0)
	a.first = first
	return v, err
}

// errGrouped is error 16.2: SIGNAL to a label inside a group.
func errGrouped(label string) error {
	return rxErr(16, 2, "Cannot SIGNAL to label \"%s\" because it is inside an IF, SELECT or DO group", label)
}
