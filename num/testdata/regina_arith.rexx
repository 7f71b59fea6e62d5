/* regina_arith.rexx: Regina's answers to REXX arithmetic, for
 * num/regina_arith_test.go. Each case runs in its own Regina process
 * (Regina loops forever on 0**-1 and can crash after many errors), so
 * regenerate with:
 *   n=$(rexx $PWD/num/testdata/regina_arith.rexx count)
 *   for i in $(seq 1 $n); do
 *     timeout -s KILL 30 rexx $PWD/num/testdata/regina_arith.rexx $i || echo "HUNG $i" >&2
 *   done > num/testdata/regina_arith.txt
 * A line is DIGITS FUZZ FORM OP A B RESULT, tab separated; OP is one of
 * + - * / % // ** neg plus cmp (cmp prints A>B minus A<B); RESULT is "="
 * and the value, or "!" and the error number with its secondary text. */
parse arg want
n = 0
ops = '+ - * / % // **'
pairs = '1 1|2 3|7 -2|-7 2|0 0|0 5|5 0|1.5 2.25|12.30 0.70|1.000 1|100 0.001|',
  '999999999 1|999999999 2|123456789 987654321|0.1 0.2|1E3 1E-3|1.23E+5 4|',
  '-0.0 0|10 3|-10 3|10 -3|2.5 0.5|1 3|2 3|3.14159 2|1E9 1E9|5.5 -1|',
  '0.000001 1|1E-7 1|1234.5678 0.0001|1234567895 1234567894|',
  '12345678951 12345678949|1.0000000049 1|1.999999999999 1|10.00 3|',
  '5.5 2|1e10 3|1e10 1|123456789.5 0|1 1E-20|1E20 1|9.999999999 10.00000000|',
  '0.6666666666 0.666666666|1.000000005 2|-1.000000005 1|7.5 -2|1 0.3'
do while pairs <> ''
  parse var pairs a b '|' pairs
  do j = 1 to words(ops)
    if word(ops, j) = '**' & (pos('.', b) > 0 | b < 0 & a = 0) then iterate
    call c 9, 0, 'S', word(ops, j), a, b
  end
  call c 9, 0, 'S', 'cmp', a, b
end
vals = '0 -0 1 -1 1.5 -1.50 0.000 12345678901 1.2345678905 1.23456789049',
  '999999999.5 -999999999.5 9.999999995 0.0000001 0.000001 1E+9 1E-9',
  '123456789E5 0.00000012345 7.0 1E999999999 1E-999999999'
do i = 1 to words(vals)
  call c 9, 0, 'S', 'neg', word(vals, i)
  call c 9, 0, 'S', 'plus', word(vals, i)
  call c 3, 0, 'S', 'plus', word(vals, i)
  call c 20, 0, 'E', 'plus', word(vals, i)
end
pw = '2 10|2 30|2 32|2 64|2 100|2 -1|2 -2|2 -10|10 9|10 10|10 -9|1.0 2|1.1 2|',
  '1.10 3|0.1 3|-2 3|-2 4|-1 999999999|0 0|0 1|3 -3|1.5 -2|7 1.0|2 1E1|',
  '1.0000001 1000000|10 999999999|10 -999999999|0.5 40|1.1 10|2 0.5|2 x'
do while pw <> ''
  parse var pw a b '|' pw
  call c 9, 0, 'S', '**', a, b
  call c 3, 0, 'S', '**', a, b
  call c 20, 0, 'S', '**', a, b
end
ds = '1 2 3 5 12 20 50'
pairs = '2 3|1 3|123456789 987654321|1.23456789 9.87654321|',
  '12345678901234567890 98765432109876543210|1E-5 3|99999 1|0.5 3|2 0.3|',
  '-1 7|100 7|1E25 1E-25'
do while pairs <> ''
  parse var pairs a b '|' pairs
  do k = 1 to words(ds)
    do j = 1 to words(ops) - 1
      call c word(ds, k), 0, 'S', word(ops, j), a, b
    end
  end
end
ns = '1E8 1E9 1E10 123456789 1234567890 0.000001 0.0000001 0.00000123 1.5E-7',
  '12E-8 1E100 12E100 123E100 1234E100 1E-100 12E-100 123E-100 -1E-101',
  '9.99999999E999999999 1E-999999999 12345.6789E3 1234567890123 1.0E2 100E-2'
do i = 1 to words(ns)
  call c 9, 0, 'E', 'plus', word(ns, i)
  call c 3, 0, 'E', 'plus', word(ns, i)
  call c 50, 0, 'E', '*', word(ns, i), 1
  call c 5, 0, 'S', '/', word(ns, i), 3
  call c 9, 0, 'E', '/', word(ns, i), 7
