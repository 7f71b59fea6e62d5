#!/usr/bin/env bash
# stems.sh measures big stems at several sizes under Regina (`rexx`) and
# rexxlxd, filling only and filling then reading back, so that the cost
# per entry at each size shows whether time grows linearly:
#
#   bench/stems.sh [path/to/rexxlxd]      user CPU seconds (best of 3), max RSS
#                                         and bytes per entry of each
#   bench/stems.sh -i [path/to/rexxlxd]   instructions executed (callgrind), as
#                                         compare.sh -i; slow, so 1,000,000 is
#                                         left out unless SIZES says otherwise
#
# SIZES overrides the entry counts (default 100000 300000 1000000). The
# programs are stemfill.rexx (a.i = i), stemkeys.rexx (k = 'KEY'i; a.k = i)
# and stemgrid.rexx (a.i.j = j, 300 j a row); bigstem.rexx sums at NUMERIC
# DIGITS 9, so its figure is mostly decimal arithmetic, not the stem.
#
# Without a path it builds ./rexxlxd first.
set -euo pipefail
. "$(dirname "$0")/common.sh"
if [ "$mode" = instructions ]; then
	sizes=${SIZES:-100000 300000}
else
	sizes=${SIZES:-100000 300000 1000000}
fi

cpu() { # best user CPU seconds of 3 runs, and the max RSS (KiB) of that run
	local b=999 rss=0 t
	for _ in 1 2 3; do
		/usr/bin/time -o "$tmp" -f '%U %M' "$@" >/dev/null 2>&1
		t=$(tail -1 "$tmp")
		if awk -v a="${t% *}" -v c="$b" 'BEGIN { exit !(a < c) }'; then
			b=${t% *}
			rss=${t#* }
		fi
	done
	echo "$b $rss"
}

instructions() { # millions of instructions executed
	callgrind_millions "$@"
}

if [ "$mode" = cpu ]; then
	# bytes per entry count the max RSS above that of a one-line program
	read -r _ rbase <<<"$(cpu rexx "$PWD/bench/startup.rexx")"
	read -r _ xbase <<<"$(cpu "$bin" bench/startup.rexx)"
	printf '%-9s %8s %-4s %8s %8s %9s %9s %6s %7s %7s\n' program entries what regina-s rexxlxd-s regina-ns rexxlxd-ns ratio regina-B rexxlxd-B
else
	printf '%-9s %8s %-4s %9s %9s %6s\n' program entries what regina-M rexxlxd-M ratio
fi
for p in stemfill stemkeys stemgrid; do
	for n in $sizes; do
		for what in fill all; do
			arg=$n
			[ "$p" = stemgrid ] && arg=$((n / 300))
			[ "$what" = fill ] && arg="$arg fill"
			if [ "$mode" = cpu ]; then
				read -r rs rm <<<"$(cpu rexx "$PWD/bench/$p.rexx" $arg)"
				read -r xs xm <<<"$(cpu "$bin" "bench/$p.rexx" $arg)"
				awk -v p="$p" -v n="$n" -v w="$what" -v rs="$rs" -v xs="$xs" -v rm="$((rm - rbase))" -v xm="$((xm - xbase))" 'BEGIN {
					printf "%-9s %8d %-4s %8.2f %8.2f %9.0f %9.0f %6s %7.0f %7.0f\n", p, n, w, rs, xs, rs * 1e9 / n, xs * 1e9 / n,
						(rs > 0 ? sprintf("%.2f", xs / rs) : "-"), rm * 1024 / n, xm * 1024 / n }'
			else
				r=$(instructions rexx "$PWD/bench/$p.rexx" $arg)
				x=$(instructions "$bin" "bench/$p.rexx" $arg)
				awk -v p="$p" -v n="$n" -v w="$what" -v r="$r" -v x="$x" 'BEGIN {
					printf "%-9s %8d %-4s %9.1f %9.1f %6.2f\n", p, n, w, r, x, x / r }'
			fi
		done
	done
done
