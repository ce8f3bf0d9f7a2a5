#!/usr/bin/env bash
# 50 switches polled together against the slowest single switch, with latency-bound agents
# (Benchmarks/snmp/latency_agents.py: a fixed delay per PDU, almost no CPU), so that the ratio
# measures the poller's concurrency rather than how 50 snmpd processes share two cores.
#
#   Benchmarks/snmp/run-latency.sh [--ixp-health BIN] [--agents 50] [--interfaces 50] [--delay-ms 20] [--reps 3]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN="$ROOT/.build/release/ixp-health"
AGENTS=50 INTERFACES=50 DELAY=20 REPS=3 FIRST=12200
while [ $# -gt 0 ]; do
    case $1 in
        --ixp-health) BIN=$2; shift 2 ;;
        --agents) AGENTS=$2; shift 2 ;;
        --interfaces) INTERFACES=$2; shift 2 ;;
        --delay-ms) DELAY=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ -x "$BIN" ] || (cd "$ROOT" && swift build -c release --product ixp-health >&2)
python3 "$HERE/latency_agents.py" --first-port $FIRST --agents "$AGENTS" --interfaces "$INTERFACES" \
    --delay-ms "$DELAY" > /tmp/ixp-latency-agents.log 2>&1 &
AGENT_PID=$!
trap 'kill $AGENT_PID 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q ready /tmp/ixp-latency-agents.log 2>/dev/null && break; sleep 0.1; done

TARGETS=()
for n in $(seq 0 $((AGENTS - 1))); do TARGETS+=("127.0.0.1:$((FIRST + n))"); done

# Each switch alone (its own process and engine), then all together on one engine.
SINGLE=/tmp/ixp-latency-single.jsonl
: > $SINGLE
for target in "${TARGETS[@]}"; do
    "$BIN" poll "$target" -c public --sweep counters --repeat "$REPS" >> $SINGLE
done
TOGETHER=$("$BIN" poll "${TARGETS[@]}" -c public --sweep counters --repeat "$REPS")

python3 - "$SINGLE" "$TOGETHER" "$AGENTS" "$INTERFACES" "$DELAY" "$REPS" <<'PY'
import json, sys
single = [json.loads(line) for line in open(sys.argv[1])]
together = json.loads(sys.argv[2])
agents, interfaces, delay, reps = sys.argv[3:7]
slowest = max(s["wall_seconds"] / s["sweeps"] for s in single)
both = together["wall_seconds"] / together["sweeps"]
print(f"{agents} latency-bound agents ({interfaces} interfaces, {delay} ms per PDU), {reps} sweeps each")
print(f"  slowest single switch, one sweep : {slowest:.3f} s ({single[0]['requests'] // single[0]['sweeps']} PDUs)")
print(f"  all {agents} together, one sweep    : {both:.3f} s ({together['values'] // together['sweeps']} values)")
print(f"  ratio together / slowest single  : {both / slowest:.2f}   (goal ≤ 1.5)")
print(f"  ixp-health CPU for all together  : {together['cpu_seconds'] / together['sweeps']:.3f} s per sweep")
PY
