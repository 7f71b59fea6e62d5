package interp

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unsafe"

	"github.com/rexxlxd/rexxlxd/num"
)

// Value is a REXX value. Every REXX value is a string; a Value may also
// carry the number it stands for, so that arithmetic neither formats its
// results nor parses its operands: counting loops and integer arithmetic
// never touch digits, and a decimal result is spelled only when a string
// is wanted. It is four machine words, as it is copied at every step of
// evaluation.
type Value struct {
	s string
	i int64
	// tag says how to read s and i: nil, s is the value; otherwise see
	// tagKind. A number's string (and a kindCat value's) may be left
	// unformatted (s == "") until String is called: no numeric string
	// is empty.
	tag *tag
}

// tag says what a Value holds besides (or instead of) its string.
type tag struct {
	kind tagKind
	// mode is how a number held but not yet spelled is to be spelled
	// (kindDec, kindBig).
	mode spelling
	// exp is the exponent of a kindDec number: the value is i × 10**exp.
	exp int32
	// hash is the prefixHash of a kindCat tag's prefix.
	hash uint32
	// buf holds the buffer s is a view of (kindBuf), or the prefix of a
	// kindCat value; a pointer, so that the tag of a number (kindBig)
	// stays small.
	buf *appendBuf
	// n is a kindBig number.
	n num.Number
}

type tagKind uint8

const (
	// kindInt: i is the value, a plain integer; s is "" or its spelling.
	kindInt tagKind = iota
	// kindBoth: s is the value and i the plain integer it spells.
	kindBoth
	// kindBuf: s is a view of the bytes of buf (see concat).
	kindBuf
	// kindDec: the number i × 10**exp, exactly as num.Parse reads s; s is
	// "" until spelled.
	kindDec
	// kindBig: the number n, exactly as num.Parse reads s; s is "" until
	// spelled.
	kindBig
	// kindCat: the string buf.b followed by i's digits, s is "": the
	// value of "k = 'KEY'i", kept unspelled so that a tail a.k is
	// found from the prefix and the number (see catTag).
	kindCat
	// kindRaw: the result n of an operation, kept as the operation made
	// it for the next one (see rawResult), and s, its spelling, which
	// num.Parse reads as another number: 1E3 + 0 holds 1E3 and says
	// "1000".
	kindRaw
)

// spelling is how a number is written when it is formatted lazily: as
// the NUMERIC settings at the time of the operation that made it said.
type spelling uint8

const (
	plainSpelling spelling = iota
	scientificSpelling
	engineeringSpelling
)

// appendBuf backs strings built by repeated concatenation. A Value whose
// string is the whole of b may append to it in place: the bytes of every
// string already handed out stay untouched, so "s = s || x" in a loop
// costs the length of x, not of s.
type appendBuf struct{ b []byte }

var (
	intTag  = &tag{kind: kindInt}
	bothTag = &tag{kind: kindBoth}
)

// decTags are the tags of kindDec numbers with small exponents, one per
// spelling and exponent, so that a decimal result allocates nothing.
// They are made once, at package initialisation (a few hundred stores):
// filling them on first use would race between interpreters. They are
// filled in place: a function returning the array would give init a 15 KB
// frame, and every start would grow the main goroutine's stack for it.
const decTagBias = 64

var decTags [3][2 * decTagBias]tag

func init() {
	for sp := range decTags {
		for i := range decTags[sp] {
			decTags[sp][i] = tag{kind: kindDec, mode: spelling(sp), exp: int32(i - decTagBias)}
		}
	}
}

// decTag returns the tag of a kindDec number with exponent exp spelled
// as sp.
func decTag(exp int32, sp spelling) *tag {
	if exp >= -decTagBias && exp < decTagBias {
		return &decTags[sp][exp+decTagBias]
	}
	return &tag{kind: kindDec, mode: sp, exp: exp}
}

// catTag returns the tag of the values a concatenation of the literal
// pre and an integer makes (kindCat), or nil when pre may not be the
// prefix of one: it is not empty, does not end in a digit (the tail's
// number would be longer than i) and has a character no number has, so
// that the value, whatever i is, is no number and arithmetic,
// comparison and truth may read it as a string. White space (tab, LF,
// VT, FF, CR as well as the blank) may surround a number and follow its
// sign, so '09'x || i is a number.
func catTag(pre string) *tag {
	if pre == "" || pre[len(pre)-1] >= '0' && pre[len(pre)-1] <= '9' || !strings.ContainsFunc(pre, notInNumber) {
		return nil
	}
	return &tag{kind: kindCat, hash: prefixHash(pre), buf: &appendBuf{[]byte(pre)}}
}

