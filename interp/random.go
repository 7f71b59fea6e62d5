package interp

// libcRandom is the additive feedback generator of the C library's
// random() (the glibc TYPE_3 generator), which Regina's RANDOM draws
// from: with the same seed, RANDOM returns Regina's sequence.
type libcRandom struct {
	r    [34]int32 // the last 34 states, a ring
	k    int       // index of the next state to write
	seen int
}

// newLibcRandom seeds the generator as srandom(seed) does.
func newLibcRandom(seed uint32) *libcRandom {
	g := &libcRandom{}
	if seed == 0 {
		seed = 1
	}
	var s [344 + 34]int32
	s[0] = int32(seed)
	for i := 1; i < 31; i++ {
		// 16807 * s[i-1] mod (2^31 - 1), by Schrage's method as glibc does.
		hi, lo := int64(s[i-1])/127773, int64(s[i-1])%127773
		w := 16807*lo - 2836*hi
		if w < 0 {
			w += 2147483647
		}
		s[i] = int32(w)
	}
	for i := 31; i < 34; i++ {
		s[i] = s[i-31]
	}
	for i := 34; i < 344+34; i++ {
		s[i] = int32(uint32(s[i-31]) + uint32(s[i-3]))
	}
	// The first 310 outputs after the 34 seeds are thrown away; keep the
	// last 34 states computed so far.
	copy(g.r[:], s[344:344+34])
	g.k = 0
	// Rewind: the next output is state 344, which we already computed.
	g.seen = 34
	return g
}

// next returns the next value of random(): 0 to 2^31-1.
func (g *libcRandom) next() int64 {
	if g.seen > 0 {
		// Hand out the states precomputed at seeding first.
		v := g.r[34-g.seen]
		g.seen--
		if g.seen == 0 {
			g.k = 0
		}
		return int64(uint32(v) >> 1)
	}
	// r[k] holds the state 34 back; state n = state n-31 + state n-3.
	n31 := g.r[(g.k+3)%34]
	n3 := g.r[(g.k+31)%34]
	v := int32(uint32(n31) + uint32(n3))
	g.r[g.k] = v
	g.k = (g.k + 1) % 34
	return int64(uint32(v) >> 1)
}
