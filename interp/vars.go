package interp

import (
	"strings"
	"unsafe"
)

// variable is one REXX variable. PROCEDURE EXPOSE shares the pointer
// between the caller's and the routine's pools, and DROP marks it unset
// rather than removing it, so compiled code may keep a pointer to it.
// Compound variables live in their stem's slots instead (see stem), and
// have a variable only while exposed.
type variable struct {
	val Value
	set bool
	// gen is 0, or once exposed the gen of the last PROCEDURE pool that
	// exposed it: Regina's "valid" stamp, which decides what TRACE R
	// shows again (see traceRef). 0 stands for the pool that made it,
	// the only one that finds it until it is exposed.
	gen uint32
}

// pool is the variable pool of one PROCEDURE scope.
type pool struct {
	vars  map[string]*variable
	stems map[string]*stem
}

// newPool returns an empty pool. Its maps are made on first use: a
// routine that only reads its arguments, as many recursive functions do,
// costs no map at all.
func newPool() *pool { return &pool{} }

// gen is the pool's number for variable.gen: its address (pools are 16
// bytes, so the low bits are 0), which no other pool has while it lives
// (in a heap below 64 GB), and never 0. A variable can reach the current
// pool only by being made there or exposed into it, so a dead pool's
// number left in a variable is never compared with a new pool at the
// same address.
func (p *pool) gen() uint32 {
	if g := uint32(uintptr(unsafe.Pointer(p)) >> 4); g != 0 {
		return g
	}
	return 1
}

// simple returns the variable for an upper-case simple name, creating it
// unset when new.
func (p *pool) simple(name string) *variable {
	v := p.vars[name]
	if v == nil {
		v = &variable{}
		p.setSimple(name, v)
	}
	return v
}

// setSimple makes v the pool's variable name (PROCEDURE EXPOSE shares
// the caller's).
func (p *pool) setSimple(name string, v *variable) {
	if p.vars == nil {
		p.vars = make(map[string]*variable)
	}
	p.vars[name] = v
}

// setStem makes s the pool's stem name.
func (p *pool) setStem(name string, s *stem) {
	if p.stems == nil {
		p.stems = make(map[string]*stem)
	}
	p.stems[name] = s
}

// stem returns the stem for an upper-case stem name ending in ".".
func (p *pool) stem(name string) *stem {
	s := p.stems[name]
	if s == nil {
		s = &stem{}
		p.setStem(name, s)
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
