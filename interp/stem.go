package interp

import (
	"hash/maphash"
	"strconv"
	"strings"
)

// A stem keeps its compound variables in slots rather than in one heap
// object per variable, so that a stem of a million entries costs the
// garbage collector next to nothing: a slot holding a plain integer
// (the value of most counters and sums) is a byte and an int64 in
// arrays without pointers, which the collector never scans; only a
// chunk that holds other values has a Value array it scans. Tails
// spelled as small non-negative integers ("0", "17", not "017") are
// slots indexed by their value (nums), so a loop over a.i neither
// formats i nor hashes a string; every other tail is an entry of a hash
// table (tab). A tail is in one of the two, never in both.
type stem struct {
	def    Value
	hasDef bool
	nums   slots
	tab    table
	// links holds the variables PROCEDURE EXPOSE shares between two
	// pools, by tail: their slots say kLink in both stems.
	links map[string]*variable
}

// What a slot holds.
const (
	kAbsent uint8 = iota // no variable: the stem's default applies
	kInt                 // set, to Int(ints[k])
	kVal                 // set, to vals[k]
	kUnset               // dropped: unset even against the default
	kLink                // shared by PROCEDURE EXPOSE: the variable is links[tail]
)

// Slots come in chunks of chunkSize, so that growing never copies a big
// array; only the last chunk may be shorter, and it doubles until full.
const (
	chunkBits = 10
	chunkSize = 1 << chunkBits
)

// chunk is a run of slots. vals comes first so that the collector, which
// scans an object only up to its last pointer, reads one word of it.
type chunk struct {
	vals []Value  // nil until a slot holds a value that is not a plain Int
	keys []keyRef // where the tails of table entries are; nil in nums
	kind []uint8
	ints []int64
}

// slots is an array of slots 0..n-1 in chunks.
type slots struct {
	chunks []chunk
	n      int
}

// at returns the chunk holding slot i (below n) and i's place in it.
func (s *slots) at(i int) (*chunk, int) {
	return &s.chunks[i>>chunkBits], i & (chunkSize - 1)
}

// extend makes the slots cover 0..n-1 at least; keys says whether the
// chunks carry keys (a table's entries).
func (s *slots) extend(n int, keys bool) {
	for s.n < n {
		if len(s.chunks) == 0 || len(s.chunks[len(s.chunks)-1].kind) == chunkSize {
			s.chunks = append(s.chunks, chunk{})
		}
		last := len(s.chunks) - 1
		c := &s.chunks[last]
		base := last << chunkBits
		size := chunkSize
		if last == 0 {
			size = min(chunkSize, max(2*len(c.kind), 8, n))
		}
		c.resize(size, keys)
		s.n = base + size
	}
}

// resize lengthens the chunk to size slots.
func (c *chunk) resize(size int, keys bool) {
	c.kind = append(c.kind, make([]uint8, size-len(c.kind))...)
	c.ints = append(c.ints, make([]int64, size-len(c.ints))...)
	if c.vals != nil {
		c.vals = append(c.vals, make([]Value, size-len(c.vals))...)
	}
	if keys {
		c.keys = append(c.keys, make([]keyRef, size-len(c.keys))...)
	}
}

// value returns what slot k holds, when it is set or unset; absent and
// linked slots are the stem's business.
func (c *chunk) value(k int) (Value, bool) {
	if c.kind[k] == kInt {
		return Int(c.ints[k]), true
	}
	if c.kind[k] == kVal {
		return c.vals[k], true
	}
	return Value{}, false
}

// set makes slot k hold val.
func (c *chunk) set(k int, val Value) {
	if val.tag == intTag {
		if c.kind[k] == kVal {
			c.vals[k] = Value{}
		}
		c.ints[k], c.kind[k] = val.i, kInt
		return
	}
	if c.vals == nil {
		c.vals = make([]Value, len(c.kind))
	}
	c.vals[k], c.kind[k] = val, kVal
}

