/* bench/digits100.rexx: see bench/compare.sh; arithmetic on 84-digit numbers at NUMERIC DIGITS 100 */
numeric digits 100
x = 123456789012345678901234567890123456789012345678901234567890123456789012345678901234
do i = 1 to 200000
  m = min(2*x, 3*x, 5*x)
end
say m
