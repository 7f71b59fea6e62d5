/* bench/decimal.rexx: see bench/compare.sh */
do k = 1 to 300
s = 0; do i = 1 to 10000; s = s + 0.5; end
end