// mark gives slot k a kind that holds no value (kAbsent, kUnset, kLink).
func (c *chunk) mark(k int, kind uint8) {
	if c.kind[k] == kVal {
		c.vals[k] = Value{}
	}
	c.kind[k] = kind
}

// table is a hash table of tails over entries kept in insertion order.
// Each index word holds the entry's hash and its number plus one (zero
// when empty), so that probing and growing read no key. The tails
// themselves are copied into append-only byte buffers, so neither the
// index, the entries nor the keys have pointers for the collector to
// scan. Entries are never removed: one whose tail moved to nums is
// kAbsent, and "a. = v" or DROP a. starts a new table.
//
// A tail ending in a number ("KEY17") hashes to its prefix's hash plus
// the number, so the entries of a loop over 'KEY'i sit side by side in
// the index and each cache line serves eight of them, as they do in
// Regina (whose hash adds the number to a sum of the characters). A
// collision probes on by a step taken from the whole hash (double
// hashing), so another run of keys overlapping such a run costs a probe
// or two, not a walk to its end.
type table struct {
	idx   []uint64
	ent   slots
	count int      // entries 0..count-1 are in use
	bufs  [][]byte // the tails' bytes
	used  int      // how much of the last buffer holds tails
	// numKeys counts the entries whose tail spells an index nums may
	// come to hold, all of them at numMin or above.
	numKeys int
	numMin  int
	// pre and preHash remember the last prefix hashed (up to len(pre)
	// bytes), as a loop over 'KEY'i hashes the same prefix each time.
	pre     [24]byte
	preLen  int
	preHash uint32
}

// keyRef is where a table entry's tail is: bufs[buf][off:off+n].
type keyRef struct{ buf, off, n uint32 }

// bufSize is the size of a full key buffer; the first one grows to it.
const bufSize = 1 << 16

var tailSeed = maphash.MakeSeed()

// hash returns the hash of tail: its prefix's hash plus the number it
// ends in, when it ends in a number spelled canonically (no leading
// zero, nine digits at most), else a hash of all of it. A caller that
// knows a tail's prefix and number (a.i.j, 'KEY'i) need not spell and
// scan them: see tailHash.
func (t *table) hash(tail string) uint32 {
	j := len(tail)
	for j > 0 && tail[j-1] >= '0' && tail[j-1] <= '9' {
		j--
	}
	d := len(tail) - j
	if d == 0 || d > 9 || tail[j] == '0' && d > 1 {
		return uint32(maphash.String(tailSeed, tail) >> 32)
	}
	n := uint32(0)
	for i := j; i < len(tail); i++ {
		n = n*10 + uint32(tail[i]-'0')
	}
	pre := tail[:j]
	if j != t.preLen || string(t.pre[:j]) != pre {
		t.preHash = prefixHash(pre)
		t.preLen = -1
		if j <= len(t.pre) {
			t.preLen = copy(t.pre[:], pre)
		}
	}
	return t.preHash + n
}

// prefixHash is the hash of the part of a tail before the number it
// ends in.
func prefixHash(pre string) uint32 { return uint32(maphash.String(tailSeed, pre) >> 32) }

// tailHash returns the hash of the tail spelled as pre followed by n's
// digits, as table.hash computes it, when it can tell without scanning:
// pre ends in a character that is not a digit (else the number would
// be longer, and a tail of digits alone is one of nums) and n has one to
// nine digits. preHash is prefixHash(pre), which a caller building many
// tails with one prefix keeps.
func tailHash(pre string, preHash uint32, n int64) (uint32, bool) {
	if n < 0 || n >= 1e9 || pre == "" || pre[len(pre)-1] >= '0' && pre[len(pre)-1] <= '9' {
		return 0, false
	}
	return preHash + uint32(n), true
}

