#!/usr/bin/env bash
# job.sh times the whole job of issue 17, written as a new user writes it
# today, in REXX with rexxlxd (bench/job.rexx) and in bash with lxc:
#
#   make COUNT sandboxes from a prepared base, push a 200-file / 5 MB
#   project tree into each, run its tests in all COUNT at once with a 30 s
#   timeout, pull each sandbox's results file into a per-sandbox host
#   directory, print a summary, delete everything.
#
#   bench/job.sh [-n RUNS] [-c COUNT] [path/to/rexxlxd]
#
# Each run makes its own base (register_base with prepare= / lxc init,
# start, exec, stop) and its own sandboxes, under names unique to this
# invocation. The two jobs alternate (odd runs REXX first, even runs bash
# first) so they share the machine's load; each run's results are checked
# (COUNT result files, each non-empty) before its time counts. It prints
# every run, the median of each, the ratio rexxlxd/bash, and the load
# average before and after. Whatever this script made is deleted at exit,
# also on failure or Ctrl-C. RUNS is 3 and COUNT 8 unless given; the image
# and pool are rexxlxd-busybox and rexxlxd ($REXXLXD_TEST_IMAGE,
# $REXXLXD_TEST_POOL). Without a path it builds ./rexxlxd as make build does.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
count=8
while getopts n:c: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	c) count=$OPTARG ;;
	*) echo "usage: bench/job.sh [-n RUNS] [-c COUNT] [path/to/rexxlxd]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
bin=${1:-}
if [ -z "$bin" ]; then
	CGO_ENABLED=0 go build -o rexxlxd ./cmd/rexxlxd # as make build
	bin=./rexxlxd
fi
bin=$(realpath "$bin")
image=${REXXLXD_TEST_IMAGE:-rexxlxd-busybox}
pool=${REXXLXD_TEST_POOL:-rexxlxd}

# Names: "jb" and six random hex digits, unique to this invocation, so the
# cleanup deletes only what this script made.
tag=jb$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
tmp=$(mktemp -d)
cleanup() {
	trap - EXIT INT TERM
	local n
	for n in $(lxc list -c n --format csv "^$tag-" 2>/dev/null); do
		lxc delete -f "$n" >/dev/null 2>&1 || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "job.sh: interrupted" >&2; exit 130' INT TERM

# The project: 200 files of text, 5 MB, in 10 directories, and its tests
# (a checksum of every file, as a stand-in for a test suite).
project=$tmp/project
for d in $(seq 0 9); do mkdir -p "$project/src/mod$d"; done
for i in $(seq 1 199); do
	head -c 19500 /dev/urandom | base64 -w 76 >"$project/src/mod$((i % 10))/file$i.txt"
done
cat >"$project/run-tests.sh" <<'EOF'
#!/bin/sh
# The project's tests: every file must be readable and checksum.
n=$(find . -type f | xargs md5sum | wc -l)
echo "ok $n files checked on $(hostname)"
EOF
echo "project: $(find "$project" -type f | wc -l) files, $(du -sb "$project" | cut -f1) bytes; $count sandboxes; image $image, pool $pool"

# check DIR: the run pulled COUNT non-empty result files into DIR/NAME/.
check() {
	local got
	got=$(find "$1" -name results.txt -size +0 | wc -l)
	if [ "$got" -ne "$count" ]; then
		echo "job.sh: $2 pulled $got result files of $count" >&2
		exit 1
	fi
}

# rexx_job RUN: the REXX job; prints its wall seconds.
rexx_job() {
	local out=$tmp/out-rexx-$1 t0 t1
	mkdir -p "$out"
	t0=$(date +%s.%N)
	"$bin" bench/job.rexx "$tag-rb$1" "$tag-r$1" "$count" "$project" "$out" "$image" "$pool" >"$tmp/rexx-$1.log" 2>&1 ||
		{ cat "$tmp/rexx-$1.log" >&2; exit 1; }
	t1=$(date +%s.%N)
	check "$out" rexxlxd
	echo "$t1 - $t0" | bc
}

# bash_job RUN: the same job in bash with lxc, as a user writes it; prints
# its wall seconds.
bash_job() {
	local out=$tmp/out-bash-$1 base=$tag-bb$1 p=$tag-b$1 t0 t1
	mkdir -p "$out"
	t0=$(date +%s.%N)
	(
		set -e
		lxc init "$image" "$base" -s "$pool"
		lxc start "$base"
		lxc exec "$base" -- mkdir -p /root/results
		lxc stop "$base"
		for i in $(seq 1 "$count"); do
			lxc copy "$base" "$p-$i"
			lxc start "$p-$i"
		done
		for i in $(seq 1 "$count"); do
			lxc file push -r "$project" "$p-$i/root/"
		done
		for i in $(seq 1 "$count"); do
			timeout 30 lxc exec "$p-$i" -- sh -c 'cd /root/project && sh run-tests.sh > /root/results/results.txt' &
		done
		passed=0
		for job in $(jobs -p); do
			if wait "$job"; then passed=$((passed + 1)); fi
		done
		pulled=0
		for i in $(seq 1 "$count"); do
			mkdir -p "$out/$p-$i"
			if lxc file pull "$p-$i/root/results/results.txt" "$out/$p-$i/"; then pulled=$((pulled + 1)); fi
		done
		echo "bash job: $passed of $count passed, $pulled results pulled"
		[ "$passed" -eq "$count" ]
		for i in $(seq 1 "$count"); do
			lxc delete -f "$p-$i"
		done
		lxc delete "$base"
	) >"$tmp/bash-$1.log" 2>&1 || { cat "$tmp/bash-$1.log" >&2; exit 1; }
	t1=$(date +%s.%N)
	check "$out" bash
	echo "$t1 - $t0" | bc
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
: >"$tmp/rexx.times"
: >"$tmp/bash.times"
for r in $(seq 1 "$runs"); do
	if [ $((r % 2)) -eq 1 ]; then
		rt=$(rexx_job "$r")
		bt=$(bash_job "$r")
	else
		bt=$(bash_job "$r")
		rt=$(rexx_job "$r")
	fi
	echo "$rt" >>"$tmp/rexx.times"
	echo "$bt" >>"$tmp/bash.times"
	printf 'run %d: rexxlxd %6.2f s   bash+lxc %6.2f s   (%s; %s)\n' "$r" "$rt" "$bt" \
		"$(grep '^rexxlxd job:' "$tmp/rexx-$r.log")" "$(grep -ao 'bash job:.*' "$tmp/bash-$r.log")"
done
rm=$(median <"$tmp/rexx.times")
bm=$(median <"$tmp/bash.times")
printf 'median of %d: rexxlxd %.2f s, bash+lxc %.2f s, ratio rexxlxd/bash %.2f\n' "$runs" "$rm" "$bm" "$(echo "$rm / $bm" | bc -l)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
