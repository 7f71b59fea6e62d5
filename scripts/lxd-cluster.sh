#!/usr/bin/env bash
# lxd-cluster.sh runs a real three-member LXD cluster on this one machine,
# for rexxlxd's cluster tests, benchmarks and for trying remotes:
#
#   lxd-cluster.sh up       start (or bring back) m1, m2, m3; idempotent
#   lxd-cluster.sh down     stop the members and remove all that up made
#   lxd-cluster.sh status   show the members and whether they answer
#   lxd-cluster.sh stop mN  shut one member down (tests use it; up brings it back)
#
# Each member is its own lxd process with its own LXD_DIR
# (/var/lib/rexxlxd-cluster/mN), listening on 127.0.1.N:8443 (loopback
# only). m1 bootstraps the cluster with "lxd init --preseed"; m2 and m3 join
# with tokens from "lxc cluster add". The cluster gets the storage pool and
# image alias of scripts/lxd-setup.sh (pool rexxlxd, btrfs on a loop file per
# member; image rexxlxd-busybox), so scripts run unchanged on both, and the
# lxc client configuration gets a remote named "cluster" whose client
# certificate the cluster trusts.
#
# It runs beside the standalone daemon of lxd-setup.sh and never touches it
# (that daemon is /var/lib/lxd). Run scripts/lxd-setup.sh first on a fresh
# machine: it installs the packages. Run as root.
#
# Environment (all optional):
#   REXXLXD_TEST_POOL         pool name            (default rexxlxd)
#   REXXLXD_TEST_IMAGE        image alias          (default rexxlxd-busybox)
#   REXXLXD_CLUSTER_POOL_SIZE loop file per member (default 3GiB)
#   REXXLXD_CLUSTER_REMOTE    remote name          (default cluster)
#   LXD_CONF                  the lxc client configuration directory
set -euo pipefail

POOL=${REXXLXD_TEST_POOL:-rexxlxd}
IMAGE=${REXXLXD_TEST_IMAGE:-rexxlxd-busybox}
POOL_SIZE=${REXXLXD_CLUSTER_POOL_SIZE:-3GiB}
REMOTE=${REXXLXD_CLUSTER_REMOTE:-cluster}
ROOT=/var/lib/rexxlxd-cluster
MEMBERS=(m1 m2 m3)
PORT=8443

