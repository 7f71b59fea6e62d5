/* bench/words.rexx [lines]: word processing over generated lines (default 40,000; see bench/compare.sh) */
parse arg lines
if lines = '' then lines = 40000
w = 0; n = 0; l = 0
do i = 1 to lines
  line = 'alpha' i 'beta gamma' i*7 'delta epsilon zeta eta theta iota kappa' i//13 'lambda mu'
  do while line \= ''
    parse var line first line
    n = n + 1
  end
  line = 'alpha' i 'beta gamma' i*7 'delta epsilon zeta eta theta iota kappa' i//13 'lambda mu'
  do k = 1 to words(line)
    l = l + wordlength(line, k) + length(word(line, k))
  end
  w = w + wordindex(line, 10) + words(subword(line, 3, 5))
end
say n w l
