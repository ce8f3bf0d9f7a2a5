#!/bin/sh
# Runs the peering-LAN capture benchmark: generates the synthetic capture (if missing), then
# times, on the same file in one run, the bare pcap_next_ex loop, `ixp-health analyze-pcap`
# (release build), `tcpdump -n -r` and `tshark -q -z io,phs`, checks analyze-pcap's counts
# against the generator's ground truth, and prints the ratios.
#
#     Benchmarks/pcap/run.sh [FRAMES]        (from the package root; default 1000000)
#
# Needs: python3, cc, libpcap-dev, tcpdump, tshark; writes to $OUT (default /tmp/ixp-lan-bench).
set -eu
FRAMES=${1:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-/tmp/ixp-lan-bench}
SCRATCH=${SCRATCH:-.build-lan}
mkdir -p "$OUT"
PCAP="$OUT/lan-$FRAMES.pcap"
if [ ! -f "$PCAP" ] || [ ! -f "$PCAP.truth.json" ]; then
    python3 "$HERE/generate.py" "$PCAP" --frames "$FRAMES"
fi
cc -O2 -o "$OUT/bare_loop" "$HERE/bare_loop.c" -lpcap
# A statically linked Swift runtime saves the dynamic linker's ~5 ms at start-up.
(cd "$ROOT" && swift build -c release ${SWIFT_BUILD_FLAGS:---static-swift-stdlib} --scratch-path "$SCRATCH" --product ixp-health >/dev/null)
BIN="$ROOT/$SCRATCH/release/ixp-health"
cat "$PCAP" > /dev/null   # page cache
python3 "$HERE/compare.py" --pcap "$PCAP" --bare "$OUT/bare_loop" --ixp "$BIN" --out "$OUT"
