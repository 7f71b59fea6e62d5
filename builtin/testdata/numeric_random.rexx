/* numeric_random.rexx: random calls of the numeric built-ins, answered by
 * Regina, for builtin/numeric_cases_test.go. The numbers come from a
 * fixed-seed generator written here (not RANDOM), so a rerun gives the
 * same calls. Regenerate with:
 *   (see below)
 * The line format is that of numeric_cases.rexx. Optional arguments FROM
 * and TO run only those cases: Regina 3.6 sometimes crashes after many
 * FORMAT calls in one run, so the file is built one case a run:
 *   for i in $(seq 1 1100); do
 *     rexx $PWD/builtin/testdata/numeric_random.rexx $i $i
 *   done > builtin/testdata/numeric_random.txt */
parse arg from to
if from = '' then from = 1
if to = '' then to = 1100
seed = 12345
numbers = '0 1 -1 5 9 10 0.5 -0.5 0.05 123 -123.456 99.995 0.000123 1E3 1.5E-7' ,
          '12345678901 1.2345678905 -9.9999999999 1E+12 7E-10 0.0 -0.000 4.5 2.50',
          '999999999 1000000000 65535 -129 255 256 3.0 1e0 314159.26535'
nn = words(numbers)
do k = 1 to 700
   x = pick()
   run = k >= from & k <= to
   select
      when k // 7 = 0 then call t 'FORMAT', dig(), frm(), x, opt(4), opt(4)
      when k // 7 = 1 then call t 'FORMAT', dig(), frm(), x, opt(3), opt(3), opt(2), opt(9)
      when k // 7 = 2 then call t 'TRUNC', dig(), 'S', x, opt(5)
      when k // 7 = 3 then call t 'D2X', dig(), 'S', x, opt(6)
      when k // 7 = 4 then call t 'X2D', dig(), 'S', hexof(), opt(5)
      when k // 7 = 5 then call t 'DATATYPE', dig(), 'S', x, substr('ABLMNSUWX', 1 + rnd(9), 1)
      otherwise call t word('ABS SIGN MAX MIN C2D D2C', 1 + rnd(6)), dig(), frm(), x, pick()
   end
end
/* Cases 701-1100: FORMAT and TRUNC of random digit strings. */
do k = 701 to 1100
   x = rndnum()
   run = k >= from & k <= to
   if k // 4 = 0 then call t 'TRUNC', dig(), 'S', x, opt(12)
   else call t 'FORMAT', dig(), frm(), x, opt(8), opt(12), opt(3), opt(12)
end
exit 0

/* rndnum returns a random number string: a sign, up to 15 digits with a
   point somewhere, and sometimes an exponent. */
rndnum: procedure expose seed
   len = 1 + rnd(15)
   s = ''
   do len
      s = s || rnd(10)
   end
   p = rnd(len + 1)
   if p > 0 & p < len then s = left(s, p)'.'substr(s, p + 1)
   if rnd(4) = 0 then s = s'E' || (rnd(41) - 20)
   if rnd(3) = 0 then s = '-'s
   return s

rnd: procedure expose seed
   numeric digits 20
   seed = (seed * 1103515245 + 12345) // 2147483648
   return (seed % 65536) // arg(1)
pick: procedure expose seed numbers nn
   return word(numbers, 1 + rnd(nn))
dig: procedure expose seed
   return word('9 9 9 3 5 12', 1 + rnd(6))
frm: procedure expose seed
   return word('S S E', 1 + rnd(3))
opt: procedure expose seed
   v = rnd(arg(1) + 2)
   if v >= arg(1) then return '-'
   return v
hexof: procedure expose seed
   return word('FF 0 1 80 7F FFFF 0FFF 81 ABCDEF 1 FFFFFFFFFF', 1 + rnd(11))

t: procedure expose run
   if \run then return
   numeric digits arg(2)
   if arg(3) = 'E' then numeric form engineering
   call_ = arg(1)'('
   line = arg(1) || '09'x || arg(2) || '09'x || arg(3) || '09'x || arg() - 3
   last = arg()
   do while last > 4 & arg(last) == '-'
      last = last - 1
   end
   line = arg(1) || '09'x || arg(2) || '09'x || arg(3) || '09'x || last - 3
   do i = 4 to last
      if i > 4 then call_ = call_','
      if arg(i) \== '-' then do
         a.i = arg(i)
         call_ = call_'a.'i
         line = line || '09'x || 'x' || c2x(a.i)
      end
      else line = line || '09'x || '-'
   end
   call_ = call_')'
   signal on syntax name failed
   interpret 'r = 'call_
   say line || '09'x || '=' || c2x(r)
   return
failed:
   d = condition('D')
   parse var d 'Error ' code ': ' text
   if code = '' then code = rc
   say line || '09'x || '!' || code || ' ' || text
   return
