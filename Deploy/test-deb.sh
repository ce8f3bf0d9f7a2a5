#!/usr/bin/env bash
# Installs the ixp-health package in a clean root and runs it as systemd would.
#
#   sudo Deploy/test-deb.sh [--binary PATH | --deb FILE]
#
# The clean root is an overlay of this machine's / in a private mount and network namespace:
# dpkg installs into it, nothing reaches the host, and everything vanishes when the test ends.
# Checks: the package installs (user, files, modes), `systemd-analyze verify` passes on the unit,
# the annotated config is valid as shipped and with every example uncommented, the unit's own
# command line runs as the ixp-health user with only CAP_NET_RAW/CAP_NET_ADMIN, polls an snmpd
# and serves /metrics, and purge removes the user and the files. Exit 0 when all pass.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
binary="$root/.build/debug/ixp-health"
deb=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=$2; shift 2 ;;
        --deb) deb=$2; shift 2 ;;
        *) echo "test-deb: unknown option $1" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "test-deb: needs root (mount and network namespaces)" >&2; exit 2; }

work=$(mktemp -d /tmp/ixp-deb-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -z "$deb" ]; then
    "$here/build-deb.sh" --binary "$binary" --output "$work/out" --allow-unpackaged-libraries --fast-compression
    deb=$(ls "$work"/out/ixp-health_*.deb)
fi
mkdir -p "$work/upper" "$work/work" "$work/root"
cp "$deb" "$work/upper/ixp-health.deb"
cp "$here/test-deb-inside.sh" "$work/upper/test-deb-inside.sh"

unshare --mount --net --propagation private bash -euo pipefail -c '
    w=$1
    mount -t overlay overlay -o "lowerdir=/,upperdir=$w/upper,workdir=$w/work" "$w/root"
    for d in proc sys dev; do mount --rbind "/$d" "$w/root/$d"; done
    mount -t tmpfs tmpfs "$w/root/run"
    mount -t tmpfs tmpfs "$w/root/tmp"
    # The Swift runtime of a test build (a release package links it in).
    [ -d /opt/swift ] && mount --bind /opt/swift "$w/root/opt/swift"
    ip link set lo up
    chroot "$w/root" bash /test-deb-inside.sh
' _ "$work"
