package stream

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// benchFile writes a file of n inventory lines and returns its path.
func benchFile(b *testing.B, n int) string {
	var sb strings.Builder
	for i := range n {
		sb.WriteString("host-" + strconv.Itoa(i) + " running 10.0.3." + strconv.Itoa(i%250) + "\n")
	}
	p := filepath.Join(b.TempDir(), "inv.txt")
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkLinesLineIn is the classic read loop, DO WHILE LINES(f) > 0;
// LINEIN(f), over 10,000 lines; ns/op is per line.
func BenchmarkLinesLineIn(b *testing.B) {
	const n = 10000
	f := benchFile(b, n)
	tab := NewTable(nil, nil, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%n == 0 {
			tab.Stream(f, 'C', "CLOSE")
		}
		if c, _ := tab.Lines(f, 'N'); c != 1 {
			b.Fatal("LINES = 0")
		}
		tab.LineIn(f, 0, 1)
	}
}

// BenchmarkLineOut writes report lines; ns/op is per line.
func BenchmarkLineOut(b *testing.B) {
	f := filepath.Join(b.TempDir(), "report.txt")
	tab := NewTable(nil, nil, nil)
	line := "host-1234 running 10.0.3.17"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tab.LineOut(f, line, true, 0)
	}
	if err := tab.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCharIn reads a file 16 bytes at a time; ns/op is per call.
func BenchmarkCharIn(b *testing.B) {
	f := benchFile(b, 10000)
	tab := NewTable(nil, nil, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, r, _ := tab.CharIn(f, 0, 16); r.NotReady {
			tab.Stream(f, 'C', "CLOSE")
		}
	}
}

// BenchmarkLinesCount is LINES(f,'C') from the start of a 10,000-line file.
func BenchmarkLinesCount(b *testing.B) {
	f := benchFile(b, 10000)
	tab := NewTable(nil, nil, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if c, _ := tab.Lines(f, 'C'); c != 10000 {
			b.Fatal(c)
		}
	}
}
