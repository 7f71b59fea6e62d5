#!/usr/bin/env bash
# systemd-image.sh makes rexxlxd's systemd guest image, a Debian 12
# (bookworm) root filesystem whose init is systemd, and imports it into the
# local LXD as alias rexxlxd-debian:
#
#   bash scripts/systemd-image.sh            # build and import, unless present
#   bash scripts/systemd-image.sh OUT.tar.gz # only write the image tarball
#
# It is for the pool benchmarks (a guest whose start and readiness cost what
# a real distribution's do) and for trying rexxlxd on a full Debian. It needs
# no image server: debootstrap fetches the packages from apt's configured
# Debian mirror (or $DEBIAN_MIRROR), which works on machines where LXD's
# image servers are out of reach. minbase plus systemd-sysv is ~45 s and
# ~118 MB. Running it again while the alias exists does nothing (like
# lxd-setup.sh with the busybox image); set REXXLXD_DEBIAN_ALIAS to import
# under another alias.
set -euo pipefail

alias=${REXXLXD_DEBIAN_ALIAS:-rexxlxd-debian}
out=
case $# in
0) ;;
1) out=$(realpath -m "$1") ;;
*) echo "usage: $0 [OUT.tar.gz]" >&2; exit 2 ;;
esac

if [ -z "$out" ] && lxc image info "$alias" >/dev/null 2>&1; then
	echo "image $alias is already imported"
	exit 0
fi
[ "$(id -u)" = 0 ] || { echo "$0: debootstrap needs root" >&2; exit 1; }
if ! command -v debootstrap >/dev/null; then
	# Debian's own package; policy-rc.d is not needed, it starts nothing.
	apt-get install -y debootstrap >/dev/null
fi

# mirror is the Debian mirror apt already uses (deb822 or one-line
# sources), so the build needs nothing apt cannot reach.
mirror() {
	if [ -n "${DEBIAN_MIRROR:-}" ]; then
		echo "$DEBIAN_MIRROR"
		return
	fi
	local m
	m=$(grep -hoE '^URIs: *https?://[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -v security | head -n1 | sed -E 's/^URIs: *//')
	[ -n "$m" ] || m=$(grep -hoE '^deb +https?://[^ ]+' /etc/apt/sources.list 2>/dev/null |
		grep -v security | head -n1 | awk '{print $2}')
	echo "${m:-http://deb.debian.org/debian}"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
debootstrap --variant=minbase --include=systemd-sysv bookworm "$root" "$(mirror)" >"$work/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
# What LXD gives each guest itself, or what a container cannot use: the
# build host's name and resolver, apt's downloaded packages, and the
# units that wait for devices or a network that are not there.
rm -f "$root/etc/hostname" "$root/etc/resolv.conf"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
for unit in systemd-networkd-wait-online.service systemd-udev-settle.service; do
	ln -sf /dev/null "$root/etc/systemd/system/$unit"
done
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
cat >"$work/metadata.yaml" <<-EOF
	architecture: $(uname -m)
	creation_date: $(date +%s)
	properties:
	  description: Debian 12 (bookworm) minbase with systemd, for rexxlxd
	  os: debian
	  release: bookworm
EOF
tarball=${out:-$work/debian.tar.gz}
tar --numeric-owner -C "$work" -czf "$tarball" metadata.yaml rootfs
if [ -z "$out" ]; then
	lxc image import "$tarball" --alias "$alias" >/dev/null
	echo "imported $alias ($(du -h "$tarball" | cut -f1))"
fi
