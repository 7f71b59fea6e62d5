# common.sh is sourced by compare.sh and stems.sh: it reads their shared
# arguments ([-i] [path/to/rexxlxd]), builds ./rexxlxd as make build does
# when no path is given, checks that Regina is installed, and defines
# callgrind's instruction count. It sets mode (cpu or instructions), bin
# and tmp (a scratch file removed at exit).
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
command -v rexx >/dev/null || { echo "$(basename "$0"): Regina (rexx) is not installed: apt-get install regina-rexx" >&2; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# callgrind_millions prints the millions of instructions a command
# executes, with two decimals.
callgrind_millions() {
	GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>"$tmp" >/dev/null
	awk '/Collected/ { printf "%.2f\n", $4 / 1e6 }' "$tmp"
}
