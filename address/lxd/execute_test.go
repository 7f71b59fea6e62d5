package lxd

import (
	"bytes"
	"strings"
	"testing"
)

// TestCapture: the first max bytes are kept across chunks of any size,
// the rest only counted, and the buffer never grows past the cap.
func TestCapture(t *testing.T) {
	for _, max := range []int{0, 1, 5, 4096, 10000} {
		for _, chunk := range []int{1, 3, 4096, 20000} {
			c := newCapture(max)
			var all bytes.Buffer
			for i := 0; i < 30000; i += chunk {
				p := []byte(strings.Repeat(string(rune('a'+i%26)), chunk))
				all.Write(p)
				if n, err := c.Write(p); n != len(p) || err != nil {
					t.Fatalf("Write: %d, %v", n, err)
				}
			}
			want := all.Bytes()[:min(max, all.Len())]
			if c.String() != string(want) || c.total != int64(all.Len()) || c.cut() != (all.Len() > max) || cap(c.buf) > max {
				t.Errorf("max %d chunk %d: kept %d bytes (cap %d), total %d, cut %v", max, chunk, len(c.String()), cap(c.buf), c.total, c.cut())
			}
		}
	}
}

func TestParseByteSize(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "17": 17, "1KiB": 1024, "2kb": 2000, "1MiB": 1 << 20, "1GiB": 1 << 30, "1000MB": 1e9} {
		if got, err := parseByteSize("maxoutput", in); err != nil || got != want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1.5MB", "1XB", "2GiB", "MB", "99999999999999999999"} {
		if got, err := parseByteSize("maxoutput", in); err == nil {
			t.Errorf("parseByteSize(%q) = %d, want an error", in, got)
		}
	}
}

func TestValidEnvName(t *testing.T) {
	for _, s := range []string{"A", "_", "a1", "LC_ALL", "Path"} {
		if !validEnvName(s) {
			t.Errorf("validEnvName(%q) = false", s)
		}
	}
	for _, s := range []string{"", "1A", "A-B", "A.B", "A B", "Ä"} {
		if validEnvName(s) {
			t.Errorf("validEnvName(%q) = true", s)
		}
	}
}
