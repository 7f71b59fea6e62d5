package interp

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/rexxlxd/rexxlxd/num"
)

// signal runs SIGNAL: a trap setting, or a jump to a label.
func (a *activation) signal(c *iSignal) error {
	if c.trap != nil {
		a.setTrap(c.trap.Condition, c.trap.On, true, c.trap.Name)
		return nil
	}
	label := c.label
	if c.value != nil {
		v, err := c.value.eval(a)
		if err != nil {
			return err
		}
		label = v.String()
	}
	// A label named by a string matches as written, else as a symbol
	// would (upper case): Regina finds "signal 'l1'" at l1:.
	if _, ok := a.code.labels[label]; !ok {
		if _, ok := a.main.labels[label]; !ok {
			label = strings.ToUpper(label)
		}
	}
	a.setSIGL()
	return &jumpSignal{label: label, instr: true}
}

// procedure runs PROCEDURE [EXPOSE ...]: a fresh pool, with the exposed
// variables shared with the caller's.
func (a *activation) procedure(c *iProcedure) error {
	if a.parent == nil || !a.first || a.code.isInterpret {
		return rxErr(17, 1, "PROCEDURE is valid only when it is the first instruction executed after an internal CALL or function invocation")
	}
	old := a.pool
	a.pool = newPool()
	for _, n := range c.expose {
		if err := a.expose(old, n.r); err != nil {
			return err
		}
		if n.indirect {
			v, err := n.r.eval(a)
			if err != nil {
				return err
			}
			for _, w := range strings.Fields(v.String()) {
				r, err := refFor(w)
				if err != nil {
					return err
				}
				if err := a.expose(old, r); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (a *activation) expose(old *pool, r ref) error {
	switch r := r.(type) {
	case *simpleRef:
		v := old.simple(r.name)
		v.gen = a.pool.gen() // as Regina restamps the caller's variable
		a.pool.setSimple(r.name, v)
	case *stemRef:
		a.pool.setStem(r.name, old.stem(r.name))
	case *compoundRef:
		tail := r.tailOf(a)
		a.pool.stem(r.stem).setLink(tail, old.stem(r.stem).link(tail))
	}
	return nil
}

// refFor compiles a variable name given as a string (for VALUE, DROP
// and EXPOSE lists).
func refFor(name string) (ref, error) {
	up := strings.ToUpper(name)
	if up == "" || !validSymbol(up) || isDigitByte(up[0]) || up[0] == '.' {
		return nil, rxErr(20, 1, "Name required; found \"%s\"", name)
	}
	dot := strings.IndexByte(up, '.')
	if dot < 0 {
		return &simpleRef{name: up}, nil
	}
	if dot == len(up)-1 {
		return &stemRef{name: up}, nil
	}
	c := &compoundRef{stem: up[:dot+1]}
	for _, part := range strings.Split(up[dot+1:], ".") {
		if part == "" || isDigitByte(part[0]) {
			c.tail = append(c.tail, tailElem{constant: part})
		} else {
			c.tail = append(c.tail, tailElem{ref: &simpleRef{name: part}})
			c.vtail = true
		}
	}
	return c, nil
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func validSymbol(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || isDigitByte(c) || strings.IndexByte(".!?_@#$", c) >= 0) {
			return false
		}
	}
	return true
}

// dropName drops one DROP operand; a name in parentheses also drops the
// variables its value lists.
func (a *activation) dropName(n nameRef) error {
	if n.indirect {
		v, err := n.r.eval(a)
		if err != nil {
			return err
		}
		for _, w := range strings.Fields(v.String()) {
			r, err := refFor(w)
			if err != nil {
				return err
			}
			if err := r.drop(a); err != nil {
				return err
			}
		}
		return nil
	}
	return n.r.drop(a)
}

// upperName runs UPPER for one variable: its value, or its name when it
// has none, in upper case. A stem is error 32, as in Regina.
func (a *activation) upperName(n nameRef) error {
	if _, stem := n.r.(*stemRef); stem {
		return rxErr(32, 0, "")
	}
	unset := false
	switch r := n.r.(type) {
	case *simpleRef:
		unset = !r.lookup(a).set
	case *compoundRef:
		_, set := r.stemOf(a).get(r.tailOf(a))
		unset = !set
	}
	v, err := a.byName(n.r, true)
	if err != nil {
		return err
	}
	up := upperASCII(v.String())
	if unset {
		// As in Regina, an unset variable stays unset (its name is
		// upper case already); TRACE R shows the name as a literal.
		if a.tm.values {
			a.traceValue(">L>", up)
		}
		return nil
	}
	if a.tm.values {
		a.traceValue(">V>", up) // the value UPPER made
	}
	saved := a.tm
	a.tm.values, a.tm.inter = false, false
	err = n.r.assign(a, Str(up))
	a.tm = saved
	return err
}

// lowerASCII lower-cases the letters A-Z only, as Regina does.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// upperASCII upper-cases the letters a-z only, byte by byte, as Regina
// does in the C locale; other bytes (UTF-8 included) are left alone.
func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i] && s[i] <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'a' <= b[j] && b[j] <= 'z' {
					b[j] -= 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// numericValue evaluates the value of NUMERIC DIGITS or FUZZ: a whole
// number not below zero, def when absent, else error 26.sub.
func (a *activation) numericValue(c *iNumeric, def, sub int) (int, error) {
	if c.x == nil {
		return def, nil
	}
	v, err := c.x.eval(a)
	if err != nil {
		return 0, err
	}
	n, ok := a.whole(v)
	if !ok || n < 0 {
		return 0, rxErr(26, sub, "NUMERIC %s value must be zero or a positive whole number; found \"%s\"", c.what, v.String())
	}
	return n, nil
}

// numericInstr runs NUMERIC DIGITS, FUZZ and FORM.
func (a *activation) numericInstr(c *iNumeric) error {
	switch c.what {
	case "DIGITS":
		d, err := a.numericValue(c, num.DefaultDigits, 5)
		if err != nil {
			return err
		}
		if d <= a.numeric.Fuzz {
			return rxErr(33, 1, "Value of NUMERIC DIGITS \"%d\" must exceed value of NUMERIC FUZZ \"(%d)\"", d, a.numeric.Fuzz)
		}
		if d > 999999999 {
			return rxErr(33, 2, "Value of NUMERIC DIGITS \"%d\" must not exceed %d", d, 999999999)
		}
		a.numeric.Digits = d
	case "FUZZ":
		f, err := a.numericValue(c, 0, 6)
		if err != nil {
			return err
		}
		if f >= a.numeric.Digits {
			return rxErr(33, 1, "Value of NUMERIC DIGITS \"%d\" must exceed value of NUMERIC FUZZ \"(%d)\"", a.numeric.Digits, f)
		}
		a.numeric.Fuzz = f
	case "FORM":
		form := c.form
		if c.x != nil {
			v, err := c.x.eval(a)
			if err != nil {
				return err
			}
			form = strings.ToUpper(v.String())
		}
		switch {
		case form != "" && strings.HasPrefix("SCIENTIFIC", form):
			a.numeric.Form = num.Scientific
		case form != "" && strings.HasPrefix("ENGINEERING", form):
			a.numeric.Form = num.Engineering
		default:
			return rxErr(33, 3, "Value of NUMERIC FORM must start with \"E\" or \"S\"; found \"%s\"", form)
		}
	}
	return nil
}

// address runs the ADDRESS instruction.
func (a *activation) address(c *iAddress) error {
	switch {
	case c.env != "" && c.cmd != nil:
		v, err := c.cmd.eval(a)
		if err != nil {
			return err
		}
		return a.command(c.env, v.String(), c.ln, c.with)
	case c.env != "":
		a.prevEnv, a.env = a.env, c.env
		if c.with != nil {
			if a.with == nil {
				a.with = map[string][]redirect{}
			}
			a.with[strings.ToUpper(c.env)] = c.with
		}
	case c.value != nil:
		v, err := c.value.eval(a)
		if err != nil {
			return err
		}
		a.prevEnv, a.env = a.env, v.String()
	default:
		a.prevEnv, a.env = a.env, a.prevEnv
	}
	return nil
}

// command sends a command to an environment, sets RC and raises ERROR or
// FAILURE as RC says.
func (a *activation) command(envName, cmd string, line int, with []redirect) error {
	in := a.in
	env := in.envs[strings.ToUpper(envName)]
	in.flush()
	rc := -3
	shown := false // the embedder shows the outcome (Interp.ShowsResult)
	if env == nil {
		fmt.Fprintf(in.errOut(), "rexxlxd: no ADDRESS environment %q (known: %s)\n", envName, strings.Join(in.envNames(), ", "))
	} else {
		ctx, cancel := context.WithCancel(in.ctx)
		h := newCmdHalt(cancel)
		ctx = context.WithValue(ctx, haltedAgainKey{}, h.again)
		in.cmdHalt.Store(h)
		if with == nil {
			with = a.redirectsFor(envName)
		}
		shown = with == nil && in.ShowsResult != nil && in.ShowsResult(envName)
		call := &Call{Vars: poolVars{a.pool}, Stdin: in.Stdin, Stdout: in.Stdout, Stderr: in.Stderr, Environ: in.Environ(), Shown: shown}
		var done func() error
		if with != nil {
			var err error
			if done, err = a.redirect(call, with); err != nil {
				in.cmdHalt.Store(nil)
				cancel()
				return err
			}
		}
		rc = env.Run(ctx, cmd, call)
		in.cmdHalt.Store(nil)
		cancel()
		if done != nil {
			if err := done(); err != nil {
				return err
			}
		}
	}
	v := a.pool.simple("RC")
	v.val, v.set = Int(int64(rc)), true
	if in.CommandHook != nil {
		in.CommandHook(envName, cmd, rc, poolVars{a.pool})
	}
	if rc == 0 {
		return nil
	}
	name := "ERROR"
	if rc < 0 {
		name = "FAILURE"
	}
	if a.tracesCommand(rc) && !(shown && a.tracesOnlyFailures()) {
		// Regina's TRACE ERROR shows the return code alone.
		if !a.clauseTraced() && strings.TrimLeft(a.trace, "?!") != "E" && !in.dbg.muted() {
			fmt.Fprintf(in.errOut(), "%s *-* %s%s\n", in.traceLineNo(line), strings.Repeat(" ", a.nesting()), a.clauseText())
		}
		fmt.Fprintf(in.errOut(), "       +++ RC=%d +++\n", rc)
	}
	return a.raise(name, cmd)
}

// tracesCommand says whether the TRACE setting shows a command that ended
// with rc (not 0): every setting but OFF does in Regina, FAILURE too for
// a positive rc. RexxJS never shows one, so a program that has REQUIREd a
// RexxJS library does not under TRACE N, the default, either.
func (a *activation) tracesCommand(rc int) bool {
	switch strings.TrimLeft(a.trace, "?!") {
	case "N":
		return !a.in.rexxjs
	case "E", "F", "C", "A", "R", "I", "L":
		return true
	}
	return false
}

// tracesOnlyFailures says whether the TRACE setting shows commands only
// when they fail (N, E, F), so that a failure the embedder shows itself
// (Interp.ShowsResult) needs no trace line; the other settings trace
// every command clause, and the RC line belongs to that trace.
func (a *activation) tracesOnlyFailures() bool {
	switch strings.TrimLeft(a.trace, "?!") {
	case "N", "E", "F":
		return true
	}
	return false
}

func (a *activation) sourceLine(line int) string {
	if a.code == nil || a.code.prog == nil || line < 1 || line > len(a.code.prog.Lines) {
		return ""
	}
	return a.code.prog.Lines[line-1]
}

func (in *Interp) envNames() []string {
	var names []string
	for n := range in.envs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// require runs RexxJS's REQUIRE: it loads a library rexxlxd has built in.
// RexxJS scripts name libraries by path ("cwd:lxd-address.js",
// "./lxd-address.js"), so only the base name counts.
func (a *activation) require(c *iRequire) error {
	v, err := c.x.eval(a)
	if err != nil {
		return err
	}
	name := LibraryName(v.String())
	in := a.in
	if in.required[name] {
		return nil
	}
	load, ok := in.libs[name]
	if !ok {
		var known []string
		for n := range in.libs {
			known = append(known, n)
		}
		sort.Strings(known)
		return rxErr(43, 1, "REQUIRE could not find library \"%s\"; rexxlxd has built in: %s", v.String(), strings.Join(known, ", "))
	}
	if err := load(in); err != nil {
		return rxErr(48, 1, "Failure in system service: REQUIRE %s: %v", v.String(), err)
	}
	in.required[name] = true
	in.rexxjs = true
	return nil
}

// LibraryName reduces a RexxJS library reference to the name libraries
// are registered under: "cwd:lxd-address.js" and "../x/lxd-address.js"
// are both "lxd-address".
func LibraryName(ref string) string {
	s := ref
	if i := strings.Index(s, ":"); i >= 0 && !strings.Contains(s[:i], "/") {
		s = s[i+1:]
	}
	s = path.Base(s)
	s = strings.TrimSuffix(s, ".js")
	return strings.ToLower(s)
}

// traceInstr runs TRACE as Regina does: a whole number passes that many
// interactive trace pauses (see debugState.skip; 0 is TRACE OFF);
// otherwise each leading "?" switches interactive trace on or off and
// "!" command inhibition, and the letter that follows, if any, is the
// new setting (O also ends interactive trace).
func (a *activation) traceInstr(c *iTrace) error {
	s := c.setting
	if c.x != nil {
		v, err := c.x.eval(a)
		if err != nil {
			return err
		}
		s = v.String()
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		s = "N"
	}
	if n, ok := a.whole(Str(s)); ok {
		if n == 0 {
			a.setTrace("O")
		} else {
			a.in.dbg.skip(n)
		}
		return nil
	}
	prefixes := strings.TrimRight(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	letter := strings.TrimLeft(s, "?!")
	if prefixes != "" && strings.Trim(prefixes, "?!") != "" {
		return rxErr(24, 1, "TRACE request letter must be one of \"ACEFILNOR\"; found \"%s\"", s)
	}
	if letter != "" && !strings.ContainsRune("ACEFILNOR", rune(letter[0])) {
		return rxErr(24, 1, "TRACE request letter must be one of \"ACEFILNOR\"; found \"%c\"", letter[0])
	}
	pause := strings.Contains(a.trace, "?")
	inhibit := strings.Contains(a.trace, "!")
	cur := strings.TrimLeft(a.trace, "?!")
	if cur == "" {
		cur = "N"
	}
	for _, p := range prefixes {
		if p == '!' {
			inhibit = !inhibit
			continue
		}
		pause = !pause
		if pause {
			a.in.dbg.start(!a.tm.any)
		}
	}
	if letter != "" {
		cur = letter[:1]
	}
	if cur == "O" {
		pause = false
	}
	setting := cur
	if inhibit {
		setting = "!" + setting
	}
	if pause {
		setting = "?" + setting
	}
	a.setTrace(setting)
	return nil
}
