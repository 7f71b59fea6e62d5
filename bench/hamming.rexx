/* bench/hamming.rexx [n]: the n-th Hamming number (2**i * 3**j * 5**k; default n = 200,000) at NUMERIC DIGITS 100, */
/* kept in a stem: big-number products, MIN and strict comparisons in one loop (see bench/compare.sh) */
parse arg n
if n = '' then n = 200000
numeric digits 100
h.1 = 1; i2 = 1; i3 = 1; i5 = 1
do k = 2 to n
  a = 2 * h.i2; b = 3 * h.i3; c = 5 * h.i5
  h.k = min(a, b, c)
  if a == h.k then i2 = i2 + 1
  if b == h.k then i3 = i3 + 1
  if c == h.k then i5 = i5 + 1
end
say length(h.n) h.n
