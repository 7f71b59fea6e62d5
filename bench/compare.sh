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
# one line, so its figure is the cost of starting each interpreter;
# bench/startup.sh measures start-up itself (wall time, memory).
#
# Without a path it builds ./rexxlxd first.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=cpu
if [ "${1:-}" = -i ]; then
	mode=instructions
	shift
fi
bin=${1:-}
if [ -z "$bin" ]; then
	CGO_ENABLED=0 go build -o rexxlxd ./cmd/rexxlxd # as make build
	bin=./rexxlxd
fi
command -v rexx >/dev/null || { echo "compare.sh: Regina (rexx) is not installed: apt-get install regina-rexx" >&2; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

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
	GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>"$tmp" >/dev/null
	awk '/Collected/ { printf "%.2fM\n", $4 / 1e6 }' "$tmp"
}

printf '%-12s %10s %10s %8s\n' program regina rexxlxd ratio
logsum=0
n=0
for f in bench/*.rexx; do
	r=$($mode rexx "$PWD/$f")
	x=$($mode "$bin" "$f")
	ratio=$(awk -v r="${r%M}" -v x="${x%M}" 'BEGIN { if (r > 0 && x > 0) printf "%.2f", x / r; else print "-" }')
	printf '%-12s %10s %10s %8s\n' "$(basename "$f" .rexx)" "$r" "$x" "$ratio"
	if [ "$ratio" != - ]; then
		logsum=$(awk -v s="$logsum" -v q="$ratio" 'BEGIN { printf "%.6f", s + log(q) }')
		n=$((n + 1))
	fi
done
if [ "$n" -gt 0 ]; then
	printf '%-12s %10s %10s %8s\n' geomean '' '' "$(awk -v s="$logsum" -v n="$n" 'BEGIN { printf "%.2f", exp(s / n) }')"
fi
