package interp

import (
	"strings"
	"unsafe"
)

// expr is a compiled expression.
type expr interface {
	eval(a *activation) (Value, error)
}

// ref is a compiled variable reference: it can be read, assigned and
// dropped.
type ref interface {
	expr
	assign(a *activation, v Value) error
	drop(a *activation) error
	// name returns the variable's derived name (tail substituted).
	varName(a *activation) (string, error)
}

type lit struct{ v Value }

func (l *lit) eval(a *activation) (Value, error) {
	if a.tm.inter {
		a.traceValue(">L>", l.v.String())
	}
	return l.v, nil
}

// simpleRef is a simple symbol. It caches the variable it found in the
// last pool it looked in, since variables are never removed from a pool.
type simpleRef struct {
	name  string
	cache *pool
	v     *variable
	// wired is the variable (as a number: no write barrier on the path
	// every variable takes) this reference found set or assigned, as
	// Regina's node keeps the variable it found: TRACE R shows the value
	// only when the variable is looked up afresh (see traceRef). It is 0
	// or v's address, so a variable freed and another made at its
	// address cannot pass for it.
	wired uintptr
}

func (r *simpleRef) lookup(a *activation) *variable {
	if r.cache != a.pool {
		r.v = a.pool.simple(r.name)
		r.cache = a.pool
		r.wired = 0
		if r.v.set {
			r.wired = uintptr(unsafe.Pointer(r.v))
		}
	}
	return r.v
}

func (r *simpleRef) eval(a *activation) (Value, error) {
	if a.tm.values {
		return r.evalTraced(a)
	}
	v := r.lookup(a)
	if v.set {
		return v.val, nil
	}
	return a.novalue(r.name, Str(r.name))
}

// evalTraced is eval under TRACE R or I.
func (r *simpleRef) evalTraced(a *activation) (Value, error) {
	tag, show := r.traceRef(a)
	v := r.lookup(a)
	if v.set {
		if show {
			a.traceValue(tag, v.val.String())
		}
		return v.val, nil
	}
	v2, err := a.novalue(r.name, Str(r.name))
	if err == nil && show {
		a.traceValue(tag, v2.String()) // Regina shows an unset variable as a literal
	}
	return v2, err
}

// value returns the variable's value or its name, never raising NOVALUE:
// that is how tail elements are substituted.
func (r *simpleRef) value(a *activation) string {
	v := r.lookup(a)
	if v.set {
		return v.val.String()
	}
	return r.name
}

func (r *simpleRef) assign(a *activation, val Value) error {
	if r.cache != a.pool {
		r.v = a.pool.simple(r.name)
		r.cache = a.pool
		r.wired = uintptr(unsafe.Pointer(r.v)) // Regina's node keeps the variable it assigned
	}
	v := r.v
	v.val, v.set = val, true
	return nil
}

func (r *simpleRef) drop(a *activation) error {
	v := r.lookup(a)
	v.val, v.set = Value{}, false
	return nil
}

func (r *simpleRef) varName(*activation) (string, error) { return r.name, nil }

// stemRef is a stem used on its own ("A.").
type stemRef struct{ name string }

func (r *stemRef) eval(a *activation) (Value, error) {
	s := a.pool.stem(r.name)
	if s.hasDef {
		return a.traced(">V>", s.def, nil)
	}
	v, err := a.novalue(r.name, Str(r.name))
	return a.traced(">V>", v, err)
}

func (r *stemRef) assign(a *activation, v Value) error {
	a.pool.stem(r.name).assign(v)
	return nil
}

func (r *stemRef) drop(a *activation) error {
	a.pool.stem(r.name).reset()
	return nil
}

func (r *stemRef) varName(*activation) (string, error) { return r.name, nil }

// compoundRef is a compound symbol such as A.I.J.
type compoundRef struct {
	stem string
	tail []tailElem
	// cache and s are the pool the stem was last looked up in and the
	// stem found there, as simpleRef caches its variable: a pool's stem
	// is replaced only by PROCEDURE EXPOSE, before the routine's code
	// runs.
	cache *pool
	s     *stem
	buf   []byte // where tailView builds the tail
	built bool   // buf holds the tail as the parts' ends and nums say
	// cat and catNum say what buf holds when not built: the kindCat
	// value of a tail of one part, the prefix of cat and catNum's digits.
	cat    *tag
	catNum int64
	// preHash is the prefixHash of buf up to the last part, when
	// preOK: unchanged while only the last part changes (a.i.j in a
	// loop over j), so the hash of each tail is preHash plus j.
	preHash uint32
	preOK   bool
	// vtail says a part of the tail is a variable (see Interp.tailSubst).
	vtail bool
}

// stemOf returns the compound's stem in the current pool.
func (r *compoundRef) stemOf(a *activation) *stem {
	if r.cache != a.pool {
		r.s = a.pool.stem(r.stem)
		r.cache = a.pool
	}
	return r.s
}

type tailElem struct {
	constant string
	ref      *simpleRef
	// end is where the part ends in its compound's buf; num is the
	// integer it was formatted from, when isNum.
	end   int
	num   int64
	isNum bool
}

