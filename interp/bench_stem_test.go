package interp_test

import (
	"strconv"
	"testing"
)

// stemSizes are the entry counts issue 13 asks big stems to scale
// linearly over.
var stemSizes = []int{1e5, 3e5, 1e6}

// BenchmarkStemFill: bench/stemfill.rexx, a stem filled with integer
// tails (a.i = i) and read back, at each size; fill-only runs too, so
// the two costs show apart. ns/entry is the figure to compare across
// sizes: it stays flat when the cost grows linearly.
func BenchmarkStemFill(b *testing.B) { benchStem(b, "stemfill.rexx", 1) }

// BenchmarkStemKeys: bench/stemkeys.rexx, as BenchmarkStemFill with
// string tails (k = 'key'i; a.k = i).
func BenchmarkStemKeys(b *testing.B) { benchStem(b, "stemkeys.rexx", 1) }

// BenchmarkStemGrid: bench/stemgrid.rexx, as BenchmarkStemFill with
// tails of two parts (a.i.j = j, 300 j for each i).
func BenchmarkStemGrid(b *testing.B) { benchStem(b, "stemgrid.rexx", 300) }

// benchStem runs the bench program name at each of stemSizes entries,
// which it asks for in units of per entries.
func benchStem(b *testing.B, name string, per int) {
	for _, mode := range []string{"fill", "all"} {
		for _, n := range stemSizes {
			b.Run(mode+"/"+strconv.Itoa(n), func(b *testing.B) {
				args := strconv.Itoa(n / per)
				if mode == "fill" {
					args += " fill"
				}
				benchFile(b, name, args)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/entry")
			})
		}
	}
}
