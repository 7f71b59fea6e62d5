package interp

import (
	"strconv"
	"testing"
)

// TestTableKeys fills one stem table with tails of the shapes its hash
// treats apart (a prefix and a number, runs of them overlapping in the
// index, numbers with leading zeros or too many digits, plain words,
// empty and long tails) and checks that every tail finds its own entry
// and that tails never added find none.
func TestTableKeys(t *testing.T) {
	var tails []string
	for i := range 3000 {
		n := strconv.Itoa(i)
		tails = append(tails, "KEY"+n, "A"+n, "B"+n, "0"+n, "W"+n+"X", "LONG"+n+"1234567890")
	}
	tails = append(tails, "", "X", "0", "7", "12345678901234", "KEY", "A.B.C", string(make([]byte, 3*bufSize)))
	var tab table
	for i, tail := range tails {
		if _, h, ok := tab.find(tail); ok {
			t.Fatalf("%q found before it was added", tail)
		} else if e := tab.add(tail, h); e != i {
			t.Fatalf("%q added as entry %d, want %d", tail, e, i)
		}
	}
	for i, tail := range tails {
		e, _, ok := tab.find(tail)
		if !ok || e != i {
			t.Fatalf("%q: entry %d, %v; want %d", tail, e, ok, i)
		}
		if c, k := tab.ent.at(e); string(tab.key(c, k)) != tail {
			t.Fatalf("entry %d holds %q, want %q", e, tab.key(c, k), tail)
		}
	}
	for _, tail := range []string{"KEY3000", "A-1", "C1", "000", "KEY01", "LONG1", "Y"} {
		if e, _, ok := tab.find(tail); ok {
			t.Errorf("%q never added, found as entry %d (%q)", tail, e, tails[e])
		}
	}
}

// TestTableProbes checks that runs of neighbouring keys ('A'i and 'B'i
// sit side by side in the index, as do the 300 keys i'.'j of each i)
// cost other keys that land inside them a probe or two, not a walk along
// the run: with a probe step too short to leave a run, 100,000 keys of
// each kind took 14 probes a key on average, and 300,000 took 160.
func TestTableProbes(t *testing.T) {
	const size = 100000
	keys := func(i int) []string {
		n := strconv.Itoa(i)
		return []string{"A" + n, "B" + n, strconv.FormatInt(int64(i)*7919, 16), strconv.Itoa(i/300) + "." + strconv.Itoa(i%300)}
	}
	var tab table
	for i := 1; i <= size; i++ {
		for _, k := range keys(i) {
			if _, h, ok := tab.find(k); !ok {
				tab.add(k, h)
			}
		}
	}
	probes := 0
	for i := 1; i <= size; i++ {
		for _, k := range keys(i) {
			h := tab.hash(k)
			mask, st := len(tab.idx)-1, step(h)
			for j := int(h) & mask; ; j = (j + st) & mask {
				probes++
				x := tab.idx[j]
				if x == 0 {
					t.Fatalf("%q not found", k)
				}
				if c, kk := tab.ent.at(int(uint32(x)) - 1); string(tab.key(c, kk)) == k {
					break
				}
			}
		}
	}
	avg := float64(probes) / (4 * size)
	t.Logf("%.2f probes a key on average", avg)
	if avg > 3 {
		t.Errorf("%.2f probes a key on average, want at most 3", avg)
	}
}

// TestTailHash checks that tailHash, which hashes a tail from its prefix
// and the number it ends in, agrees with table.hash, which scans the
// spelled tail, and that it declines the tails whose number the scan
// reads otherwise (a prefix ending in a digit, no prefix, a negative or
// ten-digit number).
func TestTailHash(t *testing.T) {
	var tab table
	for _, pre := range []string{"KEY", "A.", "1.", "X.Y.", " ", "-", "1E", "key-", "."} {
		ph := prefixHash(pre)
		for _, n := range []int64{0, 1, 9, 10, 123, 99999999, 999999999} {
			tail := pre + strconv.FormatInt(n, 10)
			h, ok := tailHash(pre, ph, n)
			if !ok {
				t.Errorf("tailHash(%q, %d) declined", pre, n)
			} else if want := tab.hash(tail); h != want {
				t.Errorf("tailHash(%q, %d) = %#x, table.hash(%q) = %#x", pre, n, h, tail, want)
			}
		}
	}
	for _, c := range []struct {
		pre string
		n   int64
	}{{"KEY1", 5}, {"", 5}, {"A.", -1}, {"A.", 1e9}, {"A.", 1 << 62}} {
		if _, ok := tailHash(c.pre, prefixHash(c.pre), c.n); ok {
			t.Errorf("tailHash(%q, %d) did not decline", c.pre, c.n)
		}
	}
}
