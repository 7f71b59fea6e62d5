package interp

import "strings"

// variable is one REXX variable. PROCEDURE EXPOSE shares the pointer
// between the caller's and the routine's pools, and DROP marks it unset
// rather than removing it, so compiled code may keep a pointer to it.
type variable struct {
	val    Value
	set    bool
	shared bool // a compound variable exposed on its own
}

// stem holds a stem's default value (from "a. = v") and its compound
// variables by tail.
type stem struct {
	def    Value
	hasDef bool
	tails  map[string]*variable
}

// pool is the variable pool of one PROCEDURE scope.
type pool struct {
	vars  map[string]*variable
	stems map[string]*stem
}

func newPool() *pool {
	return &pool{vars: map[string]*variable{}, stems: map[string]*stem{}}
}

// simple returns the variable for an upper-case simple name, creating it
// unset when new.
func (p *pool) simple(name string) *variable {
	v := p.vars[name]
	if v == nil {
		v = &variable{}
		p.vars[name] = v
	}
	return v
}

// stem returns the stem for an upper-case stem name ending in ".".
func (p *pool) stem(name string) *stem {
	s := p.stems[name]
	if s == nil {
		s = &stem{tails: map[string]*variable{}}
		p.stems[name] = s
	}
	return s
}

// get returns a compound variable's value and whether it is set, counting
// the stem's default.
func (s *stem) get(tail string) (Value, bool) {
	if v, ok := s.tails[tail]; ok {
		return v.val, v.set
	}
	return s.def, s.hasDef
}

func (s *stem) set(tail string, val Value) {
	if v, ok := s.tails[tail]; ok {
		v.val, v.set = val, true
		return
	}
	s.tails[tail] = &variable{val: val, set: true}
}

// drop unsets one compound variable, even against the stem's default.
func (s *stem) drop(tail string) {
	if v, ok := s.tails[tail]; ok {
		v.set = false
		v.val = Value{}
		return
	}
	if s.hasDef {
		s.tails[tail] = &variable{}
	}
}

// assign gives the stem a new default and forgets every compound value,
// as "a. = v" does. Tail variables shared with another scope by
// PROCEDURE EXPOSE stay linked and take the new value.
func (s *stem) assign(val Value) {
	s.def, s.hasDef = val, true
	kept := map[string]*variable{}
	for k, v := range s.tails {
		if v.shared {
			v.val, v.set = val, true
			kept[k] = v
		}
	}
	s.tails = kept
}

// reset drops the whole stem.
func (s *stem) reset() {
	s.def, s.hasDef = Value{}, false
	s.tails = map[string]*variable{}
}

// splitName splits "RESULT.3.NAME" into the stem "RESULT." and the tail
// "3.NAME". Names without a dot return an empty stem.
func splitName(name string) (stemName, tail string) {
	i := strings.IndexByte(name, '.')
	if i < 0 {
		return "", name
	}
	return name[:i+1], name[i+1:]
}

// poolVars adapts a pool to the Variables interface environments use.
type poolVars struct{ p *pool }

func (v poolVars) Get(name string) (string, bool) {
	stemName, tail := splitName(name)
	if stemName == "" {
		x := v.p.vars[strings.ToUpper(name)]
		if x == nil || !x.set {
			return "", false
		}
		return x.val.String(), true
	}
	val, ok := v.p.stem(strings.ToUpper(stemName)).get(tail)
	return val.String(), ok
}

func (v poolVars) Set(name, value string) {
	stemName, tail := splitName(name)
	if stemName == "" {
		x := v.p.simple(strings.ToUpper(name))
		x.val, x.set = Str(value), true
		return
	}
	s := v.p.stem(strings.ToUpper(stemName))
	if tail == "" {
		s.assign(Str(value))
		return
	}
	s.set(tail, Str(value))
}

func (v poolVars) DropStem(name string) {
	v.p.stem(strings.ToUpper(name)).reset()
}
