#!/usr/bin/env bash
# busybox-image.sh writes rexxlxd's busybox test image, a unified LXD image
# tarball (metadata.yaml + rootfs), to the file named by its argument:
#
#   bash scripts/busybox-image.sh /tmp/busybox.tar.gz
#   lxc image import /tmp/busybox.tar.gz --alias rexxlxd-busybox
#
# It needs a statically linked busybox (Debian: busybox-static). Used by
# lxd-setup.sh for the shared daemon and by the fault tests for the private
# daemons they start (address/lxd/lxdtest).
#
#   bash scripts/busybox-image.sh --busybox
#
# only prints the path of the static busybox it would use, and fails when
# there is none (lxd-setup.sh asks so before installing busybox-static).
set -euo pipefail

[ $# = 1 ] || { echo "usage: $0 OUT.tar.gz | --busybox" >&2; exit 2; }

# static_busybox prints the path of a statically linked busybox, if any.
static_busybox() {
	local bb
	for bb in /bin/busybox /usr/bin/busybox; do
		[ -x "$bb" ] || continue
		if ! ldd "$bb" >/dev/null 2>&1; then
			echo "$bb"
			return 0
		fi
	done
	return 1
}
if [ "$1" = --busybox ]; then
	static_busybox
	exit
fi
out=$(realpath -m "$1")
BUSYBOX=$(static_busybox) || { echo "$0: no statically linked busybox (install busybox-static)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,run,root,home,var/log}
install -d -m 1777 "$root/tmp" "$root/var/tmp"
cp "$BUSYBOX" "$root/bin/busybox"
# Applet links, as busybox itself lists them (bin/sh, usr/bin/awk, ...).
while read -r applet; do
	[ -n "$applet" ] && [ ! -e "$root/$applet" ] && ln -s /bin/busybox "$root/$applet"
done < <("$BUSYBOX" --list-full)
rm -f "$root/sbin/init"
# LXD stops a container cleanly by sending SIGPWR to its init; exit on
# it (and on TERM) at once. Otherwise just wait; sleep runs in the
# background so the trap fires without waiting for it. A PWR that
# arrives before the trap is set (the first millisecond after a start)
# is lost, as for any init; the stop then runs into its timeout.
# lxdtest.WaitInit waits for the trap in tests.
cat >"$root/sbin/init" <<-'EOF'
	#!/bin/sh
	trap 'exit 0' PWR TERM INT
	while :; do
		sleep 86400 &
		wait $!
	done
EOF
chmod 755 "$root/sbin/init"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
cat >"$work/metadata.yaml" <<-EOF
	architecture: $(uname -m)
	creation_date: $(date +%s)
	properties:
	  description: busybox $("$BUSYBOX" | head -n1 | awk '{print $2}') test image for rexxlxd
	  os: busybox
	  release: "$("$BUSYBOX" | head -n1 | awk '{print $2}' | tr -d v)"
EOF
tar --numeric-owner -C "$work" -czf "$out" metadata.yaml rootfs
