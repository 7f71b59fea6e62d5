/* bench/recursion.rexx: see bench/compare.sh */
do k = 1 to 20
x = fib(18)
end
exit
fib: procedure; arg n; if n < 2 then return n; return fib(n-1) + fib(n-2)
