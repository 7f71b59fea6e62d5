package interp

// libcRandom is the additive feedback generator of the C library's
// random() (the glibc TYPE_3 generator), which Regina's RANDOM draws
// from: with the same seed, RANDOM returns Regina's sequence.
type libcRandom struct {
	// r holds the last 34 states as a ring: state n-34+j at (k+j)%34,
	// where n is the next state to make.
	r [34]int32
	k int
}

// newLibcRandom seeds the generator as srandom(seed) does.
func newLibcRandom(seed uint32) *libcRandom {
	if seed == 0 {
		seed = 1
	}
	g := &libcRandom{}
	g.r[0] = int32(seed)
	for i := 1; i < 31; i++ {
		// 16807 * r[i-1] mod (2^31 - 1), by Schrage's method as glibc does.
		hi, lo := int64(g.r[i-1])/127773, int64(g.r[i-1])%127773
		w := 16807*lo - 2836*hi
		if w < 0 {
			w += 2147483647
		}
		g.r[i] = int32(w)
	}
	for i := 31; i < 34; i++ {
		g.r[i] = g.r[i-31]
	}
	// srandom throws the first 310 states after the seeds away.
	for i := 0; i < 310; i++ {
		g.step()
	}
	return g
}

// step makes the next state: state n-31 plus state n-3, modulo 2^32.
func (g *libcRandom) step() int32 {
	v := int32(uint32(g.r[(g.k+3)%34]) + uint32(g.r[(g.k+31)%34]))
	g.r[g.k] = v
	g.k = (g.k + 1) % 34
	return v
}

// next returns the next value of random(): 0 to 2^31-1.
func (g *libcRandom) next() int64 { return int64(uint32(g.step()) >> 1) }