say() { printf 'lxd-cluster: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# The lxc client must never reach the standalone daemon by accident: every
# lxc and lxd call below names its member through LXD_DIR.
unset LXD_SOCKET LXD_DIR
[ -d /snap/bin ] && PATH=$PATH:/snap/bin

# conf_dir is the lxc client's configuration directory, found as lxc finds it.
conf_dir() {
	if [ -n "${LXD_CONF:-}" ]; then
		echo "$LXD_CONF"
	elif [ ! -e "$HOME/.config/lxc/config.yml" ] && [ -e "$HOME/snap/lxd/common/config/config.yml" ]; then
		echo "$HOME/snap/lxd/common/config"
	else
		echo "$HOME/.config/lxc"
	fi
}
CONF=$(conf_dir)
export LXD_CONF=$CONF

dir_of() { echo "$ROOT/$1"; }                 # LXD_DIR of member $1
addr_of() { echo "127.0.1.${1#m}:$PORT"; }   # its https address
on() { local m=$1; shift; LXD_DIR=$(dir_of "$m") "$@"; }

# answers reports whether member $1's daemon answers on its socket.
answers() {
	[ -S "$(dir_of "$1")/unix.socket" ] && on "$1" timeout 10 lxc query /1.0 >/dev/null 2>&1
}

# pids_of prints the pids of every process that belongs to member $1: its
# lxd daemon, the lxd helpers it forks and its containers' monitors, all of
# which carry the member's LXD_DIR on their command line or in their
# environment. Only those processes are ever signalled.
pids_of() {
	local dir p
	dir=$(dir_of "$1")
	for p in /proc/[0-9]*; do
		[ "${p#/proc/}" = "$$" ] && continue
		if { tr '\0' ' ' <"$p/cmdline" | grep -qF -- "$dir/"; } 2>/dev/null ||
			{ tr '\0' '\n' <"$p/environ" | grep -qxF -- "LXD_DIR=$dir"; } 2>/dev/null; then
			echo "${p#/proc/}"
		fi
	done
}

# daemon_pid prints the pid of member $1's lxd daemon, if it runs.
daemon_pid() {
	local pid
	pid=$(cat "$(dir_of "$1")/rexxlxd.pid" 2>/dev/null) || return 1
	[ -n "$pid" ] && [ -d "/proc/$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(dir_of "$1")/lxd.log" &&
		echo "$pid"
}

# start_member starts member $1's daemon in the background unless it runs.
start_member() {
	local m=$1 dir
	dir=$(dir_of "$m")
	daemon_pid "$m" >/dev/null && return 0
	mkdir -p "$dir"
	chmod 711 "$dir"
	say "starting $m (LXD_DIR $dir)"
	(
		ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
		export LXD_DIR=$dir
		exec setsid nohup lxd --group lxd --logfile "$dir/lxd.log" </dev/null >>"$dir/lxd.out" 2>&1
	) &
	echo $! >"$dir/rexxlxd.pid"
	disown || true
}

wait_member() {
	on "$1" lxd waitready --timeout=90 || die "$1 did not become ready within 90s; see $(dir_of "$1")/lxd.log"
}

# all_online waits until the cluster (asked through m1) says every member
# is ONLINE. A member that was restarted answers at once but is reported
# OFFLINE until the next heartbeat round reaches it (a few seconds on LXD
# 5.0.2); scripts and tests that spread work over the members must not
# start before that.
all_online() {
	local i
	for i in $(seq 90); do
		if on m1 lxc cluster list --format csv 2>/dev/null |
			awk -F, '$(NF-1) != "ONLINE" {bad=1} END {exit bad || NR == 0}'; then
			return 0
		fi
		sleep 1
	done
	say "not every member is ONLINE after 90s:"
	status >&2
	return 1
}

clustered() {
	on "$1" lxc query /1.0 2>/dev/null | grep -q '"server_clustered": *true'
}

# member_listed reports whether the cluster (asked through m1) knows $1.
member_listed() {
	on m1 lxc query /1.0/cluster/members 2>/dev/null | grep -q "/1.0/cluster/members/$1\""
}

bootstrap() {
	say "bootstrapping the cluster on m1 ($(addr_of m1))"
	on m1 lxd init --preseed <<-EOF
		config:
		  core.https_address: $(addr_of m1)
		cluster:
		  server_name: m1
		  enabled: true
		storage_pools:
		- name: $POOL
		  driver: btrfs
		  config:
		    size: $POOL_SIZE
		profiles:
		- name: default
		  devices:
		    root:
		      path: /
		      pool: $POOL
		      type: disk
	EOF
}

join() {
	local m=$1 token
	if member_listed "$m"; then
		# Left over from an earlier, failed join: the member's own
		# database is gone, so the cluster's record of it is stale.
		say "removing the stale record of $m"
		on m1 lxc cluster remove "$m" --force --yes >/dev/null
	fi
	on m1 lxc cluster revoke-token "$m" >/dev/null 2>&1 || true
	token=$(on m1 lxc cluster add "$m" --quiet)
	say "joining $m ($(addr_of "$m"))"
	on "$m" lxd init --preseed <<-EOF
		cluster:
		  enabled: true
		  server_name: $m
		  server_address: $(addr_of "$m")
		  cluster_token: $token
		  member_config:
		  - entity: storage-pool
		    name: $POOL
		    key: size
		    value: $POOL_SIZE
	EOF
}

# trust makes sure the lxc client has a key pair that the cluster trusts
# and a remote $REMOTE that points at m1 with m1's certificate stored.
trust() {
	mkdir -p "$CONF"
	chmod 700 "$CONF"
	if [ ! -e "$CONF/client.crt" ] || [ ! -e "$CONF/client.key" ]; then
		say "making a client certificate in $CONF"
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -sha384 \
			-keyout "$CONF/client.key" -out "$CONF/client.crt" -days 3650 \
			-subj "/O=linuxcontainers.org/CN=root@$(hostname)" >/dev/null 2>&1
		chmod 600 "$CONF/client.key"
	fi
	local fp
	fp=$(openssl x509 -in "$CONF/client.crt" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
	if ! on m1 lxc query /1.0/certificates 2>/dev/null | grep -q "/1.0/certificates/$fp\""; then
		say "trusting $CONF/client.crt on the cluster"
		on m1 lxc config trust add "$CONF/client.crt" --name rexxlxd-cluster-client >/dev/null
	fi
	if has_remote; then
		# A remote left from an earlier cluster holds that cluster's
		# certificate: replace it unless it reaches this one, trusted.
		if timeout 20 lxc query "$REMOTE:/1.0" 2>/dev/null | grep -q '"auth": *"trusted"'; then
			return 0
		fi
		say "replacing the lxc remote $REMOTE, which does not reach this cluster trusted"
		remove_remote
	fi
	say "adding the lxc remote $REMOTE (https://$(addr_of m1))"
	lxc remote add "$REMOTE" "https://$(addr_of m1)" --accept-certificate >/dev/null
}

has_remote() { lxc remote list --format csv 2>/dev/null | grep -q "^$REMOTE[ ,]"; }

remove_remote() {
	if [ "$(lxc remote get-default 2>/dev/null)" = "$REMOTE" ]; then
		lxc remote switch local >/dev/null
	fi
	lxc remote remove "$REMOTE" >/dev/null
}

image() {
	if on m1 lxc image show "$IMAGE" >/dev/null 2>&1; then
		return 0
	fi
	local tarball
	tarball=$(mktemp --suffix=.tar.gz)
	cleanups+=("rm -f '$tarball'")
	say "building and importing image $IMAGE"
	# The image builder lxd-setup.sh uses, so both get the same image.
	bash "$(dirname "${BASH_SOURCE[0]}")/busybox-image.sh" "$tarball" ||
		die "building the image failed; run scripts/lxd-setup.sh first (it installs busybox-static)"
	on m1 lxc image import "$tarball" --alias "$IMAGE" >/dev/null
}

up() {
	[ "$(id -u)" = 0 ] || die "must run as root"
	command -v lxd >/dev/null 2>&1 || die "no lxd; run scripts/lxd-setup.sh first"
	if ! command -v openssl >/dev/null 2>&1; then
		# The client certificate is made with openssl (lxc makes one only
		# while adding a remote, which needs it trusted first).
		command -v apt-get >/dev/null 2>&1 || die "no openssl and no apt-get to install it"
		say "installing openssl"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null ||
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null; } ||
			die "installing openssl failed"
	fi
	local m
	# Start every member that has a database (a member that was shut down)
	# before waiting for any: a restarted member is ready only once a
	# quorum of the cluster's database members is back.
	for m in "${MEMBERS[@]}"; do
		if [ -e "$(dir_of "$m")/database" ] || [ "$m" = m1 ]; then
			start_member "$m"
		fi
	done
	for m in "${MEMBERS[@]}"; do
		daemon_pid "$m" >/dev/null && wait_member "$m"
	done
	clustered m1 || bootstrap
	for m in "${MEMBERS[@]:1}"; do
		start_member "$m"
		wait_member "$m"
		clustered "$m" || join "$m"
	done
	image
	trust
	all_online || die "the cluster did not come fully online; see the members' lxd.log"
	status
}

# stop_member shuts member $1 down: its instances stop and its daemon exits.
# What remains after a minute (a wedged daemon) is killed, by pid.
stop_member() {
	local m=$1 pid
	pid=$(daemon_pid "$m") || return 0
	say "stopping $m"
	on "$m" timeout 90 lxd shutdown --timeout=60 >/dev/null 2>&1 || true
	for _ in $(seq 50); do
		[ -d "/proc/$pid" ] || break
		sleep 0.2
	done
	[ -d "/proc/$pid" ] && kill -9 "$pid" 2>/dev/null || true
	return 0
}

down() {
	[ "$(id -u)" = 0 ] || die "must run as root"
	local m pids mnt loop
	# Remove the remote first: even a half-made cluster leaves none.
	has_remote && remove_remote
	# Members stop in reverse order, so the last two keep a quorum while
	# the first one leaves.
	for m in m3 m2 m1; do
		stop_member "$m"
	done
	for m in "${MEMBERS[@]}"; do
		pids=$(pids_of "$m")
		if [ -n "$pids" ]; then
			say "killing what is left of $m: $(echo $pids)"
			# shellcheck disable=SC2086
			kill -9 $pids 2>/dev/null || true
		fi
	done
	# Unmount the pools and the daemons' own mounts (deepest first),
	# then free the loop devices of the pools' files.
	while read -r mnt; do
		umount -l "$mnt" 2>/dev/null || true
	done < <(awk -v r="$ROOT/" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r)
	for loop in $(losetup -a 2>/dev/null | awk -F: -v r="$ROOT/" 'index($0, r) {print $1}'); do
		losetup -d "$loop" 2>/dev/null || true
	done
	rm -rf "$ROOT"
	say "down: no member runs and $ROOT is gone"
}

status() {
	local m pid state
	for m in "${MEMBERS[@]}"; do
		if pid=$(daemon_pid "$m"); then
			if answers "$m"; then state="up (pid $pid)"; else state="not answering (pid $pid)"; fi
		elif [ -d "$(dir_of "$m")" ]; then
			state="stopped"
		else
			state="absent"
		fi
		printf '%s  %-18s %s\n' "$m" "$(addr_of "$m")" "$state"
	done
	if answers m1; then
		on m1 lxc cluster list --format csv 2>/dev/null | awk -F, '{printf "  member %s: %s (%s)\n", $1, $(NF-1), $NF}' || true
	fi
	if has_remote; then
		echo "remote $REMOTE: $(lxc remote list --format csv | awk -F, -v r="$REMOTE" '$1 ~ "^"r {print $2}')"
	else
		echo "remote $REMOTE: none"
	fi
}

cleanups=()
trap 'for c in "${cleanups[@]}"; do eval "$c"; done' EXIT

case "${1:-}" in
up) up ;;
down) down ;;
status) status ;;
stop)
	[ -n "${2:-}" ] && [[ " ${MEMBERS[*]} " == *" $2 "* ]] || die "stop needs a member: ${MEMBERS[*]}"
	stop_member "$2"
	;;
*)
	echo "usage: $0 up|down|status|stop MEMBER" >&2
	exit 2
	;;
esac
