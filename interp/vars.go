package interp

import (
	"strconv"
	"strings"
)

// variable is one REXX variable. PROCEDURE EXPOSE shares the pointer
// between the caller's and the routine's pools, and DROP marks it unset
// rather than removing it, so compiled code may keep a pointer to it.
type variable struct {
	val    Value
	set    bool
	shared bool // a compound variable exposed on its own
}

// stem holds a stem's default value (from "a. = v") and its compound
// variables by tail. Tails spelled as small non-negative integers ("0",
// "17", not "017") live in nums, indexed by their value, so that a loop
// over a.i neither formats i nor hashes a string, and a big stem is one
// slice rather than a map of strings; every other tail lives in tails.
// A tail is in one of the two, never in both.
type stem struct {
	def    Value
	hasDef bool
	tails  map[string]*variable
	nums   []*variable // nums[n] is the tail n, nil when absent
	slab   []variable  // where new variables come from, a block at a time
}

// maxDense bounds the integer tails nums may hold; denseSlack is how far
// beyond its end a new integer tail may be before it goes to the map
// instead, so that a.1000000000 alone does not make a huge slice.
const (
	maxDense   = 1 << 30
	denseSlack = 64
)

// denseIndex returns the integer a tail spells when it spells one
// canonically (digits, no leading zero) below maxDense.
func denseIndex(tail string) (int, bool) {
	if len(tail) == 0 || len(tail) > 9 || (tail[0] == '0' && len(tail) > 1) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(tail); i++ {
		c := tail[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n < maxDense
}

// newVar returns a fresh variable from the stem's slab: one allocation
// per block of variables rather than one per compound variable.
func (s *stem) newVar() *variable {
	if len(s.slab) == 0 {
		s.slab = make([]variable, min(max((len(s.nums)+len(s.tails))/4, 4), 4096))
	}
	v := &s.slab[0]
	s.slab = s.slab[1:]
	return v
}

// lookup returns the tail's variable, or nil when it has none.
func (s *stem) lookup(tail string) *variable {
	if n, ok := denseIndex(tail); ok && n < len(s.nums) {
		return s.nums[n]
	}
	return s.tails[tail]
}

// lookupN is lookup for the tail spelled as n.
func (s *stem) lookupN(n int) *variable {
	if n < len(s.nums) {
		return s.nums[n]
	}
	if len(s.tails) == 0 {
		return nil
	}
	return s.tails[strconv.Itoa(n)]
}

// put makes v the tail's variable.
func (s *stem) put(tail string, v *variable) {
	if n, ok := denseIndex(tail); ok && s.grow(n) {
		s.nums[n] = v
		return
	}
	s.tails[tail] = v
}

// grow makes nums hold index n when n is near enough its end, moving
// the tails it newly covers from the map; it reports whether nums now
// holds n.
func (s *stem) grow(n int) bool {
	old := len(s.nums)
	if n < old {
		return true
	}
	if n >= old+denseSlack+old/2 {
		return false
	}
	for len(s.nums) <= n {
		s.nums = append(s.nums, nil)
	}
	if len(s.tails) > 0 {
		for k := old; k <= n; k++ {
			key := strconv.Itoa(k)
			if v, ok := s.tails[key]; ok {
				s.nums[k] = v
				delete(s.tails, key)
			}
		}
	}
	return true
}

// each calls f for every tail the stem has a variable for.
func (s *stem) each(f func(tail string, v *variable)) {
	for n, v := range s.nums {
		if v != nil {
			f(strconv.Itoa(n), v)
		}
	}
	for t, v := range s.tails {
		f(t, v)
	}
}

// size returns how many tails the stem has a variable for.
func (s *stem) size() int {
	n := len(s.tails)
	for _, v := range s.nums {
		if v != nil {
			n++
		}
	}
	return n
}

// get returns a compound variable's value and whether it is set, counting
// the stem's default.
func (s *stem) get(tail string) (Value, bool) {
	return s.found(s.lookup(tail))
}

// getN is get for the tail spelled as n.
func (s *stem) getN(n int) (Value, bool) {
	return s.found(s.lookupN(n))
}

func (s *stem) found(v *variable) (Value, bool) {
	if v != nil {
		return v.val, v.set
	}
	return s.def, s.hasDef
}

func (s *stem) set(tail string, val Value) {
	if v := s.lookup(tail); v != nil {
		v.val, v.set = val, true
		return
	}
	v := s.newVar()
	v.val, v.set = val, true
	s.put(tail, v)
}

// setN is set for the tail spelled as n.
func (s *stem) setN(n int, val Value) {
	if n < len(s.nums) {
		if v := s.nums[n]; v != nil {
			v.val, v.set = val, true
			return
		}
	}
	if n < len(s.nums) || len(s.tails) == 0 && s.grow(n) {
		v := s.newVar()
		v.val, v.set = val, true
		s.nums[n] = v
		return
	}
	s.set(strconv.Itoa(n), val)
}

// drop unsets one compound variable, even against the stem's default.
func (s *stem) drop(tail string) {
	if v := s.lookup(tail); v != nil {
		v.set = false
		v.val = Value{}
		return
	}
	if s.hasDef {
		s.put(tail, s.newVar())
	}
}

// assign gives the stem a new default and forgets every compound value,
// as "a. = v" does. Tail variables shared with another scope by
// PROCEDURE EXPOSE stay linked and take the new value.
func (s *stem) assign(val Value) {
	s.def, s.hasDef = val, true
	kept := map[string]*variable{}
	s.each(func(k string, v *variable) {
		if v.shared {
			v.val, v.set = val, true
			kept[k] = v
		}
	})
	s.tails, s.nums, s.slab = map[string]*variable{}, nil, nil
	for k, v := range kept {
		s.put(k, v)
	}
}

// reset drops the whole stem.
func (s *stem) reset() {
	s.def, s.hasDef = Value{}, false
	s.tails, s.nums, s.slab = map[string]*variable{}, nil, nil
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
