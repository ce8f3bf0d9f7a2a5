#!/usr/bin/env bash
# Builds the ixp-health Debian package with dpkg-deb.
#
#   Deploy/build-deb.sh                       release build (Swift runtime linked in), → build/deb/
#   Deploy/build-deb.sh --binary PATH         package an existing binary instead of building
#   Deploy/build-deb.sh --output DIR          where the .deb goes (default: build/deb)
#
# The package holds the binary (/usr/bin/ixp-health), the systemd unit, an annotated
# /etc/ixp-health/config.yaml (a conffile: upgrades keep the operator's edits), and the Grafana
# dashboards, Prometheus rules and probe definitions under /usr/share/ixp-health, and the
# documentation (README.md, docs/*.md) under /usr/share/doc/ixp-health. Its Depends
# line is computed from the libraries the binary links (libsnmp40, libpcap0.8, libsqlite3-0 …).
# The packaged binary keeps its symbols but not its DWARF debug information, which goes beside
# the package as ixp-health_VERSION_ARCH.debug (for gdb: /usr/lib/debug/.build-id/XX/YYYY.debug,
# after the binary's build ID).
set -euo pipefail
# A failing command names itself instead of ending the script silently.
trap 'echo "build-deb: failed (status $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
binary=""
output="$root/build/deb"
allow_foreign=0
compression=(-Zxz)

while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=$2; shift 2 ;;
        --output) output=$2; shift 2 ;;
        # For tests only: package a debug binary that links the Swift runtime from /opt/swift.
        --allow-unpackaged-libraries) allow_foreign=1; shift ;;
        # For tests: faster, larger packages (dpkg-deb -Z gzip -z 1).
        --fast-compression) compression=(-Zgzip -z1); shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "build-deb: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

step() { printf '==> %s\n' "$*"; }

if [ -z "$binary" ]; then
    step "building ixp-health (release, Swift runtime linked statically; the first build takes 10-20 minutes)"
    # A build directory of its own: the static runtime would otherwise rebuild `make run`'s.
    (cd "$root" && swift build -c release --static-swift-stdlib --scratch-path .build-static --product ixp-health)
    binary="$root/.build-static/release/ixp-health"
fi
[ -x "$binary" ] || { echo "build-deb: $binary is not an executable" >&2; exit 2; }

# No early-exiting reader (head, awk's exit) in these pipelines: the writer would die of SIGPIPE
# now and then, and pipefail would end the script.
version=$(grep -rhoE 'static let version = "[^"]+"' "$root/Sources/IXPCore/AgentBuildInfo.swift" | sed -nE '1s/.*"(.*)"/\1/p')
[ -n "$version" ] || { echo "build-deb: cannot find the agent's version in Sources/IXPCore/AgentBuildInfo.swift" >&2; exit 2; }
arch=$(dpkg --print-architecture)

# Depends: the Debian package of every shared library the binary needs.
depends=()
unpackaged=()
while read -r lib; do
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|aarch64|x32/ && !p {p = $NF} END {print p}')
    [ -n "$path" ] || path=$(ldd "$binary" | awk -v l="$lib" '$1 == l && !p {p = $3} END {print p}')
    pkg=""
    if [ -n "$path" ]; then
        pkg=$(dpkg -S "$path" 2>/dev/null | sed -n '1s/:.*//p') || true
        [ -n "$pkg" ] || pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | sed -n '1s/:.*//p') || true
    fi
    if [ -z "$pkg" ]; then unpackaged+=("$lib"); continue; fi
    ver=$(dpkg-query -W -f='${Version}' "$pkg" | sed -E 's/^[0-9]+://; s/-[^-]*$//; s/[+~].*$//; s/\.dfsg.*$//')
    depends+=("$pkg (>= $ver)")
done < <(objdump -p "$binary" | awk '/NEEDED/ {print $2}')
if [ ${#unpackaged[@]} -gt 0 ] && [ $allow_foreign -eq 0 ]; then
    echo "build-deb: the binary needs libraries that no Debian package provides: ${unpackaged[*]}" >&2
    echo "build-deb: build it with 'swift build -c release --static-swift-stdlib' (what this script does without --binary)" >&2
    exit 2
fi
depends_line=$(printf '%s\n' "${depends[@]}" "adduser" | sort -u | paste -sd, - | sed 's/,/, /g')

mkdir -p "$output"
debug="$output/ixp-health_${version}_${arch}.debug"
objcopy --only-keep-debug "$binary" "$debug"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkgroot="$stage/ixp-health_${version}_${arch}"
step "staging the package in $pkgroot"
"$here/install.sh" --binary "$binary" --destdir "$pkgroot"

install -d "$pkgroot/DEBIAN"
for script in postinst prerm postrm; do
    install -m 0755 "$here/debian/$script" "$pkgroot/DEBIAN/$script"
done
printf '/etc/ixp-health/config.yaml\n/etc/ixp-health/environment\n' > "$pkgroot/DEBIAN/conffiles"
installed_size=$(du -sk --exclude=DEBIAN "$pkgroot" | cut -f1)
cat > "$pkgroot/DEBIAN/control" <<CONTROL
Package: ixp-health
Version: $version
Architecture: $arch
Maintainer: ixp-health developers <ixp-health@localhost>
Installed-Size: $installed_size
Depends: $depends_line
Section: net
Priority: optional
Homepage: https://github.com/ixp-health/ixp-health
Description: Internet exchange point health agent
 Polls the exchange's switches over SNMP, sniffs the peering LAN, keeps two years of
 history in bounded memory and disk, and judges the exchange: zombie-IXP symptoms
 (members leaving, traffic falling, idle ports, no route-server sessions) and operational
 faults (ports down, errors, storms, forbidden protocols), with evidence. Serves
 Prometheus metrics and a health report, and sends alert mail.
CONTROL

step "building the package"
dpkg-deb --root-owner-group "${compression[@]}" --build "$pkgroot" "$output/" >/dev/null
deb="$output/ixp-health_${version}_${arch}.deb"
step "built $deb ($(du -h "$deb" | cut -f1), installed $((installed_size / 1024)) MiB); Depends: $depends_line"
step "its debug information: $debug ($(du -h "$debug" | cut -f1))"
if [ ${#unpackaged[@]} -gt 0 ]; then
    echo "build-deb: warning: not from any Debian package (test build only): ${unpackaged[*]}" >&2
fi
