/* bench/compound.rexx: see bench/compare.sh */
do k = 1 to 20
do i = 1 to 10000; a.i = i; end; t = 0; do i = 1 to 10000; t = t + a.i; end
end
