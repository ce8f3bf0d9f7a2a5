#!/bin/sh
# The sFlow benchmark: the agent's decoder and matrix (compiled with -O, see main.swift) against
# pmacct's sfacctd on the same datagram stream, in the same run.
#
#   Benchmarks/sflow/run.sh [COUNT] [RATE]
#
# COUNT datagrams (default 200000; pmacct's real datagrams from Tests/Fixtures/sflow, six flow
# samples each) are replayed over loopback UDP to each collector in turn, at RATE datagrams/s
# (default 0: as fast as Python sends). For each: what it accounted (datagrams, flow samples),
# the CPU seconds its processes used (user + system, /proc/PID/stat), CPU per datagram.
set -eu
COUNT=${1:-200000}
RATE=${2:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d /tmp/sflow-bench.XXXXXX)
MACS=02:00:5e:10:00:01,02:00:5e:10:00:02,02:00:5e:10:00:03
TICKS=$(getconf CLK_TCK)

# The collector: the module's decoding path with the PacketCapture frame decoder, one module, -O.
mkdir -p "$WORK/src"
for f in FrameDecoder DecodedFrame MACAddress IPAddress TrafficClass ProtocolLabel; do
    cp "$ROOT/Sources/PacketCapture/$f.swift" "$WORK/src/"
done
for f in SFlowDecoder SFlowReader SFlowDecodeError SFlowDatagram SFlowFlowSample SFlowCounterSample SFlowSampledHeader \
         SFlowInterfaceCounters SFlowEthernetCounters SFlowTrafficMatrix SFlowMemberMap SFlowSocket SFlowListenAddress SFlowProbeError; do
    sed '/^import PacketCapture$/d' "$ROOT/Sources/SFlowProbe/$f.swift" > "$WORK/src/$f.swift"
done
cp "$HERE/main.swift" "$WORK/src/main.swift"
swiftc -O -swift-version 6 -o "$WORK/sflow-collector" "$WORK"/src/*.swift

cpu_ticks() { # the user + system ticks of the given pids
    total=0
    for pid in "$@"; do
        if [ -r "/proc/$pid/stat" ]; then
            t=$(awk '{print $14 + $15}' "/proc/$pid/stat")
            total=$((total + t))
        fi
    done
    echo "$total"
}

port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 1. ixp-health's decoder.
P1=$(port)
"$WORK/sflow-collector" "$P1" "$MACS" > "$WORK/ixp.out" &
IXP=$!
sleep 1
python3 "$HERE/replay.py" "$P1" --count "$COUNT" --rate "$RATE" > "$WORK/ixp.replay"
# The collector prints its totals after two idle seconds; read its CPU just before it exits.
sleep 1
IXP_TICKS=$(cpu_ticks "$IXP")
wait "$IXP"
IXP_LINE=$(tail -1 "$WORK/ixp.out")

# 2. sfacctd: aggregate by (src_mac, dst_mac), no renormalisation, so packets = flow samples accounted.
P2=$(port)
cat > "$WORK/sfacctd.conf" <<CONF
daemonize: false
sfacctd_ip: 127.0.0.1
sfacctd_port: $P2
sfacctd_pipe_size: 33554432
plugins: print
aggregate: src_mac, dst_mac
print_output: csv
print_output_file: $WORK/sfacctd.csv
print_output_file_append: true
print_refresh_time: 1
CONF
sfacctd -f "$WORK/sfacctd.conf" > "$WORK/sfacctd.log" 2>&1 &
SFACCTD=$!
sleep 2
python3 "$HERE/replay.py" "$P2" --count "$COUNT" --rate "$RATE" > "$WORK/sfacctd.replay"
sleep 3
PIDS="$SFACCTD $(pgrep -P "$SFACCTD" | tr '\n' ' ')"
SF_TICKS=$(cpu_ticks $PIDS)
kill -INT "$SFACCTD"
wait "$SFACCTD" || true
SF_SAMPLES=$(awk -F, 'NR>0 && $1 !~ /SRC_MAC/ {s += $(NF-1)} END {print s + 0}' "$WORK/sfacctd.csv" 2>/dev/null || echo 0)

IXP_SAMPLES=$(echo "$IXP_LINE" | sed 's/.*flow_samples=\([0-9]*\).*/\1/')
IXP_DECODED=$(echo "$IXP_LINE" | sed 's/.*decoded=\([0-9]*\).*/\1/')
python3 - "$COUNT" "$TICKS" "$IXP_DECODED" "$IXP_SAMPLES" "$IXP_TICKS" "$SF_SAMPLES" "$SF_TICKS" "$(cat "$WORK/ixp.replay")" "$(cat "$WORK/sfacctd.replay")" <<'PY'
import sys
count, ticks, ixp_decoded, ixp_samples, ixp_ticks, sf_samples, sf_ticks = (float(x) for x in sys.argv[1:8])
print(f"replay to ixp-health: {sys.argv[8]}")
print(f"replay to sfacctd:    {sys.argv[9]}")
ixp_cpu, sf_cpu = ixp_ticks / ticks, sf_ticks / ticks
sf_datagrams = sf_samples / 6
print(f"{'collector':<12} {'datagrams':>10} {'flow samples':>13} {'CPU s':>7} {'µs CPU/datagram':>16} {'datagrams/CPU s':>16}")
for name, datagrams, samples, cpu in (("ixp-health", ixp_decoded, ixp_samples, ixp_cpu), ("sfacctd", sf_datagrams, sf_samples, sf_cpu)):
    per = cpu / datagrams * 1e6 if datagrams else float("nan")
    rate = datagrams / cpu if cpu else float("inf")
    print(f"{name:<12} {datagrams:>10.0f} {samples:>13.0f} {cpu:>7.2f} {per:>16.2f} {rate:>16.0f}")
if ixp_cpu and sf_cpu and ixp_decoded and sf_datagrams:
    print(f"CPU per datagram, sfacctd / ixp-health: {(sf_cpu / sf_datagrams) / (ixp_cpu / ixp_decoded):.2f}")
PY
echo "(work files in $WORK)"
