#!/usr/bin/env bash
# compare.sh runs each bench/*.rexx program under Regina (the reference C
# interpreter, `rexx`) and under rexxlxd and prints the cost of each.
#
#   bench/compare.sh [path/to/rexxlxd]       user CPU seconds, best of 3
#   bench/compare.sh -i [path/to/rexxlxd]    instructions executed, counted by
#                                            valgrind (callgrind): repeatable on
#                                            a busy machine, and slow
#
# Each line ends with the ratio rexxlxd/Regina (below 1 means rexxlxd costs
# less); the last line is the geometric mean of the ratios. startup.rexx is
# one line, so its figure is the cost of starting each interpreter; it is
# left out of the mean, and bench/startup.sh measures start-up itself (wall
# time, memory).
#
# PROGRAMS="loop words" runs only those programs (names without .rexx);
# callgrind runs are single-threaded, so two -i runs over different
# programs can share a 2-core machine without changing the counts.
#
# Without a path it builds ./rexxlxd first.
set -euo pipefail
. "$(dirname "$0")/common.sh"

cpu() { # best user CPU seconds of 3 runs
	local b=999 t
	for _ in 1 2 3; do
		/usr/bin/time -o "$tmp" -f %U "$@" >/dev/null 2>&1
		t=$(tail -1 "$tmp")
		b=$(awk -v a="$b" -v c="$t" 'BEGIN { print (c < a) ? c : a }')
	done
	echo "$b"
}

instructions() { # millions of instructions executed
	echo "$(callgrind_millions "$@")M"
}

printf '%-12s %10s %10s %8s\n' program regina rexxlxd ratio
logsum=0
n=0
for f in bench/*.rexx; do
	name=$(basename "$f" .rexx)
	if [ -n "${PROGRAMS:-}" ] && [[ " $PROGRAMS " != *" $name "* ]]; then
		continue
	fi
	r=$($mode rexx "$PWD/$f")
	x=$($mode "$bin" "$f")
	ratio=$(awk -v r="${r%M}" -v x="${x%M}" 'BEGIN { if (r > 0 && x > 0) printf "%.2f", x / r; else print "-" }')
	printf '%-12s %10s %10s %8s\n' "$name" "$r" "$x" "$ratio"
	if [ "$ratio" != - ] && [ "$name" != startup ]; then
		logsum=$(awk -v s="$logsum" -v q="$ratio" 'BEGIN { printf "%.6f", s + log(q) }')
		n=$((n + 1))
	fi
done
if [ "$n" -gt 0 ]; then
	printf '%-12s %10s %10s %8s\n' geomean '' '' "$(awk -v s="$logsum" -v n="$n" 'BEGIN { printf "%.2f", exp(s / n) }')"
fi
