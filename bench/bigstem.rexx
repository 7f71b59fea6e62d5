/* bench/bigstem.rexx [size]: fill a stem of size entries (default 300,000) and sum it (see bench/compare.sh) */
parse arg size
if size = '' then size = 300000
do i = 1 to size; a.i = i; end
t = 0
do i = 1 to size; t = t + a.i; end
say t
