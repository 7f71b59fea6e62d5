package interp_test

import "testing"

// wordsSource splits generated lines by PARSE VAR and walks them with
// WORDS, WORD, WORDLENGTH, WORDINDEX and SUBWORD, as bench/words.rexx
// does: 1,000 lines per op.
const wordsSource = `n = 0; l = 0
do i = 1 to 1000
  line = 'alpha' i 'beta gamma' i*7 'delta epsilon zeta eta theta iota kappa' i//13 'lambda mu'
  do while line \= ''
    parse var line first line
    n = n + 1
  end
  line = 'alpha' i 'beta gamma' i*7 'delta epsilon zeta eta theta iota kappa' i//13 'lambda mu'
  do k = 1 to words(line)
    l = l + wordlength(line, k) + length(word(line, k))
  end
  l = l + wordindex(line, 10) + words(subword(line, 3, 5))
end`

// BenchmarkWords: word processing, 1,000 generated lines per op.
func BenchmarkWords(b *testing.B) { benchProgram(b, wordsSource) }

// BenchmarkBigStem: fill and sum a stem of 100,000 entries per op, each
// op with a fresh stem, so the cost of growing the pool shows.
func BenchmarkBigStem(b *testing.B) {
	benchProgram(b, "drop a.; do i = 1 to 100000; a.i = i; end; t = 0; do i = 1 to 100000; t = t + a.i; end")
}
