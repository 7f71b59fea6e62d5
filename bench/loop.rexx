/* bench/loop.rexx: see bench/compare.sh */
do k = 1 to 20
s = 0; do i = 1 to 100000; s = s + i * 2; if s > 1000000 then s = s // 1000; end
end
