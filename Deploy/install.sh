#!/usr/bin/env bash
# Installs ixp-health without a package (what `make install` runs), or stages the package's
# files for build-deb.sh.
#
#   Deploy/install.sh --binary PATH                 install on this machine, create the user, reload systemd
#   Deploy/install.sh --binary PATH --destdir DIR   only copy the files under DIR (for packaging)
#
# Files: /usr/bin/ixp-health (without its debug information), /lib/systemd/system/ixp-health.service,
# /etc/ixp-health/config.yaml and environment (never overwritten when they exist),
# /usr/share/ixp-health/{Dashboards,Probes}, /usr/share/doc/ixp-health (README.md, docs/*.md).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
binary=""
destdir=""

while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=$2; shift 2 ;;
        --destdir) destdir=$2; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "install: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ -n "$binary" ] && [ -x "$binary" ] || { echo "install: --binary PATH to the built ixp-health is required" >&2; exit 2; }

d=${destdir%/}
install -D -m 0755 "$binary" "$d/usr/bin/ixp-health"
# A release build carries some 80 MB of DWARF debug information: the installed binary keeps its
# symbols (function names in backtraces, perf, gdb) and drops the rest. build-deb.sh keeps the
# debug information beside the package.
strip --strip-debug "$d/usr/bin/ixp-health"
install -D -m 0644 "$here/ixp-health.service" "$d/lib/systemd/system/ixp-health.service"
install -d -m 0750 "$d/etc/ixp-health"
for conf in config.yaml environment; do
    # An operator's edited configuration is never overwritten.
    if [ -e "$d/etc/ixp-health/$conf" ]; then
        echo "install: keeping the existing /etc/ixp-health/$conf (the new one is $conf.dist)"
        install -m 0640 "$here/$conf" "$d/etc/ixp-health/$conf.dist"
    else
        install -m 0640 "$here/$conf" "$d/etc/ixp-health/$conf"
    fi
done
install -d "$d/usr/share/ixp-health/Dashboards" "$d/usr/share/ixp-health/Probes"
install -m 0644 "$root"/Dashboards/*.json "$root"/Dashboards/*.yml "$root/Dashboards/README.md" \
    "$d/usr/share/ixp-health/Dashboards/"
find "$root/Probes" -maxdepth 1 -type f -exec install -m 0644 {} "$d/usr/share/ixp-health/Probes/" \;
install -D -m 0644 "$root/README.md" "$d/usr/share/doc/ixp-health/README.md"
# The reference pages the README links to, under the same relative path (docs/).
install -d "$d/usr/share/doc/ixp-health/docs"
install -m 0644 "$root"/docs/*.md "$d/usr/share/doc/ixp-health/docs/"
install -D -m 0644 "$here/debian/copyright" "$d/usr/share/doc/ixp-health/copyright"

if [ -z "$destdir" ]; then
    # What the package's postinst does.
    sh "$here/debian/postinst" configure ""
fi
