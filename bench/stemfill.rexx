/* bench/stemfill.rexx [size [fill]]: fill a stem with size integer tails (a.i = i, default 300,000), then read every entry back, summing at NUMERIC DIGITS 20 so the sum stays an integer and the cost is the stem's; with "fill" it only fills (see bench/compare.sh) */
parse arg size what
if size = '' then size = 300000
numeric digits 20
do i = 1 to size; a.i = i; end
if what = 'fill' then exit
t = 0
do i = 1 to size; t = t + a.i; end
say t