// step is the probe step of hash h: odd, so probing visits every word of
// a power-of-two index, and anywhere in the index, so a probe that
// starts inside a long run of neighbours leaves it at once. It depends
// on h without its low bits, so neighbours that collide (a run of
// 'KEY'i landing on another run) move by the same step and stay
// neighbours.
func step(h uint32) int {
	x := uint64(h>>10) * 0x9E3779B97F4A7C15
	return int(x>>32^x) | 1
}

// key returns the tail of the entry at slot k of c, as a view of its
// buffer (never changed once written).
func (t *table) key(c *chunk, k int) []byte {
	r := c.keys[k]
	return t.bufs[r.buf][r.off : r.off+r.n]
}

// find returns the entry of tail, or the hash to add it with.
func (t *table) find(tail string) (e int, h uint32, ok bool) {
	return t.findHashed(tail, t.hash(tail))
}

// findHashed is find for a tail whose hash is h.
func (t *table) findHashed(tail string, h uint32) (e int, _ uint32, ok bool) {
	if t.count == 0 {
		return 0, h, false
	}
	mask, st := len(t.idx)-1, step(h)
	for i := int(h) & mask; ; i = (i + st) & mask {
		x := t.idx[i]
		if x == 0 {
			return 0, h, false
		}
		if uint32(x>>32) == h {
			e := int(uint32(x)) - 1
			if c, k := t.ent.at(e); string(t.key(c, k)) == tail {
				return e, h, true
			}
		}
	}
}

// add appends an entry for tail, which hashes to h and has no entry, and
// returns it.
func (t *table) add(tail string, h uint32) int {
	e := t.count
	if 4*(e+1) > 3*len(t.idx) {
		t.rehash(max(16, 2*len(t.idx)))
	}
	if e >= t.ent.n {
		t.ent.extend(e+1, true)
	}
	t.count++
	c, k := t.ent.at(e)
	c.keys[k] = t.keep(tail)
	t.place(h, e)
	return e
}

// keep copies tail into the key buffers.
func (t *table) keep(tail string) keyRef {
	last := len(t.bufs) - 1
	if last >= 0 && len(t.bufs[last])-t.used >= len(tail) {
		off := t.used
		copy(t.bufs[last][off:], tail)
		t.used += len(tail)
		return keyRef{uint32(last), uint32(off), uint32(len(tail))}
	}
	t.makeRoom(len(tail))
	return t.keep(tail)
}

// makeRoom makes the last key buffer hold n more bytes. Buffers are made
// at their full length, so that keeping a tail stores no slice (and no
// pointer); the first one doubles up to bufSize, so that a small stem
// stays small.
func (t *table) makeRoom(n int) {
	switch {
	case len(t.bufs) == 0:
		t.bufs = append(t.bufs, make([]byte, max(64, n)))
		t.used = 0
	case len(t.bufs) == 1 && len(t.bufs[0]) < bufSize:
		b := make([]byte, max(min(2*len(t.bufs[0]), bufSize), t.used+n))
		copy(b, t.bufs[0][:t.used])
		t.bufs[0] = b
	default:
		t.bufs = append(t.bufs, make([]byte, max(bufSize, n)))
		t.used = 0
	}
}

// place records entry e, whose tail hashes to h, in the index.
func (t *table) place(h uint32, e int) {
	mask, st := len(t.idx)-1, step(h)
	i := int(h) & mask
	for t.idx[i] != 0 {
		i = (i + st) & mask
	}
	t.idx[i] = uint64(h)<<32 | uint64(e+1)
}

// rehash rebuilds the index with size words, from the hashes it holds.
func (t *table) rehash(size int) {
	old := t.idx
	t.idx = make([]uint64, size)
	// Write where each entry's probe starts before probing reads there:
	// a page of fresh memory read first maps the shared zero page, and
	// the write that follows faults again and flushes that mapping from
	// every core. Pages no entry lands on stay untouched (not resident):
	// a run of 'KEY'i fills a block of the index, not all of it.
	mask := size - 1
	for _, x := range old {
		if x != 0 {
			t.idx[int(uint32(x>>32))&mask] = 0
		}
	}
	for _, x := range old {
		if x != 0 {
			t.place(uint32(x>>32), int(uint32(x))-1)
		}
	}
}

