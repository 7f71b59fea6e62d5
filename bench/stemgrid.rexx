/* bench/stemgrid.rexx [rows [fill]]: fill a stem with tails of two parts (a.i.j = j for rows rows of 300, default 1,000), then read every entry back, summing at NUMERIC DIGITS 20; with "fill" it only fills (see bench/compare.sh) */
parse arg rows what
if rows = '' then rows = 1000
numeric digits 20
do i = 1 to rows; do j = 1 to 300; a.i.j = j; end; end
if what = 'fill' then exit
t = 0
do i = 1 to rows; do j = 1 to 300; t = t + a.i.j; end; end
say t
