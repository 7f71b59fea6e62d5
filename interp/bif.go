package interp

import (
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/builtin"
	"github.com/rexxlxd/rexxlxd/num"
)

// ownFunc is a built-in function that needs the running interpreter
// (arguments, variables, settings, clocks); the rest live in package
// builtin.
type ownFunc struct {
	min, max int
	fn       func(a *activation, args []builtin.Arg) (Value, error)
}

var ownFuncs map[string]ownFunc

func init() {
	ownFuncs = map[string]ownFunc{
		"ARG":        {0, 2, bifArg},
		"ADDRESS":    {0, 1, bifAddress},
		"DIGITS":     {0, 0, func(a *activation, _ []builtin.Arg) (Value, error) { return Int(int64(a.numeric.Digits)), nil }},
		"FUZZ":       {0, 0, func(a *activation, _ []builtin.Arg) (Value, error) { return Int(int64(a.numeric.Fuzz)), nil }},
		"FORM":       {0, 0, bifForm},
		"QUEUED":     {0, 0, func(a *activation, _ []builtin.Arg) (Value, error) { return Int(int64(a.in.queue.len())), nil }},
		"VALUE":      {1, 3, bifValue},
		"SYMBOL":     {1, 1, bifSymbol},
		"SOURCELINE": {0, 1, bifSourceline},
		"CONDITION":  {0, 1, bifCondition},
		"RANDOM":     {0, 3, bifRandom},
		"TRACE":      {0, 1, bifTrace},
		"DATE": {0, 3, func(a *activation, args []builtin.Arg) (Value, error) {
			s, err := builtin.Date(a.in.now(), args)
			return Str(s), err
		}},
		"TIME": {0, 3, func(a *activation, args []builtin.Arg) (Value, error) {
			s, err := builtin.Time(a.in.now(), &a.in.timer, args)
			return Str(s), err
		}},
	}
}

// now is the time DATE and TIME report.
func (in *Interp) now() time.Time { return time.Now() }

func bifArg(a *activation, args []builtin.Arg) (Value, error) {
	n := len(a.args)
	for n > 0 && !a.args[n-1].Present {
		n--
	}
	if !args[0].Present {
		if args[1].Present {
			return Value{}, rxErr(40, 5, "Missing argument in invocation of ARG; argument 1 is required")
		}
		return Int(int64(n)), nil
	}
	i, ok := a.whole(Str(args[0].Value))
	if !ok || i < 1 {
		return Value{}, rxErr(40, 14, "ARG argument 1 must be positive; found \"%s\"", args[0].Value)
	}
	present := i <= len(a.args) && a.args[i-1].Present
	if !args[1].Present {
		if present {
			return Str(a.args[i-1].Value), nil
		}
		return Str(""), nil
	}
	switch strings.ToUpper(args[1].Value)[:min(1, len(args[1].Value))] {
	case "E":
		return Bool(present), nil
	case "O":
		return Bool(!present), nil
	}
	return Value{}, rxErr(40, 28, "ARG argument 2, option must start with one of \"ENO\"; found \"%s\"", args[1].Value)
}

func bifForm(a *activation, _ []builtin.Arg) (Value, error) {
	if a.numeric.Form == num.Engineering {
		return Str("ENGINEERING"), nil
	}
	return Str("SCIENTIFIC"), nil
}

func bifValue(a *activation, args []builtin.Arg) (Value, error) {
	name := args[0].Value
	if args[2].Present {
		sel := strings.ToUpper(args[2].Value)
		if sel != "ENVIRONMENT" && sel != "SYSTEM" && sel != "OS2ENVIRONMENT" {
			return Value{}, rxErr(40, 37, "VALUE argument 3 must be the name of a pool; found \"%s\"", args[2].Value)
		}
		old := a.in.Getenv(name)
		if args[1].Present {
			a.in.Setenv(name, args[1].Value)
		}
		return Str(old), nil
	}
	if name != "" && validSymbol(name) && (isDigitByte(name[0]) || name[0] == '.') {
		// A constant symbol's value is itself in upper case; Regina
		// ignores a new value for it.
		return Str(strings.ToUpper(name)), nil
	}
	r, err := refFor(name)
	if err != nil {
		return Value{}, rxErr(40, 26, "VALUE argument 1 must be a valid symbol; found \"%s\"", name)
	}
	// VALUE never raises NOVALUE: an unset variable's value is its name.
	var old Value
	if isSet(a, r) {
		if old, err = r.eval(a); err != nil {
			return Value{}, err
		}
		old = old.settled() // a function's result is a string to Regina
	} else {
		name, err := r.varName(a)
		if err != nil {
			return Value{}, err
		}
		old = Str(name)
	}
	if args[1].Present {
		if err := r.assign(a, Str(args[1].Value)); err != nil {
			return Value{}, err
		}
	}
	return old, nil
}

func bifSymbol(a *activation, args []builtin.Arg) (Value, error) {
	name := args[0].Value
	if name == "" || !validSymbol(name) {
		return Str("BAD"), nil
	}
	if isDigitByte(name[0]) || name[0] == '.' {
		return Str("LIT"), nil
	}
	r, err := refFor(name)
	if err != nil {
		return Str("BAD"), nil
	}
	if isSet(a, r) {
		return Str("VAR"), nil
	}
	return Str("LIT"), nil
}

