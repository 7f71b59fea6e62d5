/* bench/concat.rexx: see bench/compare.sh */
do k = 1 to 20
s = ''; do i = 1 to 10000; s = s || 'x' i; end
end
