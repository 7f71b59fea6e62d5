#!/usr/bin/env bash
# lxd-setup.sh brings up a local LXD daemon for rexxlxd's tests and benchmarks:
# packages, subordinate id ranges, a running daemon, a btrfs storage pool on a
# loop file and a tiny busybox image. It is idempotent: a second run only
# checks what exists and takes well under a second.
#
# Run as root on Debian or Ubuntu (CI machines and the shared dev VM). Works
# with a daemon from the Debian package or from the snap, if one is running.
#
# Environment (all optional):
#   REXXLXD_TEST_POOL   storage pool name            (default rexxlxd)
#   REXXLXD_TEST_IMAGE  image alias                  (default rexxlxd-busybox)
#   REXXLXD_POOL_SIZE   loop file size for the pool  (default 8GiB)
#   LXD_SOCKET, LXD_DIR where to find the daemon, as the lxc client reads them
set -euo pipefail

POOL=${REXXLXD_TEST_POOL:-rexxlxd}
IMAGE=${REXXLXD_TEST_IMAGE:-rexxlxd-busybox}
POOL_SIZE=${REXXLXD_POOL_SIZE:-8GiB}
# A daemon with its own LXD_DIR (a second one on this host) logs there.
LOGFILE=/var/log/lxd/lxd.log
[ -n "${LXD_DIR:-}" ] && LOGFILE=$LXD_DIR/lxd.log

say() { printf 'lxd-setup: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts the LXD daemon)"

# --- packages ---------------------------------------------------------------

# static_busybox prints the path of a statically linked busybox, if any,
# as the image builder finds it.
static_busybox() { bash "$(dirname "$0")/busybox-image.sh" --busybox; }

# The snap puts its commands in /snap/bin, which sudo's PATH may lack.
[ -d /snap/bin ] && PATH=$PATH:/snap/bin

# cleanups run on any exit, also after a failure.
cleanups=()
trap 'for c in "${cleanups[@]}"; do eval "$c"; done' EXIT

missing=()
command -v lxd >/dev/null 2>&1 || missing+=(lxd)
command -v mkfs.btrfs >/dev/null 2>&1 || missing+=(btrfs-progs)
static_busybox >/dev/null || missing+=(busybox-static)

if [ ${#missing[@]} -gt 0 ]; then
	command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them"
	say "installing ${missing[*]}"
	# No service manager may start daemons from package scripts: we start
	# LXD ourselves below, and there may be no systemd at all.
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		cleanups+=("rm -f /usr/sbin/policy-rc.d")
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "${missing[@]}" >/dev/null
	command -v lxd >/dev/null 2>&1 || { [ -d /snap/bin ] && PATH=$PATH:/snap/bin; }
	command -v lxd >/dev/null 2>&1 || die "lxd is still missing after installing it"
fi
BUSYBOX=$(static_busybox) || die "no statically linked busybox found after installing busybox-static"

# --- subordinate ids ----------------------------------------------------------

for f in /etc/subuid /etc/subgid; do
	touch "$f"
	if ! grep -q '^root:' "$f"; then
		echo 'root:1000000:1000000000' >>"$f"
		say "added a root range to $f"
	fi
done

# --- daemon -------------------------------------------------------------------

# socket_path mirrors the lxc client's discovery of the local daemon.
socket_path() {
	if [ -n "${LXD_SOCKET:-}" ]; then
		echo "$LXD_SOCKET"
	elif [ -n "${LXD_DIR:-}" ]; then
		echo "$LXD_DIR/unix.socket"
	elif [ -e /var/snap/lxd/common/lxd/unix.socket ]; then
		echo /var/snap/lxd/common/lxd/unix.socket
	else
		echo /var/lib/lxd/unix.socket
	fi
}

daemon_up() {
	[ -S "$(socket_path)" ] && timeout 10 lxc query /1.0 >/dev/null 2>&1
}

# lxc and "lxd waitready" honour LXD_SOCKET: make them talk to the daemon
# we check, whichever package provides the client.
LXD_SOCKET=$(socket_path)
export LXD_SOCKET

daemon_state="already running"
if ! daemon_up; then
	if [ -x /snap/bin/lxd ] && command -v snap >/dev/null 2>&1; then
		say "starting the snap daemon"
		snap start lxd >/dev/null 2>&1 || true
	else
		command -v lxd >/dev/null 2>&1 || die "no lxd daemon binary"
		mkdir -p "$(dirname "$LOGFILE")" ${LXD_DIR:+"$LXD_DIR"}
		say "starting lxd (log $LOGFILE)"
		# A hand-started daemon inherits our open-file limit; containers
		# need far more than the default.
		(
			ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
			exec setsid nohup lxd --group lxd --logfile "$LOGFILE" \
				</dev/null >>"$LOGFILE.out" 2>&1
		) &
		disown || true
	fi
	lxd waitready --timeout=60 || die "lxd did not become ready within 60s; see $LOGFILE"
	daemon_up || die "lxd is up but $(socket_path) does not answer; see $LOGFILE"
	daemon_state="started"
fi
version=$(lxc query /1.0 | sed -n 's/.*"server_version": *"\([^"]*\)".*/\1/p' | head -n1)

# --- storage pool -------------------------------------------------------------

if ! lxc storage show "$POOL" >/dev/null 2>&1; then
	say "creating btrfs pool $POOL ($POOL_SIZE loop file)"
	if ! lxc storage create "$POOL" btrfs size="$POOL_SIZE" >/dev/null; then
		# A kernel without btrfs or loop devices: keep going on a dir
		# pool so tests still run; copies are then full copies (slow).
		say "warning: btrfs pool failed; falling back to a dir pool (no copy-on-write)"
		lxc storage create "$POOL" dir >/dev/null
	fi
fi
driver=$(lxc storage show "$POOL" | sed -n 's/^driver: *//p')

# The default profile needs a root disk or instances cannot be created
# without naming a pool. Keep an existing one, whatever pool it uses.
if ! lxc profile device show default | grep -q '^ *path: /$'; then
	say "adding a root disk on $POOL to the default profile"
	lxc profile device add default root disk path=/ pool="$POOL" >/dev/null
fi

# --- busybox image ------------------------------------------------------------

if ! lxc image show "$IMAGE" >/dev/null 2>&1; then
	say "building and importing image $IMAGE"
	tarball=$(mktemp --suffix=.tar.gz)
	cleanups+=("rm -f '$tarball'")
	bash "$(dirname "$0")/busybox-image.sh" "$tarball"
	lxc image import "$tarball" --alias "$IMAGE" >/dev/null
fi
fingerprint=$(lxc image info "$IMAGE" | sed -n 's/^Fingerprint: *//p' | cut -c1-12)

echo "lxd-setup: daemon LXD $version $daemon_state at $(socket_path); pool $POOL ($driver); image $IMAGE ($fingerprint)"