// isSet reports whether a variable has a value, without raising NOVALUE.
func isSet(a *activation, r ref) bool {
	switch r := r.(type) {
	case *simpleRef:
		return r.lookup(a).set
	case *stemRef:
		return a.pool.stem(r.name).hasDef
	case *compoundRef:
		_, ok := a.pool.stem(r.stem).get(r.tailOf(a))
		return ok
	}
	return false
}

func bifSourceline(a *activation, args []builtin.Arg) (Value, error) {
	lines := a.main.prog.Lines
	if !args[0].Present {
		return Int(int64(len(lines))), nil
	}
	n, ok := a.whole(Str(args[0].Value))
	switch {
	case !ok:
		return Value{}, rxErr(40, 12, "SOURCELINE argument 1 must be a whole number; found \"%s\"", args[0].Value)
	case n < 1:
		return Value{}, rxErr(40, 14, "SOURCELINE argument 1 must be positive; found \"%s\"", args[0].Value)
	case n > len(lines):
		// Regina fills the message with the argument's position and
		// then its value; the text is matched as it prints it.
		return Value{}, rxErr(40, 34, "SOURCELINE argument 1 (\"1\") must be less than or equal to the number of lines in the program (%d)", n)
	}
	return Str(lines[n-1]), nil
}

func bifCondition(a *activation, args []builtin.Arg) (Value, error) {
	opt := "I"
	if args[0].Present && args[0].Value != "" {
		opt = strings.ToUpper(args[0].Value[:1])
	}
	c := a.cond
	if !strings.Contains("CDIS", opt) {
		return Value{}, rxErr(40, 28, "CONDITION argument 1, option must start with one of \"CEIDS\"; found \"%s\"", args[0].Value)
	}
	if c == nil {
		return Str(""), nil
	}
	switch opt {
	case "C":
		return Str(c.name), nil
	case "D":
		return Str(c.desc), nil
	case "S":
		if t := a.traps[c.name]; t != nil && t.delayed {
			return Str("DELAY"), nil
		}
		if t := a.traps[c.name]; t != nil && t.on {
			return Str("ON"), nil
		}
		return Str("OFF"), nil
	}
	return Str(c.instr), nil
}

func bifRandom(a *activation, args []builtin.Arg) (Value, error) {
	lo, hi := 0, 999
	get := func(i int) (int, error) {
		n, ok := a.whole(Str(args[i].Value))
		if !ok || n < 0 {
			return 0, rxErr(40, 13, "RANDOM argument %d must be zero or positive; found \"%s\"", i+1, args[i].Value)
		}
		return n, nil
	}
	var err error
	if args[0].Present && !args[1].Present && !args[2].Present {
		if hi, err = get(0); err != nil {
			return Value{}, err
		}
	} else {
		if args[0].Present {
			if lo, err = get(0); err != nil {
				return Value{}, err
			}
		}
		if args[1].Present {
			if hi, err = get(1); err != nil {
				return Value{}, err
			}
		}
	}
	if args[2].Present {
		seed, err := get(2)
		if err != nil {
			return Value{}, err
		}
		a.in.rand = newLibcRandom(uint32(seed))
	}
	if hi < lo {
		return Value{}, rxErr(40, 33, "RANDOM argument 1 (\"%d\") must be less than or equal to argument 2 (\"%d\")", lo, hi)
	}
	if hi-lo > 100000 {
		return Value{}, rxErr(40, 32, "RANDOM the difference between argument 1 (\"%d\") and argument 2 (\"%d\") must not exceed 100000", lo, hi)
	}
	if a.in.rand == nil {
		a.in.rand = newLibcRandom(uint32(time.Now().UnixNano()))
	}
	// Regina's RANDOM: random() modulo the range size, from the minimum.
	return Int(int64(lo) + a.in.rand.next()%int64(hi-lo+1)), nil
}

// bifAddress is ADDRESS([option]): the environment's name, or with
// Regina's options I, O and E the redirection of its input, output and
// error, which rexxlxd never redirects.
func bifAddress(a *activation, args []builtin.Arg) (Value, error) {
	if !args[0].Present {
		return Str(a.env), nil
	}
	opt := args[0].Value
	if opt == "" {
		return Value{}, rxErr(40, 21, "ADDRESS argument 1 must not be null")
	}
	switch opt[0] | 0x20 {
	case 'n':
		return Str(a.env), nil
	case 'i':
		return Str("INPUT NORMAL"), nil
	case 'o', 'e':
		return Str("REPLACE NORMAL"), nil
	}
	return Value{}, rxErr(40, 28, "ADDRESS argument 1, option must start with one of \"EINO\"; found \"%s\"", opt)
}

func bifTrace(a *activation, args []builtin.Arg) (Value, error) {
	old := a.trace
	if args[0].Present {
		setting := args[0].Value
		if setting == "" {
			return Value{}, rxErr(40, 21, "TRACE argument 1 must not be null")
		}
		letter := strings.TrimLeft(setting, "?")
		if letter == "" {
			return Value{}, rxErr(40, 21, "TRACE argument 1 must not be null")
		}
		if !strings.ContainsRune("ACEFILNOR", rune(letter[0]&^0x20)) {
			return Value{}, rxErr(40, 28, "TRACE argument 1, option must start with one of \"ACEFILNOR\"; found \"%s\"", setting)
		}
		if err := a.traceInstr(&iTrace{setting: args[0].Value}); err != nil {
			return Value{}, err
		}
	}
	return Str(old), nil
}
