/* regina_compare.rexx: Regina's normal comparison of every pair of
 * short strings made of blanks, other white space, control and
 * ordinary characters, for interp/compare_test.go. A line is the hex
 * of the left string ("-" for the empty one), a blank, and one
 * character per right string in the same order: "<", "=" or ">" as
 * the left one compares. Regenerate with
 *   rexx $PWD/interp/testdata/regina_compare.rexx > interp/testdata/regina_compare.txt */
alphabet = ' ' || '090d01'x || 'ab' || 'e9'x
n = 1
s.1 = ''
do i = 1 to length(alphabet)
  n = n + 1
  s.n = substr(alphabet, i, 1)
end
do i = 1 to length(alphabet)
  do j = 1 to length(alphabet)
    n = n + 1
    s.n = substr(alphabet, i, 1) || substr(alphabet, j, 1)
  end
end
do i = 1 to n
  row = ''
  do j = 1 to n
    select
      when s.i < s.j then row = row'<'
      when s.i = s.j then row = row'='
      otherwise row = row'>'
    end
  end
  h = c2x(s.i)
  if h = '' then h = '-'
  say h row
end
