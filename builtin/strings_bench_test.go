package builtin

import (
	"strconv"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/num"
)

// benchLine is the kind of string REXX scripts take apart: one line of a
// container listing, about 120 bytes of blank-separated words.
const benchLine = "web-frontend-07  RUNNING  10.42.17.203 (eth0)  fd42:5c1a:9e2b:4f1e:216:3eff:fe8a:1c2d (eth0)  CONTAINER  0  node-3"

// benchText is a longer text: 200 such lines joined by blanks.
var benchText = strings.Repeat(benchLine+" ", 200)

func benchCall(b *testing.B, fn string, args ...Arg) {
	spec := Funcs[fn]
	padded := make([]Arg, spec.Max)
	copy(padded, args)
	c := num.DefaultContext()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := spec.Fn(&c, padded); err != nil {
			b.Fatal(err)
		}
	}
}

func arg(s string) Arg { return Arg{Value: s, Present: true} }

func BenchmarkSubstr(b *testing.B) {
	benchCall(b, "SUBSTR", arg(benchLine), arg("18"), arg("7"))
}

func BenchmarkSubstrPadded(b *testing.B) {
	benchCall(b, "SUBSTR", arg(benchLine), arg("100"), arg("40"), arg("."))
}

func BenchmarkPos(b *testing.B) {
	benchCall(b, "POS", arg("node-3"), arg(benchLine))
}

func BenchmarkPosLongText(b *testing.B) {
	benchCall(b, "POS", arg("STOPPED"), arg(benchText))
}

func BenchmarkWord(b *testing.B) {
	benchCall(b, "WORD", arg(benchLine), arg("3"))
}

func BenchmarkWordLongText(b *testing.B) {
	n := strconv.Itoa(len(strings.Fields(benchText)))
	benchCall(b, "WORD", arg(benchText), arg(n))
}

func BenchmarkTranslateUpper(b *testing.B) {
	benchCall(b, "TRANSLATE", arg(benchLine))
}

func BenchmarkTranslateTables(b *testing.B) {
	benchCall(b, "TRANSLATE", arg(benchLine), arg("__"), arg(":."))
}
