/* regina_chain.rexx: random expressions of several operations, and
 * assignments between them, answered by Regina, for
 * interp/regina_chain_test.go. Regina keeps the number an operation
 * makes (its digits and exponent) for the next operation of the same
 * expression and in a variable assigned an arithmetic expression, so
 * (999999999 % 1E-3) * 0.5 is 499999999500 where 999999999000 * 0.5
 * is 499999999500.0; these cases check that rexxlxd does the same.
 *
 * "rexx regina_chain.rexx show N" prints case N as DIGITS, FORM and
 * the program, tab separated; "rexx regina_chain.rexx run N" runs it
 * and prints what it says, or "!" and the error number. Each case runs
 * in its own Regina process (Regina can crash after many errors):
 *   n=$(rexx $PWD/interp/testdata/regina_chain.rexx count)
 *   for i in $(seq 1 $n); do
 *     printf '%s\t%s\n' "$(rexx $PWD/interp/testdata/regina_chain.rexx show $i)" \
 *       "$(timeout -s KILL 10 rexx $PWD/interp/testdata/regina_chain.rexx run $i)"
 *   done > interp/testdata/regina_chain.txt */
parse arg mode want
total = 600
if mode = 'count' then do
  say total
  exit 0
end
seed = 20261207
do n = 1 to want
  digits = word('9 9 9 9 15 15 5 3 20', rnd(9))
  form = word('S S S S E', rnd(5))
  select
    when rnd(6) = 1 then prog = 'x =' operation(2)'; say' probe('x' op() operand())
    when rnd(8) = 1 then prog = 'x =' operation(2)'; y = x; say' probe('y' op() operand())
    when rnd(8) = 1 then prog = 'a.1 =' operation(2)'; say' probe('a.1' op() operand())
    when rnd(10) = 1 then prog = 'a. =' operation(2)'; say' probe('a.7' op() operand())
    when rnd(10) = 1 then prog = 'x =' operation(2)'; x = x' op() operand()'; say' probe('x')
    otherwise prog = 'say' probe(operation(3))
  end
end
if mode = 'show' then do
  say digits || '09'x || form || '09'x || prog
  exit 0
end
numeric digits digits
if form = 'E' then numeric form engineering
signal on syntax name err
interpret prog
exit 0
err:
say '!'rc
exit 0

/* probe x: x, or x times a power of ten that shows every digit it has */
probe: procedure expose seed
  if rnd(3) = 1 then return '('arg(1)') * 1E-' || (30 + rnd(20))
  return arg(1)

/* expr depth: an operand or, when depth is above 0, an operation */
expr: procedure expose seed
  parse arg depth
  if depth = 0 | rnd(4) = 1 then return operand()
  return operation(depth)

operation: procedure expose seed
  parse arg depth
  if rnd(8) = 1 then return word('- +', rnd(2)) || '('expr(depth - 1)')'
  o = op()
  if o = '**' then return '('expr(depth - 1) '**' (rnd(4) - 1)')'
  return '('expr(depth - 1) o expr(depth - 1)')'

op: procedure expose seed
  return word('+ - * / % // * + ** *', rnd(10))

operand: procedure expose seed
  if rnd(3) = 1 then return rndnum()
  pool = '0 1 2 3 7 10 12.5 1000 1E3 3E2 1.5 0.2 0.0000001 1E-3 999999999',
    '2.50 1.000 100E-2 -4 0.1 12345678901 1.23456789E5 25 1E-12 8.0 1E+2',
    '0.00 -0.5 7E1 1234.5 5 40 600 1E9 0.030 9.99 11 6.0E2 1E12'
  return word(pool, rnd(words(pool)))

rnd: procedure expose seed
  numeric digits 20
  seed = seed * 16807 // 2147483647
  return seed // arg(1) + 1

rndnum: procedure expose seed
  len = rnd(12)
  s = ''
  do len
    s = s || (rnd(10) - 1)
  end
  p = rnd(len + 1) - 1
  if p > 0 & p < len then s = left(s, p)'.'substr(s, p + 1)
  if rnd(4) = 1 then s = s'E' || (rnd(21) - 11)
  if rnd(5) = 1 then s = '-'s
  return s
