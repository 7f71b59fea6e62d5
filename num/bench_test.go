package num

import "testing"

var sink Number

func BenchmarkAddSmallInt(b *testing.B) {
	c := DefaultContext()
	s, one := FromInt(0), FromInt(1)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s, _ = c.Add(s, one)
		if i&0xffffff == 0 {
			s = FromInt(0)
		}
	}
	sink = s
}

func BenchmarkMulSmallInt(b *testing.B) {
	c := DefaultContext()
	x, y := FromInt(1234), FromInt(5678)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink, _ = c.Mul(x, y)
	}
}

func BenchmarkDivGeneral(b *testing.B) {
	c := DefaultContext()
	x, y := FromInt(1), FromInt(3)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink, _ = c.Div(x, y)
	}
}

func BenchmarkAddGeneral(b *testing.B) {
	c := DefaultContext()
	x, _ := Parse("1234567.891")
	y, _ := Parse("0.000123456")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink, _ = c.Add(x, y)
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink, _ = Parse(" 12345.678 ")
	}
}

func BenchmarkParseInt(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink, _ = Parse("1000000")
	}
}

var strSink string

func BenchmarkString(b *testing.B) {
	c := DefaultContext()
	n, _ := Parse("12345.678")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		strSink = c.String(n)
	}
}

func BenchmarkStringInt(b *testing.B) {
	c := DefaultContext()
	n := FromInt(123456789)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		strSink = c.String(n)
	}
}

// BenchmarkAddBeyondDigits is the counting loop once the sum has outgrown
// DIGITS (s = s + i with s near 5E+11): Regina's rounding path, inline.
func BenchmarkAddBeyondDigits(b *testing.B) {
	c := DefaultContext()
	s, _ := Parse("5.00001001E+11")
	i := FromInt(999999)
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		sink, _ = c.Add(s, i)
	}
}