func (r *compoundRef) tailOf(a *activation) string {
	return strings.Clone(r.tailView(a))
}

// tailView returns the tail's derived name, built in the compound's own
// buffer when it has several parts or a number to format: a view valid
// until the next call, which finding or setting a compound variable
// does not keep (stem.place copies a new tail).
func (r *compoundRef) tailView(a *activation) string {
	tail, _, _ := r.tailKey(a)
	return tail
}

// tailKey is tailView, with the tail's hash in the stem's table (see
// tailHash) when it comes without scanning the tail.
func (r *compoundRef) tailKey(a *activation) (tail string, h uint32, hashed bool) {
	if len(r.tail) == 1 {
		t := &r.tail[0]
		if t.ref == nil {
			return t.constant, 0, false
		}
		v := t.ref.lookup(a)
		if v.set && v.val.tag != nil && v.val.tag.kind == kindCat {
			// Spelled in the buffer, and hashed from the prefix's hash;
			// in a loop over 'KEY'i the digits are counted up in place.
			tg, n := v.val.tag, v.val.i
			pre := len(tg.buf.b)
			if r.built || r.cat != tg || uint64(r.catNum) >= 1e18 || n != r.catNum+1 || !incDigits(r.buf[pre:]) {
				r.setBuf(v.val.appendTo(r.buf[:0]))
			}
			r.built, r.cat, r.catNum = false, tg, n
			tail = unsafe.String(unsafe.SliceData(r.buf), len(r.buf))
			h, hashed = tailHash(tail[:pre], tg.hash, n)
			return tail, h, hashed
		}
		if !v.set || v.val.tag != intTag {
			return t.ref.value(a), 0, false
		}
	}
	// The leading parts that are constants or hold the same integers as
	// when the buffer was last built stay as they are: in a loop over
	// a.i.j only j is formatted again.
	n, i := len(r.tail), 0
	if r.built {
		for ; i < n; i++ {
			t := &r.tail[i]
			if t.ref == nil {
				continue
			}
			v := t.ref.lookup(a)
			if v.set && v.val.tag == intTag && t.isNum && t.num == v.val.i {
				continue
			}
			if i == n-1 && i > 0 && r.preOK && v.set && v.val.tag == intTag {
				// Only the last part changed, to another integer:
				// the usual step of a loop over a.i.j, where it is
				// the next one and its digits are counted up in place.
				start := r.tail[i-1].end + 1
				var b []byte
				if t.isNum && uint64(t.num) < 1e18 && v.val.i == t.num+1 && incDigits(r.buf[start:t.end]) {
					b = r.buf[:t.end]
				} else {
					b = appendInt(r.buf[:start], v.val.i)
				}
				t.isNum, t.num, t.end = true, v.val.i, len(b)
				r.setBuf(b)
				tail = unsafe.String(unsafe.SliceData(b), len(b))
				h, hashed = tailHash(tail[:r.tail[i-1].end+1], r.preHash, t.num)
				return tail, h, hashed
			}
			break
		}
	}
	b := r.buf[:0]
	if i > 0 {
		b = r.buf[:r.tail[i-1].end]
	}
	if i < n-1 {
		r.preOK = false
	}
	for ; i < n; i++ {
		t := &r.tail[i]
		if i > 0 {
			b = append(b, '.')
		}
		t.isNum = false
		var v *variable
		if t.ref != nil {
			v = t.ref.lookup(a)
		}
		switch {
		case v == nil:
			b = append(b, t.constant...)
		case !v.set:
			b = append(b, t.ref.name...)
		case v.val.tag == intTag:
			b = appendInt(b, v.val.i)
			t.isNum, t.num = true, v.val.i
		default:
			b = v.val.appendTo(b)
		}
		t.end = len(b)
	}
	r.setBuf(b)
	r.built = true
	tail = unsafe.String(unsafe.SliceData(b), len(b))
	last := n - 1
	if t := &r.tail[last]; last > 0 && t.isNum {
		pre := tail[:r.tail[last-1].end+1]
		if !r.preOK {
			r.preHash, r.preOK = prefixHash(pre), true
		}
		h, hashed = tailHash(pre, r.preHash, t.num)
	}
	return tail, h, hashed
}

// incDigits counts up by one the decimal digits d (a non-negative
// integer's) in place, or reports that one more digit is needed; d is
// then left as zeros.
func incDigits(d []byte) bool {
	for k := len(d) - 1; k >= 0; k-- {
		if d[k] != '9' {
			d[k]++
			return true
		}
		d[k] = '0'
	}
	return false
}

// setBuf makes b, built on the compound's buffer, its buffer.
func (r *compoundRef) setBuf(b []byte) {
	if cap(b) != cap(r.buf) {
		r.buf = b // grown
	} else {
		r.buf = r.buf[:len(b)] // no pointer stored, so no write barrier
	}
}

