package interp

import (
	"github.com/rexxlxd/rexxlxd/builtin"
)

// callExpr is a function call, or the routine of a CALL instruction. What
// the name refers to is found on the first call and kept.
type callExpr struct {
	name     string
	quoted   bool
	args     []expr
	ln       int
	resolved bool
	label    int   // >= 0: an internal routine
	in       *code // the program the label is in
	own      *ownFunc
	bif      *builtin.Spec
	minmax   int8 // MAX (1) or MIN (-1), the built-ins; see minmax
	ext      *external
	// room is the capacity of the argument list: the arguments written
	// and the absent ones a built-in's list is padded with.
	room int
	// gaps is set when an argument is omitted, as in SUBSTR(s,,3).
	gaps bool
	// grouped is set when the label is inside a group, which a call
	// cannot enter (error 16.3).
	grouped bool
}

func (c *callExpr) eval(a *activation) (Value, error) {
	if c.bif != nil && c.minmax == 0 {
		return a.callBuiltin(c)
	}
	v, has, err := a.invoke(c, "FUNCTION")
	if err != nil {
		return Value{}, err
	}
	if !has {
		return Value{}, rxErr(44, 1, "No data returned from function \"%s\"", c.name)
	}
	if a.tm.inter {
		a.traceValue(">F>", v.String())
	}
	return v, nil
}

// resolve finds what a call's name refers to: an internal label (unless
// the name was quoted), a built-in of the interpreter, or one of package
// builtin.
func (c *callExpr) resolve(a *activation) {
	c.resolved, c.label = true, -1
	c.room = len(c.args)
	for _, x := range c.args {
		if x == nil {
			c.gaps = true
		}
	}
	defer func() {
		switch {
		case c.own != nil:
			c.room = max(c.room, c.own.max)
		case c.bif != nil:
			c.room = max(c.room, c.bif.Max)
		}
	}()
	if !c.quoted {
		if i, ok := a.main.labels[c.name]; ok {
			c.label, c.in = i, a.main
			c.grouped = a.main.grouped[c.name]
			return
		}
		// In the REPL after rexxlxd -i FILE, the script's routines stay
		// callable.
		if s := a.in.script; s != nil && s != a.main {
			if i, ok := s.labels[c.name]; ok {
				c.label, c.in = i, s
				c.grouped = s.grouped[c.name]
				return
			}
		}
	}
	if f, ok := ownFuncs[c.name]; ok {
		c.own = &f
		return
	}
	if s, ok := builtin.Funcs[c.name]; ok {
		s = s.Site()
		c.bif = &s
		c.minmax = minmaxKind(c.name)
		return
	}
	c.ext = a.in.findExternal(a, c.name)
}

// invoke calls a function or subroutine and returns its result and
// whether there was one.
func (a *activation) invoke(c *callExpr, callType string) (Value, bool, error) {
	if !c.resolved {
		c.resolve(a)
	}
	if c.minmax != 0 {
		return a.minmax(c)
	}
	// The list has room for the absent arguments checkArgs pads a
	// built-in's list with, so the padding does not allocate again.
	args, mark := a.in.pushArgs(len(c.args), c.room)
	v, has, err := a.invokeWith(c, args, callType)
	a.in.popArgs(mark)
	return v, has, err
}

// evalArgs evaluates the arguments of c from the from'th on into args,
// leaving omitted ones absent.
func (a *activation) evalArgs(c *callExpr, args []builtin.Arg, from int) error {
	for i := from; i < len(c.args); i++ {
		x := c.args[i]
		if x == nil {
			continue
		}
		v, err := x.eval(a)
		if err != nil {
			return err
		}
		args[i] = builtin.Arg{Value: v.String(), Present: true}
	}
	return nil
}

// invokeWith evaluates the arguments of c into args and makes the call.
func (a *activation) invokeWith(c *callExpr, args []builtin.Arg, callType string) (Value, bool, error) {
	if err := a.evalArgs(c, args, 0); err != nil {
		return Value{}, false, err
	}
	switch {
	case c.label >= 0:
		if c.grouped {
			return Value{}, false, rxErr(16, 3, "Cannot invoke label \"%s\" because it is inside an IF, SELECT or DO group", c.name)
		}
		a.line = c.ln
		a.setSIGL()
		return a.callAt(c.in, c.label, args, callType, nil)
	case c.own != nil:
		args, err := c.checkArgs(args, c.own.min, c.own.max)
		if err != nil {
			return Value{}, false, err
		}
		v, err := c.own.fn(a, args)
		return v, err == nil, err
	case c.bif != nil:
		args, err := c.checkArgs(args, c.bif.Min, c.bif.Max)
		if err != nil {
			return Value{}, false, err
		}
		if c.bif.Int != nil {
			n, err := c.bif.Int(&a.numeric, args)
			return Int(int64(n)), err == nil, err
		}
		s, err := c.bif.Fn(&a.numeric, args)
		return Str(s), err == nil, err
	case c.ext != nil:
		return a.callExternal(c.ext, args, callType)
	}
	return Value{}, false, rxErr(43, 1, "Could not find routine \"%s\"", c.name)
}