// maxDense bounds the integer tails nums may hold; denseSlack is how far
// beyond its end a new integer tail may be before it goes to the table
// instead, so that a.1000000000 alone does not make a huge array.
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

// slot returns the slot of tail, or nil when it has none. tail is not
// kept, so it may be a view of a scratch buffer.
func (s *stem) slot(tail string) (*chunk, int) {
	if n, ok := denseIndex(tail); ok && n < s.nums.n {
		return s.nums.at(n)
	}
	if e, _, ok := s.tab.find(tail); ok {
		return s.tab.ent.at(e)
	}
	return nil, 0
}

// place returns the slot of tail, making one when it has none; a new
// table entry keeps tail.
func (s *stem) place(tail string) (*chunk, int) {
	n, dense := denseIndex(tail)
	if dense && s.grow(n) {
		return s.nums.at(n)
	}
	e, h, ok := s.tab.find(tail)
	if ok {
		return s.tab.ent.at(e)
	}
	if dense {
		if s.tab.numKeys == 0 || n < s.tab.numMin {
			s.tab.numMin = n
		}
		s.tab.numKeys++
	}
	return s.tab.ent.at(s.tab.add(tail, h))
}

// grow makes nums hold index n when n is near enough its end, moving
// the table entries it newly covers; it reports whether nums holds n.
func (s *stem) grow(n int) bool {
	old := s.nums.n
	if n < old {
		return true
	}
	if n >= old+max(denseSlack, old/2) {
		return false
	}
	s.nums.extend(n+1, false)
	if s.tab.numKeys == 0 || s.tab.numMin >= s.nums.n {
		return true
	}
	for i := max(old, s.tab.numMin); i < s.nums.n && s.tab.numKeys > 0; i++ {
		e, _, ok := s.tab.find(strconv.Itoa(i))
		if !ok {
			continue
		}
		from, fk := s.tab.ent.at(e)
		to, tk := s.nums.at(i)
		to.kind[tk] = from.kind[fk]
		to.ints[tk] = from.ints[fk]
		if from.kind[fk] == kVal {
			to.set(tk, from.vals[fk])
		}
		from.mark(fk, kAbsent)
		s.tab.numKeys--
	}
	s.tab.numMin = s.nums.n // every numeric tail left in the table is beyond nums
	return true
}

// read returns what the slot holds: its value and whether it is set,
// counting the stem's default. tail names it, for a linked slot.
func (s *stem) read(c *chunk, k int, tail string) (Value, bool) {
	switch c.kind[k] {
	case kAbsent:
		return s.def, s.hasDef
	case kLink:
		v := s.links[tail]
		return v.val, v.set
	}
	return c.value(k)
}

// write sets the slot to val.
func (s *stem) write(c *chunk, k int, tail string, val Value) {
	if c.kind[k] == kLink {
		v := s.links[tail]
		v.val, v.set = val, true
		return
	}
	c.set(k, val)
}

// get returns a compound variable's value and whether it is set, counting
// the stem's default. tail is not kept.
func (s *stem) get(tail string) (Value, bool) {
	c, k := s.slot(tail)
	if c == nil {
		return s.def, s.hasDef
	}
	return s.read(c, k, tail)
}

// getHashed is get for a tail that is not all digits and whose hash is
// h (see tailHash).
func (s *stem) getHashed(tail string, h uint32) (Value, bool) {
	e, _, ok := s.tab.findHashed(tail, h)
	if !ok {
		return s.def, s.hasDef
	}
	c, k := s.tab.ent.at(e)
	return s.read(c, k, tail)
}

// setHashed is set for a tail that is not all digits (so never one of
// nums) and whose hash is h (see tailHash).
func (s *stem) setHashed(tail string, h uint32, val Value) {
	e, _, ok := s.tab.findHashed(tail, h)
	if !ok {
		e = s.tab.add(tail, h)
	}
	c, k := s.tab.ent.at(e)
	s.write(c, k, tail, val)
}