end
call c 9, 0, 'S', '*', '1E999999999', '10'
call c 9, 0, 'S', '*', '1E500000000', '1E500000000'
call c 9, 0, 'S', '*', '1E-500000000', '1E-500000000'
call c 9, 0, 'S', '/', '1E-999999999', '10'
call c 9, 0, 'S', '/', '1', '1E999999999'
call c 9, 0, 'S', '+', '9.99999999E999999999', '1E999999991'
call c 9, 0, 'S', '**', '10', '500000000'
call c 9, 0, 'S', '**', '10', '-500000000'
cs = '1 1|1 1.0|1 2|1.0000000001 1|1.000000001 1|1.00000001 1|',
  '123456789 123456788|123456789 123456780|0.1234567891 0.1234567892|',
  '-1 -2|0 -0|1E9 999999999|1E9 999999999.5|100 1E2|1.5 1.49|12345 12346|',
  '1.000000004 1.000000006|1.000000004 1.000000003|1.000000005 1.000000004'
do while cs <> ''
  parse var cs a b '|' cs
  do f = 0 to 8 by 2
    call c 9, f, 'S', 'cmp', a, b
  end
  call c 5, 1, 'S', 'cmp', a, b
  call c 3, 2, 'S', 'cmp', a, b
end
seed = 20261128
allops = '+ - * / % // ** neg plus cmp'
dig = '9 9 9 3 5 20 50 1 12'
do r = 1 to 500
  d = word(dig, rnd(words(dig)))
  form = word('S S E', rnd(3))
  op = word(allops, rnd(words(allops)))
  a = rndnum()
  if op = '**' then b = rnd(25) - 8
  else b = rndnum()
  f = 0
  if op = 'cmp' then f = rnd(d) - 1
  if op = '**' & b < 0 & a = 0 then iterate
  call c d, f, form, op, a, b
end
/* % and // on operands whose exponents and lengths differ widely: the
 * integer quotient must be judged by where the first digits are, not by
 * the exponents alone (0.1 % 0.0000123456789 is 8100). */
qs = '0.1 0.0000123456789|0 1E-20|0 1E+20|-0 1E-20|0.0 7E-30|1E-20 1E-20|',
  '12345678 0.0000000123|1 0.000000001|1 0.0000000001|99999999.9 0.1|',
  '1E9 0.1|1E8 0.1|1234567890 12.3|5E-10 1E-20|5E-10 3E-19|1E-30 1E-25|',
  '1E20 1E11|1E20 1E12|123E+15 4.56E7|0.000987654321 0.00000000123'
do while qs <> ''
  parse var qs a b '|' qs
  call c 9, 0, 'S', '%', a, b
  call c 9, 0, 'S', '//', a, b
  call c 5, 0, 'S', '%', a, b
  call c 5, 0, 'S', '//', a, b
end
seed = 20261129
do r = 1 to 600
  d = word(dig, rnd(words(dig)))
  op = word('% //', rnd(2))
  a = rndnum()
  b = rndnum()
  if rnd(2) = 1 then b = rndsmall()
  call c d, 0, 'S', op, a, b
end
if want = 'count' then say n
exit 0

rnd: procedure expose seed
  numeric digits 20
  seed = seed * 16807 // 2147483647
  return seed // arg(1) + 1

rndnum: procedure expose seed
  len = rnd(25)
  if rnd(3) = 1 then len = rnd(4)
  s = ''
  do len
    s = s || (rnd(10) - 1)
  end
  p = rnd(len + 1) - 1
  if p > 0 & p < len then s = left(s, p)'.'substr(s, p + 1)
  if rnd(4) = 1 then s = s'E' || (rnd(61) - 31)
  if rnd(3) = 1 then s = '-'s
  return s

rndsmall: procedure expose seed
  s = ''
  do rnd(12)
    s = s || (rnd(10) - 1)
  end
  return '0.' || copies('0', rnd(12) - 1) || s

/* c DIGITS, FUZZ, FORM, OP, A [, B]: case number n; run it if wanted. */
c: procedure expose n want
  n = n + 1
  if want \= n then return
  parse arg digits, fuzz, form, op, a, b
  row = digits || '09'x || fuzz || '09'x || form || '09'x || op || '09'x || a || '09'x || b
  numeric digits digits
  numeric fuzz fuzz
  if form = 'E' then numeric form engineering
  signal on syntax name cerr
  select
    when op = 'neg' then r = -a
    when op = 'plus' then r = +a
    when op = 'cmp' then r = (a > b) - (a < b)
    otherwise interpret 'r = a' op 'b'
  end
  say row || '09'x || '=' || r
  return
cerr:
  d = condition('D')
  parse var d 'Error ' code ': ' text
  if code = '' then code = rc
  say row || '09'x || '!' || code || ' ' || text
  return
