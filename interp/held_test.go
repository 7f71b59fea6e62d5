package interp_test

import (
	"sync"
	"testing"
)

// TestHeldNumbersConcurrently runs decimal and big arithmetic in several
// interpreters at once: the numbers results hold share tables (see
// value.go), which must be safe to read from many goroutines (go test
// -race catches a table filled on first use).
func TestHeldNumbersConcurrently(t *testing.T) {
	const src = `s = 0; do 200; s = s + 0.5; end
numeric digits 40
b = 1; do 30; b = b * 3.5; end
say s b min(b, b * 2) (b == b * 1)`
	const want = "100.0 20991396429661901.74954314623028039932252 20991396429661901.74954314623028039932252 1\n" // Regina 3.6
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := run(t, src, nil)
			if err != nil || out != want {
				t.Errorf("got %q, %v; want %q", out, err, want)
			}
		}()
	}
	wg.Wait()
}
