#!/usr/bin/env bash
# compare.sh runs each bench/*.rexx program under Regina (the reference C
# interpreter, `rexx`) and under rexxlxd and prints the cost of each.
#
#   bench/compare.sh [path/to/rexxlxd]       user CPU seconds, best of 3
#   bench/compare.sh -i [path/to/rexxlxd]    instructions executed, counted by
#                                            valgrind (callgrind): repeatable on
#                                            a busy machine, and slow
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
	go build -o rexxlxd ./cmd/rexxlxd
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
	awk '/Collected/ { printf "%.0fM\n", $4 / 1e6 }' "$tmp"
}

printf '%-12s %10s %10s\n' program regina rexxlxd
for f in bench/*.rexx; do
	printf '%-12s %10s %10s\n' "$(basename "$f" .rexx)" "$($mode rexx "$PWD/$f")" "$($mode "$bin" "$f")"
done