// callBuiltin is invoke for a function of package builtin, the commonest
// call in string handling, without the cases of routines: a built-in
// always returns a value or an error.
func (a *activation) callBuiltin(c *callExpr) (Value, error) {
	args, mark := a.in.pushArgs(len(c.args), c.room)
	v, err := a.callBuiltinWith(c, args)
	a.in.popArgs(mark)
	if err == nil && a.tm.inter {
		a.traceValue(">F>", v.String())
	}
	return v, err
}

func (a *activation) callBuiltinWith(c *callExpr, args []builtin.Arg) (Value, error) {
	for i, x := range c.args {
		if x != nil {
			v, err := x.eval(a)
			if err != nil {
				return Value{}, err
			}
			args[i] = builtin.Arg{Value: v.String(), Present: true}
		}
	}
	args, err := c.checkArgs(args, c.bif.Min, c.bif.Max)
	if err != nil {
		return Value{}, err
	}
	if c.bif.Int != nil {
		n, err := c.bif.Int(&a.numeric, args)
		return Int(int64(n)), err
	}
	s, err := c.bif.Fn(&a.numeric, args)
	return Str(s), err
}

// checkArgs checks the argument count of a built-in and pads the list to
// max. Without omitted arguments a count within bounds needs no more
// than the padding, which the zeroed room of the list already holds.
func (c *callExpr) checkArgs(args []builtin.Arg, min, max int) ([]builtin.Arg, error) {
	if n := len(args); !c.gaps && n >= min && (max < 0 || n <= max) {
		if n < max {
			args = args[:max]
		}
		return args, nil
	}
	return checkArgs(c.name, min, max, args)
}

// checkArgs checks an argument count and pads the list to max.
func checkArgs(name string, min, max int, args []builtin.Arg) ([]builtin.Arg, error) {
	n := len(args)
	for n > 0 && !args[n-1].Present {
		n--
	}
	if n < min {
		return nil, rxErr(40, 3, "Not enough arguments in invocation of \"%s\"; minimum expected is %d", name, min)
	}
	if max >= 0 && n > max {
		return nil, rxErr(40, 4, "Too many arguments in invocation of \"%s\"; maximum expected is %d", name, max)
	}
	for i := 0; i < min; i++ {
		if !args[i].Present {
			// Regina counts an omitted required argument as too few.
			return nil, rxErr(40, 3, "Not enough arguments in invocation of \"%s\"; minimum expected is %d", name, min)
		}
	}
	for len(args) < max {
		args = append(args, builtin.Arg{})
	}
	return args, nil
}

// callLabel calls the routine at a label by name (for CALL ON handlers).
func (a *activation) callLabel(label string, args []builtin.Arg, callType string, info *condInfo) (Value, bool, error) {
	i, ok := a.main.labels[label]
	if !ok {
		return Value{}, false, rxErr(16, 1, "Label \"%s\" not found", label)
	}
	return a.callAt(a.main, i, args, callType, info)
}

// callAt runs an internal routine starting at clause i in a new
// activation that shares the caller's variables until PROCEDURE.
func (a *activation) callAt(prog *code, i int, args []builtin.Arg, callType string, info *condInfo) (Value, bool, error) {
	if a.in.MaxDepth > 0 && a.depth >= a.in.MaxDepth {
		return Value{}, false, rxErr(11, 1, "Control stack full")
	}
	mark, err := a.in.nest(a.stack)
	if err != nil {
		return Value{}, false, err
	}
	callee := a.in.newActivation(prog, a)
	callee.stack = mark
	callee.code = prog
	callee.args = args
	callee.callType = callType
	if info != nil {
		callee.cond = info
	}
	if callType == "FUNCTION" && callee.tm.any {
		// Regina does not trace the label a function call enters by.
		if _, ok := a.main.clauses[i].(*iLabel); ok {
			callee.skipTrace = i + 1
		}
	}
	callee.entry = i
	v, err := callee.run(i)
	switch e := err.(type) {
	case nil:
		// Falling off the end of the program inside a routine ends it.
		return Value{}, false, &exitSignal{}
	case *returnSignal:
		return e.val, e.has, nil
	}
	_ = v
	return Value{}, false, err
}

// callStmt runs the CALL instruction.
func (a *activation) callStmt(c *iCall) error {
	if c.trap != nil {
		a.setTrap(c.trap.Condition, c.trap.On, false, c.trap.Name)
		return nil
	}
	v, has, err := a.invoke(c.call, "SUBROUTINE")
	if err != nil {
		return err
	}
	r := a.pool.simple("RESULT")
	r.val, r.set = v, has
	return nil
}

func (a *activation) setTrap(cond string, on, signal bool, label string) {
	if !on {
		delete(a.traps, cond)
		return
	}
	if a.traps == nil {
		a.traps = map[string]*trap{}
	}
	a.traps[cond] = &trap{on: true, signal: signal, label: label}
}

// whole converts a value to a whole number under the current DIGITS.
func (a *activation) whole(v Value) (int, bool) {
	if i, ok := v.smallInt(); ok {
		return int(i), true
	}
	n, ok := v.number()
	if !ok {
		return 0, false
	}
	return a.numeric.Whole(n)
}