// notInNumber reports whether no number has the character r: num.Parse
// reads every other character as part of a number somewhere.
func notInNumber(r rune) bool { return !strings.ContainsRune(" \t\n\v\f\r+-.0123456789eE", r) }

// catPrefix returns the prefix of a kindCat value.
func (v Value) catPrefix() string {
	b := v.tag.buf.b
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// appendTo appends v's string to b without making a string of an
// integer or a kindCat value.
func (v Value) appendTo(b []byte) []byte {
	switch {
	case v.tag == intTag:
		return appendInt(b, v.i)
	case v.tag != nil && v.tag.kind == kindCat:
		return appendInt(append(b, v.catPrefix()...), v.i)
	}
	return append(b, v.String()...)
}

// Str makes a Value from a string.
func Str(s string) Value { return Value{s: s} }

// Int makes a Value from an integer.
func Int(i int64) Value { return Value{i: i, tag: intTag} }

// constant makes the Value of a literal: a number keeps its spelling
// ("007", "1.50") and carries its value, parsed once at compile time.
func constant(s string) Value {
	if i, ok := parseSmallInt(s); ok {
		return Value{s: s, i: i, tag: bothTag}
	}
	if s == "" {
		return Value{}
	}
	if n, ok := num.Parse(s); ok {
		v := fromNumber(n, plainSpelling)
		if v.tag != intTag { // an integer the fast path does not take: "1E3" is no plain integer
			v.s = s
			return v
		}
	}
	return Value{s: s}
}

// numValue makes the Value of a result of arithmetic under c: the number
// its string would be read back as, spelled only when the string is
// wanted.
func numValue(c *num.Context, r num.Number) Value {
	n, sp, ok := shownAs(c, r)
	if !ok {
		return Str(c.String(r))
	}
	if coef, exp, small := n.Small(); small && exp == 0 && sp == plainSpelling {
		return Int(coef)
	}
	return fromNumber(n, sp)
}

// rawResult makes the Value of r, the result of an operation under c,
// for what comes next. Regina keeps the number an operation makes, its
// digits and exponent as they are, for the next operation of the same
// expression and in a variable an arithmetic expression is assigned
// to, so 999999999 % 1E-3, which is 999999999E3 and says
// 999999999000, times 0.5 is 499999999500, not the 499999999500.0 of
// 999999999000 * 0.5. Most results read back as the number they are,
// and are held as numValue holds them; the others keep r, spelled at
// once, and are settled (see settled) wherever Regina goes through the
// string.
func rawResult(c *num.Context, r num.Number) Value {
	n, expo, same, ok := c.ShownSame(r)
	if !ok {
		return Str(c.String(r))
	}
	sp := spellingOf(c, expo)
	if same {
		if coef, exp, small := n.Small(); small && exp == 0 && sp == plainSpelling {
			return Int(coef)
		}
		return fromNumber(n, sp)
	}
	return Value{s: sp.spell(n), tag: &tag{kind: kindRaw, n: r}}
}

// settled returns v as Regina has it after going through its string:
// a value that holds the number an operation made (kindRaw) becomes the
// number its string reads back as. Anything else is already that.
func (v Value) settled() Value {
	if v.tag != nil && v.tag.kind == kindRaw {
		return constant(v.s)
	}
	return v
}

// shownAs returns the number c.String(r) spells, as num.Parse reads it
// back, and how it is spelled (see num.Shown).
func shownAs(c *num.Context, r num.Number) (num.Number, spelling, bool) {
	n, expo, _, ok := c.ShownSame(r)
	return n, spellingOf(c, expo), ok
}

// spellingOf is the spelling of a result under c, exponential or not.
func spellingOf(c *num.Context, expo bool) spelling {
	if !expo {
		return plainSpelling
	}
	if c.Form == num.Engineering {
		return engineeringSpelling
	}
	return scientificSpelling
}

// fromNumber makes a Value holding n, to be spelled as sp.
func fromNumber(n num.Number, sp spelling) Value {
	if coef, exp, small := n.Small(); small {
		return Value{i: coef, tag: decTag(exp, sp)}
	}
	return Value{tag: &tag{kind: kindBig, mode: sp, n: n}}
}

// number returns the number v stands for, or false when v is not a
// number.
func (v Value) number() (num.Number, bool) {
	if v.tag != nil {
		switch v.tag.kind {
		case kindInt, kindBoth:
			return num.FromInt(v.i), true
		case kindDec:
			return num.FromSmall(v.i, v.tag.exp), true
		case kindBig:
			return v.tag.n, true
		case kindCat:
			return num.Number{}, false // never a number (see catTag)
		case kindRaw:
			return v.tag.n, true
		}
	}
	return num.Parse(v.s)
}

// sameHeld decides whether two numbers held but not yet spelled have the
// same string without spelling them: a held number is exactly what its
// string reads back as, so equal strings mean the same number, and the
// same number spelled the same way is the same string. ok is false when
// that does not decide it (a value that is a string, or one number
// spelled two ways).
func sameHeld(a, b Value) (eq, ok bool) {
	if a.s != "" || b.s != "" || a.tag == nil || b.tag == nil {
		return false, false
	}
	ka, kb := a.tag.kind, b.tag.kind
	switch {
	case ka == kindInt && kb == kindInt:
		return a.i == b.i, true
	case (ka == kindDec || ka == kindBig) && (kb == kindDec || kb == kindBig):
		na, _ := a.number()
		nb, _ := b.number()
		if !num.Same(na, nb) {
			return false, true
		}
		if a.tag.mode == b.tag.mode {
			return true, true
		}
	case ka == kindInt || kb == kindInt:
		// An integer is spelled plainly; a kindDec number never is, and a
		// kindBig one is when it is the same integer.
		if ka != kindBuf && kb != kindBuf && ka != kindCat && kb != kindCat {
			na, _ := a.number()
			nb, _ := b.number()
			return num.Same(na, nb), true
		}
	}
	return false, false
}

// Bool makes the REXX truth value "1" or "0".
func Bool(b bool) Value {
	if b {
		return Value{i: 1, tag: intTag}
	}
	return Value{i: 0, tag: intTag}
}

// String returns the value's string form.
func (v Value) String() string {
	if v.tag == nil || v.s != "" {
		return v.s
	}
	switch v.tag.kind {
	case kindInt:
		return strconv.FormatInt(v.i, 10)
	case kindDec:
		return v.tag.mode.spell(num.FromSmall(v.i, v.tag.exp))
	case kindBig:
		return v.tag.mode.spell(v.tag.n)
	case kindCat:
		var d [20]byte
		return v.catPrefix() + intDigits(&d, v.i)
	}
	return v.s
}

// spell writes n as a result shown with this spelling (see num.Shown).
func (sp spelling) spell(n num.Number) string {
	switch sp {
	case scientificSpelling:
		return n.Text(0, num.Scientific)
	case engineeringSpelling:
		return n.Text(0, num.Engineering)
	}
	return n.Text(math.MaxInt, num.Scientific)
}

// buffer returns the append buffer s is a view of, or nil.
func (v Value) buffer() *appendBuf {
	if v.tag == nil || v.tag.kind != kindBuf {
		return nil
	}
	return v.tag.buf
}

// digitsOr returns v's string; an unformatted integer is written into
// d, and the string returned points there, so it must not outlive d.
func (v Value) digitsOr(d *[20]byte) string {
	if v.tag == intTag {
		return intDigits(d, v.i)
	}
	return v.String()
}

// intDigits writes i's decimal digits at the end of d and returns them,
// as a view of d. Loop counters and tails are small non-negative
// integers, which it spells at a fraction of strconv's cost.
func intDigits(d *[20]byte, i int64) string {
	if uint64(i) >= 1e9 { // negative, or ten digits and more
		b := strconv.AppendInt(d[:0], i, 10)
		return unsafe.String(&b[0], len(b))
	}
	k := putDigits(d[:], uint32(i))
	return unsafe.String(&d[k], len(d)-k)
}

// appendInt appends i's decimal digits to b, as strconv.AppendInt does.
func appendInt(b []byte, i int64) []byte {
	if uint64(i) >= 1e9 {
		return strconv.AppendInt(b, i, 10)
	}
	u := uint32(i)
	n := (bits.Len32(u) * 1233) >> 12 // the number of digits, or one less
	if int64(u) >= pow10[n] {
		n++
	}
	n = max(n, 1)
	l := len(b)
	if cap(b)-l < n {
		b = append(b, make([]byte, n)...)
	}
	b = b[:l+n]
	putDigits(b[l:], u)
	return b
}

// digitPairs spells 0..99 in two digits each.
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"4041424344454647484950515253545556575859606162636465666768697071727374757677787980818283848586878889" +
	"90919293949596979899"

// putDigits writes u's decimal digits at the end of d, two at a time,
// and returns where they start.
func putDigits(d []byte, u uint32) int {
	k := len(d)
	for u >= 100 {
		q := u / 100
		r := (u - q*100) * 2
		k -= 2
		d[k+1] = digitPairs[r+1]
		d[k] = digitPairs[r]
		u = q
	}
	if u >= 10 {
		k -= 2
		d[k+1] = digitPairs[u*2+1]
		d[k] = digitPairs[u*2]
		return k
	}
	k--
	d[k] = byte('0' + u)
	return k
}

// concat returns x, sep and y joined.
func concat(x Value, sep string, y Value) Value {
	// An integer's digits go straight into the result ('KEY'i builds
	// one string, not two): they are written to the stack, and every
	// path below copies them.
	var xd, yd [20]byte
	xs, ys := x.digitsOr(&xd), y.digitsOr(&yd)
	if buf := x.buffer(); buf != nil && len(xs) == len(buf.b) && len(xs) > 0 {
		b := append(buf.b, sep...)
		b = append(b, ys...)
		buf.b = b
		return Value{s: unsafe.String(&b[0], len(b)), tag: x.tag}
	}
	n := len(xs) + len(sep) + len(ys)
	if n < 256 {
		if n == 0 {
			return Value{}
		}
		// Copied by hand: the runtime's general concatenation of three
		// strings costs more than the copying.
		b := make([]byte, n)
		k := copy(b, xs)
		k += copy(b[k:], sep)
		copy(b[k:], ys)
		return Value{s: unsafe.String(&b[0], n)}
	}
	b := make([]byte, 0, 2*n)
	b = append(b, xs...)
	b = append(b, sep...)
	b = append(b, ys...)
	return Value{s: unsafe.String(&b[0], len(b)), tag: &tag{kind: kindBuf, buf: &appendBuf{b}}}
}

// maxFast bounds the integers the fast path works with: any two of them
// add without overflow, and NUMERIC DIGITS up to 18 is exact for them.
const maxFast = 1e18

// smallInt returns the integer a value stands for when it is written as
// a plain integer (optional blanks and sign, digits): such a value
// behaves in arithmetic exactly like the int64, so the caller may skip
// decimal arithmetic. "1.0" and "1E3" are not plain, since REXX keeps
// their form in results.
func (v Value) smallInt() (int64, bool) {
	if v.tag == intTag { // inlined: counters, sums and limits are these
		return v.i, true
	}
	return v.otherSmallInt()
}

// otherSmallInt is smallInt for a value that is not an unspelled
// integer.
func (v Value) otherSmallInt() (int64, bool) {
	if v.tag != nil {
		switch v.tag.kind {
		case kindInt, kindBoth:
			return v.i, true
		case kindDec, kindBig:
			return 0, false // never a plain integer (numValue makes those kindInt)
		case kindCat:
			return 0, false // never a number
		case kindRaw:
			return 0, false // held as the operation made it, which an int64 is not
		}
	}
	return parseSmallInt(v.s)
}

func parseSmallInt(s string) (int64, bool) {
	i, n := 0, len(s)
	for i < n && s[i] == ' ' {
		i++
	}
	for n > i && s[n-1] == ' ' {
		n--
	}
	neg := false
	if i < n && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
		for i < n && s[i] == ' ' {
			i++
		}
	}
	if i == n || n-i > 18 {
		return 0, false
	}
	var x int64
	for ; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int64(c-'0')
	}
	if neg {
		x = -x
	}
	return x, true
}

