/* bench/stemkeys.rexx [size [fill]]: fill a stem with size string tails (k = 'key'i; a.k = i, default 300,000), then read every entry back, summing at NUMERIC DIGITS 20; with "fill" it only fills (see bench/compare.sh) */
parse arg size what
if size = '' then size = 300000
numeric digits 20
do i = 1 to size; k = 'key'i; a.k = i; end
if what = 'fill' then exit
t = 0
do i = 1 to size; k = 'key'i; t = t + a.k; end
say t