// getN is get for the tail spelled as n (n >= 0).
func (s *stem) getN(n int) (Value, bool) {
	if n < s.nums.n {
		c, k := s.nums.at(n)
		switch c.kind[k] {
		case kInt:
			return Int(c.ints[k]), true
		case kVal:
			return c.vals[k], true
		case kAbsent:
			return s.def, s.hasDef
		}
		return s.read(c, k, strconv.Itoa(n))
	}
	if s.tab.numKeys == 0 {
		return s.def, s.hasDef
	}
	return s.get(strconv.Itoa(n))
}

// set gives a compound variable a value.
func (s *stem) set(tail string, val Value) {
	c, k := s.place(tail)
	s.write(c, k, tail, val)
}

// setN is set for the tail spelled as n (n >= 0).
func (s *stem) setN(n int, val Value) {
	if n < s.nums.n || s.grow(n) {
		c, k := s.nums.at(n)
		if c.kind[k] == kLink {
			s.write(c, k, strconv.Itoa(n), val)
			return
		}
		c.set(k, val)
		return
	}
	s.set(strconv.Itoa(n), val)
}

// drop unsets one compound variable, even against the stem's default.
func (s *stem) drop(tail string) {
	c, k := s.slot(tail)
	switch {
	case c != nil && c.kind[k] == kLink:
		v := s.links[tail]
		v.val, v.set = Value{}, false
	case c != nil && c.kind[k] != kAbsent:
		c.mark(k, kUnset)
	case s.hasDef:
		c, k = s.place(tail)
		c.mark(k, kUnset)
	}
}

// link returns the variable of tail to share with a routine's pool by
// PROCEDURE EXPOSE, making the slot a link to it. An absent variable
// takes the stem's default, as Regina's does.
func (s *stem) link(tail string) *variable {
	c, k := s.place(tail)
	if c.kind[k] == kLink {
		return s.links[tail]
	}
	v := &variable{}
	v.val, v.set = s.read(c, k, tail)
	s.setLink(tail, v)
	return v
}

// setLink makes tail's slot a link to v.
func (s *stem) setLink(tail string, v *variable) {
	c, k := s.place(tail)
	c.mark(k, kLink)
	if s.links == nil {
		s.links = map[string]*variable{}
	}
	s.links[strings.Clone(tail)] = v
}

// each calls f for every tail the stem has a variable for, integer
// tails first, then the others in the order they were made.
func (s *stem) each(f func(tail string, val Value, set bool)) {
	for i := 0; i < s.nums.n; i++ {
		if c, k := s.nums.at(i); c.kind[k] != kAbsent {
			t := strconv.Itoa(i)
			v, set := s.read(c, k, t)
			f(t, v, set)
		}
	}
	for e := 0; e < s.tab.count; e++ {
		if c, k := s.tab.ent.at(e); c.kind[k] != kAbsent {
			t := string(s.tab.key(c, k))
			v, set := s.read(c, k, t)
			f(t, v, set)
		}
	}
}

// size returns how many tails the stem has a variable for.
func (s *stem) size() int {
	n := 0
	count := func(sl *slots, to int) {
		for i := 0; i < to; i++ {
			if c, k := sl.at(i); c.kind[k] != kAbsent {
				n++
			}
		}
	}
	count(&s.nums, s.nums.n)
	count(&s.tab.ent, s.tab.count)
	return n
}

// assign gives the stem a new default and forgets every compound value,
// as "a. = v" does. Tail variables shared with another scope by
// PROCEDURE EXPOSE stay linked and take the new value.
func (s *stem) assign(val Value) {
	links := s.links
	s.reset()
	s.def, s.hasDef = val, true
	for t, v := range links {
		v.val, v.set = val, true
		s.setLink(t, v)
	}
}

// reset drops the whole stem.
func (s *stem) reset() { *s = stem{} }
