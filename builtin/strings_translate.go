package builtin

import (
	"unsafe"

	"github.com/rexxlxd/rexxlxd/num"
)

// This file holds the byte-mapping functions TRANSLATE and XRANGE.

func init() {
	register("TRANSLATE", 1, 4, translate)
	register("XRANGE", 0, 2, xrange)
}

// translate is TRANSLATE(string [,tableo] [,tablei] [,pad]). With neither
// table it upper-cases string. Otherwise each byte found in tablei (default:
// all 256 bytes in order) becomes the byte at the same place in tableo, or
// pad when tableo is shorter; the first occurrence in tablei wins.
func translate(_ *num.Context, args []Arg) (string, error) {
	pad, err := optChar("TRANSLATE", args, 3, ' ')
	if err != nil {
		return "", err
	}
	s := args[0].Value
	if !args[1].Present && !args[2].Present {
		return mapBytes(s, &upperTable), nil
	}
	var table [256]byte
	for i := range table {
		table[i] = byte(i)
	}
	out := optString(args, 1, "")
	if args[2].Present {
		in := args[2].Value
		for i := len(in) - 1; i >= 0; i-- {
			table[in[i]] = pad
			if i < len(out) {
				table[in[i]] = out[i]
			}
		}
	} else {
		for i := range table {
			table[i] = pad
			if i < len(out) {
				table[i] = out[i]
			}
		}
	}
	return mapBytes(s, &table), nil
}

// upperTable maps each byte to its upper case.
var upperTable = func() (t [256]byte) {
	for i := range t {
		t[i] = upperByte(byte(i))
	}
	return t
}()

// mapBytes returns s with each byte replaced by its entry in table.
func mapBytes(s string, table *[256]byte) string {
	if len(s) == 0 {
		return ""
	}
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		b[i] = table[s[i]]
	}
	return unsafe.String(&b[0], len(b)) // b is not used again
}

// xrange is XRANGE([start] [,end]): the bytes from start (default '00'x)
// to end (default 'FF'x), wrapping past 'FF'x when end is below start.
func xrange(_ *num.Context, args []Arg) (string, error) {
	start, err := optChar("XRANGE", args, 0, 0x00)
	if err != nil {
		return "", err
	}
	end, err := optChar("XRANGE", args, 1, 0xff)
	if err != nil {
		return "", err
	}
	var b []byte
	for c := start; ; c++ {
		b = append(b, c)
		if c == end {
			return string(b), nil
		}
	}
}
