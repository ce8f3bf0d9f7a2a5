#!/bin/sh
# Live-capture benchmark: replays the synthetic capture with tcpreplay at a given rate into
# one end of a veth pair inside a network namespace, captures on the other end with
# `ixp-health analyze-pcap --interface`, and prints frames sent, frames analysed and libpcap's
# drop counter. Needs root. Cleans up the namespace and the pair.
#
#     [SENDERS=2] Benchmarks/pcap/live.sh [PPS] [FRAMES]   (default 500000 frames/s, 1000000 frames)
set -eu
PPS=${1:-500000}
FRAMES=${2:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-/tmp/ixp-lan-bench}
SCRATCH=${SCRATCH:-.build-lan}
BIN="$ROOT/$SCRATCH/release/ixp-health"
PCAP="$OUT/lan-$FRAMES.pcap"
NS=ixplanbench$$
IN=lbA$$
EXT=lbB$$
mkdir -p "$OUT"
[ -f "$PCAP" ] || python3 "$HERE/generate.py" "$PCAP" --frames "$FRAMES"
[ -x "$BIN" ] || (cd "$ROOT" && swift build -c release ${SWIFT_BUILD_FLAGS:---static-swift-stdlib} --scratch-path "$SCRATCH" --product ixp-health >/dev/null)
cleanup() { ip netns del "$NS" 2>/dev/null || true; ip link del "$EXT" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
ip netns add "$NS"
ip link add "$EXT" type veth peer name "$IN" netns "$NS"
sysctl -qw "net.ipv6.conf.$EXT.disable_ipv6=1"
ip link set "$EXT" up
ip -n "$NS" link set "$IN" up
ip netns exec "$NS" sysctl -qw "net.ipv6.conf.$IN.disable_ipv6=1"
SECONDS_NEEDED=$(python3 -c "print(int(2 * $FRAMES * ${SENDERS:-1} / $PPS) + 8)")
"$BIN" analyze-pcap --interface "$EXT" --seconds "$SECONDS_NEEDED" --buffer-mib 256 --format json > "$OUT/live-report.json" &
CAPTURE=$!
sleep 1
# SENDERS tcpreplay processes in parallel (one may not reach the rate), each at PPS/SENDERS.
SENDERS=${SENDERS:-1}
EACH=$((PPS / SENDERS))
i=0
PIDS=""
while [ $i -lt "$SENDERS" ]; do
    ip netns exec "$NS" tcpreplay ${TCPREPLAY_RATE:---pps=$EACH} --preload-pcap -i "$IN" "$PCAP" > "$OUT/tcpreplay.$i.txt" 2>&1 &
    PIDS="$PIDS $!"
    i=$((i + 1))
done
for p in $PIDS; do wait "$p" || true; done
wait "$CAPTURE"
for f in "$OUT"/tcpreplay.*.txt; do grep -E "Actual|Rated" "$f" | sed 's/^ */tcpreplay: /'; done
python3 - "$OUT/live-report.json" "$((FRAMES * SENDERS))" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"analysed {r['frames_total']} of {sys.argv[2]} frames sent; libpcap received {r['capture']['received']}, dropped {r['capture']['dropped']}")
PY