// truth converts a value to a Go bool, or reports that it is not "0"
// or "1" (error 34).
func (v Value) truth() (bool, bool) {
	if v.tag == intTag {
		return v.i == 1, v.i == 0 || v.i == 1
	}
	switch v.s {
	case "1":
		return true, true
	case "0":
		return false, true
	}
	return false, false
}

// logical reads v, the value of x, as a logical value. Regina is lenient
// with a literal or a variable (see numericTruth) but not with the result
// of an operation or a function.
func logical(x expr, v Value) (bool, bool) {
	if t, ok := v.truth(); ok {
		return t, true
	}
	switch x.(type) {
	case *lit, *simpleRef, *compoundRef, *stemRef:
		return v.numericTruth()
	}
	return false, false
}

// numericTruth is Regina's reading of a logical value that is not
// exactly "0" or "1": any zero is false, and a number whose coefficient
// is exactly 1 with exponent 0 (" 1 ", "01", "+1", "1.", "1E0", but not
// "1.0") is true.
func (v Value) numericTruth() (bool, bool) {
	n, ok := v.number()
	if !ok {
		return false, false
	}
	neg, digits, exp := n.Decompose()
	switch {
	case digits == "0":
		return false, true
	case !neg && digits == "1" && exp == 0:
		return true, true
	}
	return false, false
}

// notLogical is the error for a value that is not a logical one: e, the
// 34.n error of its context, except that a literal string that is not a
// number is error 41 with no secondary message, as Regina reports it
// (it converts literals ahead of time). x is the expression v came from.
func notLogical(v Value, x expr, e error) error {
	if _, literal := x.(*lit); literal && v.tag != intTag {
		if _, ok := v.number(); !ok {
			return rxErr(41, 0, "")
		}
	}
	return e
}