// tailIndex returns the tail's value when it is one variable holding a
// non-negative integer as a number: its string, the tail, needs no
// formatting to find the compound variable (see stem.nums).
func (r *compoundRef) tailIndex(a *activation) (int, bool) {
	if len(r.tail) != 1 || r.tail[0].ref == nil {
		return 0, false
	}
	v := r.tail[0].ref.lookup(a)
	if !v.set || v.val.tag != intTag || v.val.i < 0 || v.val.i >= maxDense {
		return 0, false
	}
	return int(v.val.i), true
}

func (r *compoundRef) eval(a *activation) (Value, error) {
	if a.tm.values {
		r.traceTail(a)
	}
	if n, ok := r.tailIndex(a); ok {
		if v, ok := r.stemOf(a).getN(n); ok {
			return a.traced(">V>", v, nil)
		}
	}
	tail, h, hashed := r.tailKey(a)
	var v Value
	var ok bool
	if hashed {
		v, ok = r.stemOf(a).getHashed(tail, h)
	} else {
		v, ok = r.stemOf(a).get(tail)
	}
	if ok {
		return a.traced(">V>", v, nil)
	}
	name := r.stem + tail
	v, err := a.novalue(name, Str(name))
	return a.traced(">L>", v, err)
}

// traceTail shows the tail variables' values and, under TRACE I, the
// derived name, as Regina does before the compound's value (and after
// the value an assignment gives it).
func (r *compoundRef) traceTail(a *activation) {
	if r.vtail {
		a.in.tailSubst = true
	}
	for _, t := range r.tail {
		if t.ref != nil {
			tag, show := t.ref.traceRef(a)
			if show {
				a.traceValue(tag, t.ref.value(a))
			}
		}
	}
	if a.tm.inter && a.in.tailSubst {
		a.traceValue(">C>", r.stem+r.tailOf(a))
	}
}

func (r *compoundRef) assign(a *activation, v Value) error {
	if a.tm.values {
		r.traceTail(a)
	}
	if n, ok := r.tailIndex(a); ok {
		r.stemOf(a).setN(n, v)
		return nil
	}
	if tail, h, hashed := r.tailKey(a); hashed {
		r.stemOf(a).setHashed(tail, h, v)
	} else {
		r.stemOf(a).set(tail, v)
	}
	return nil
}

func (r *compoundRef) drop(a *activation) error {
	r.nameTrace(a)
	r.stemOf(a).drop(r.tailOf(a))
	return nil
}

func (r *compoundRef) varName(a *activation) (string, error) { return r.stem + r.tailOf(a), nil }

type unaryExpr struct {
	op string
	x  expr
}

func (u *unaryExpr) eval(a *activation) (Value, error) {
	v, err := u.x.eval(a)
	if err != nil {
		return Value{}, err
	}
	r, err := prefix(&a.numeric, u.op, v)
	if err != nil && u.op == "\\" {
		if t, ok := a.logical(u.x, v); ok {
			r, err = Bool(!t), nil
		} else {
			err = notLogical(v, u.x, err)
		}
	}
	if a.tm.inter {
		return a.traced(">P>", r, err)
	}
	return r, err
}

type binaryExpr struct {
	op   op
	text string
	x, y expr
	// cat, when not nil, is the tag of a concatenation of the literal x
	// and an integer y that is assigned to a simple variable the
	// program uses only in tails (k = 'KEY'i; a.k = i): its value is
	// kept unspelled (kindCat), and a tail a.k is found without spelling
	// it (compoundRef.tailKey). See compiler.lazyCats.
	cat *tag
}

func (b *binaryExpr) eval(a *activation) (Value, error) {
	if a.tm.inter {
		v, err := b.op2(a)
		return a.traced(">O>", v, err)
	}
	return b.op2(a)
}

// op2 evaluates the operands and applies the operator.
func (b *binaryExpr) op2(a *activation) (Value, error) {
	x, err := b.x.eval(a)
	if err != nil {
		return Value{}, err
	}
	y, err := b.y.eval(a)
	if err != nil {
		return Value{}, err
	}
	switch {
	case b.op <= opPow:
		return arith(&a.numeric, b.op, b.text, x, y)
	case b.op == opConcat:
		if b.cat != nil && y.tag == intTag {
			return Value{i: y.i, tag: b.cat}, nil
		}
		return concat(x, "", y), nil
	case b.op == opBlank:
		return concat(x, " ", y), nil
	case b.op <= opSLe:
		return compare(&a.numeric, b.op, x, y), nil
	}
	l, ok := a.logical(b.x, x)
	if !ok {
		return Value{}, notLogical(x, b.x, rxErr(34, 5, "Value of expression to the left of logical operator \"%s\" must be exactly \"0\" or \"1\"; found \"%s\"", b.text, x.String()))
	}
	r, ok := a.logical(b.y, y)
	if !ok {
		return Value{}, notLogical(y, b.y, rxErr(34, 5, "Value of expression to the right of logical operator \"%s\" must be exactly \"0\" or \"1\"; found \"%s\"", b.text, y.String()))
	}
	switch b.op {
	case opAnd:
		return Bool(l && r), nil
	case opOr:
		return Bool(l || r), nil
	}
	return Bool(l != r), nil
}
