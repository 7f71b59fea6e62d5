#!/usr/bin/env bash
# startup.sh measures what starting the interpreter costs: N starts of a
# one-line program (say 1) under Regina (`rexx`), under rexxlxd (from a
# file and with -e) and, as the floor any Go program pays, a Go program
# that only writes "1", as it is and linking what a Go client of LXD's
# HTTPS API must (with and without net/http).
#
#   bench/startup.sh [-n N] [path/to/rexxlxd]
#
# For each it prints the wall time per start (N starts in a loop, in five
# rounds that alternate the programs so they share the machine's load; the
# figure is the best round's, as other work on the machine only adds),
# the largest maximum resident set size of five runs (GNU time's %M) and,
# when perf is installed, CPU time (task-clock) and page faults per start
# from `perf stat -r N`. The last column is the wall time over Regina's.
# Without a path it builds ./rexxlxd as make build does. N is 200 unless
# given.
set -euo pipefail
cd "$(dirname "$0")/.."
n=200
if [ "${1:-}" = -n ]; then
	n=$2
	shift 2
fi
bin=${1:-}
if [ -z "$bin" ]; then
	CGO_ENABLED=0 go build -o rexxlxd ./cmd/rexxlxd
	bin=./rexxlxd
fi
command -v rexx >/dev/null || { echo "startup.sh: Regina (rexx) is not installed: apt-get install regina-rexx" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "startup.sh: GNU time is not installed: apt-get install time" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo 'say 1' >"$tmp/one.rexx"
# floor NAME IMPORTS USES: a Go program that links IMPORTS (keeping USES
# alive) and only writes "1", built as rexxlxd is.
floor() {
	mkdir -p "$tmp/$1"
	{
		printf 'package main\n\nimport (\n\t"os"\n'
		for p in $2; do printf '\t"%s"\n' "$p"; done
		printf ')\n\nvar keep = []any{%s}\n\n' "$3"
		printf 'func main() {\n\tif len(os.Args) > 9 {\n\t\tprintln(len(keep))\n\t}\n\tos.Stdout.WriteString("1\\n")\n}\n'
	} >"$tmp/$1/main.go"
	(cd "$tmp/$1" && CGO_ENABLED=0 go build -o "$tmp/$1.bin" main.go)
}
# The Go floor; what any Go client of LXD's API over HTTPS links (net,
# crypto/tls, crypto/x509, encoding/json); and that with net/http.
floor hello "" ""
floor tls "crypto/tls crypto/x509 encoding/json net" "tls.Client, x509.NewCertPool, json.Marshal, net.Dial"
floor http "crypto/tls crypto/x509 encoding/json net net/http" "tls.Client, x509.NewCertPool, json.Marshal, net.Dial, http.Get"

names=(regina rexxlxd 'rexxlxd -e' 'go floor' 'go+tls' 'go+net/http')
progs=(0 1 2 3 4 5)
cmd() { # the command line of program I
	case $1 in
	0) echo rexx "$tmp/one.rexx" ;;
	1) echo "$bin" "$tmp/one.rexx" ;;
	2) echo "$bin" -e "'say 1'" ;;
	3) echo "$tmp/hello.bin" ;;
	4) echo "$tmp/tls.bin" ;;
	5) echo "$tmp/http.bin" ;;
	esac
}
run() { eval "$(cmd "$1")"; } # run I: start program I once
ns=(0 0 0 0 0 0) # the best round's nanoseconds, by program

# Five rounds of n/5 starts each, the programs in turn.
rounds=5
per=$(((n + rounds - 1) / rounds))
for ((r = 0; r < rounds; r++)); do
	for i in "${progs[@]}"; do
		t0=$(date +%s%N)
		for ((j = 0; j < per; j++)); do run $i >/dev/null; done
		t=$(($(date +%s%N) - t0))
		if [ "${ns[i]}" -eq 0 ] || [ "$t" -lt "${ns[i]}" ]; then ns[i]=$t; fi
	done
done

maxrss() { # the largest of five maximum resident set sizes, in kB
	local m=0 r
	for _ in 1 2 3 4 5; do
		eval "/usr/bin/time -o $tmp/rss -f %M $(cmd "$1")" >/dev/null
		r=$(tail -1 "$tmp/rss")
		[ "$r" -gt "$m" ] && m=$r
	done
	echo "$m"
}

perfstat() { # CPU ms and page faults per start, or dashes without perf
	if ! command -v perf >/dev/null; then
		echo "- -"
		return
	fi
	eval "perf stat -x, -r $n -e task-clock,page-faults $(cmd "$1")" 2>"$tmp/perf" >/dev/null
	awk -F, '/task-clock/ { c = $1 } /page-faults/ { f = $1 } END { printf "%.2f %d\n", c, f }' "$tmp/perf"
}

printf '%-11s %9s %9s %8s %8s %7s\n' program 'wall ms' 'CPU ms' faults 'max RSS' /regina
base=${ns[0]}
for i in "${progs[@]}"; do
	read -r cpu faults < <(perfstat "$i")
	rss=$(maxrss "$i")
	printf '%-11s %9.2f %9s %8s %6.1fMB %7.2f\n' "${names[i]}" \
		"$(awk -v t="${ns[i]}" -v k=$per 'BEGIN { print t / k / 1e6 }')" \
		"$cpu" "$faults" "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')" \
		"$(awk -v t="${ns[i]}" -v b="$base" 'BEGIN { print t / b }')"
done
