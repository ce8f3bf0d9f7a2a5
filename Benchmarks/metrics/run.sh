#!/usr/bin/env bash
# /metrics throughput: ixp-health against Debian's prometheus-node-exporter serving the very
# same exposition from its textfile collector, measured with wrk in the same run.
#
#   Benchmarks/metrics/run.sh                         # builds ixp-health in release mode first
#   Benchmarks/metrics/run.sh --ixp-health PATH [--duration 20] [--connections 8] [--timeout 10]
#   Benchmarks/metrics/run.sh --ixp-health .build-static/release/ixp-health    # the packaged build
#
# A synthetic 1,035-interface switch (make-switch.py, the size of the lab's --bench switch:
# ~16,600 series) is served by snmpsim on 127.0.0.1; the agent polls it every 10 s while wrk
# runs, so scrapes meet polls. Everything runs on loopback; nothing needs root. Results (with
# the ratios, the load average during each measurement and the command line) go to stdout and
# results.txt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
binary=""
duration=20
connections=8
timeout=10
threads=2
interfaces=1035
while [ $# -gt 0 ]; do
    case "$1" in
        --ixp-health) binary=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --interfaces) interfaces=$2; shift 2 ;;
        # wrk's own default (2 s) would drop node_exporter's slow answers instead of counting them.
        --timeout) timeout=$2; shift 2 ;;
        *) echo "usage: $0 [--ixp-health PATH] [--duration S] [--connections N] [--interfaces N] [--timeout S]" >&2; exit 2 ;;
    esac
done
if [ -z "$binary" ]; then
    (cd "$root" && swift build -c release --product ixp-health >&2)
    binary="$root/.build/release/ixp-health"
fi
for tool in wrk prometheus-node-exporter snmpsim-command-responder curl; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is not installed" >&2; exit 2; }
done

work=$(mktemp -d /tmp/ixp-metrics-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, int(sys.argv[1])); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"
}

# 1. The switch: snmpsim serving the recording (community = file name).
mkdir -p "$work/data" "$work/cache" "$work/textfile"
python3 "$here/make-switch.py" --interfaces "$interfaces" > "$work/data/bench.snmprec"
chmod -R a+rX "$work"; chmod 777 "$work/cache"
snmp_port=$(free_port 2)
user_args=()
[ "$(id -u)" = 0 ] && user_args=(--process-user=nobody --process-group=nogroup)
# This Python has no gdbm/ndbm module: make snmpsim index with dbm.dumb, as the test harness does.
cat > "$work/responder.py" <<'PY'
import sys, dbm, dbm.dumb
dbm._defaultmod = dbm.dumb
dbm._modules = {"dbm.dumb": dbm.dumb}
from snmpsim.commands.responder import main
sys.exit(main())
PY
python=$(head -1 "$(command -v snmpsim-command-responder)" | sed -n 's/^#! *//p')
case "$python" in *python*) ;; *) python=python3 ;; esac
"$python" "$work/responder.py" --data-dir="$work/data" --cache-dir="$work/cache" \
    --agent-udpv4-endpoint="127.0.0.1:$snmp_port" --max-var-binds=256 "${user_args[@]}" \
    > "$work/snmpsim.log" 2>&1 &
pids+=($!)

# 2. The agent, polling it every 10 s.
agent_port=$(free_port 1)
cat > "$work/config.yaml" <<YAML
http:
  listen: 127.0.0.1:$agent_port
  rate_limit: off          # every wrk connection comes from 127.0.0.1: the default limit would answer 429
max_series: 100000
snmp:
  interval: 10s
  timeout: 5s
  retries: 1
  max_repetitions: 25
switches:
  - name: bench
    address: 127.0.0.1
    port: $snmp_port
    community: bench
YAML
"$binary" run --config "$work/config.yaml" > "$work/agent.log" 2>&1 &
pids+=($!)

echo "waiting for the first poll of $interfaces interfaces …" >&2
for _ in $(seq 1 300); do
    if curl -s "http://127.0.0.1:$agent_port/metrics" 2>/dev/null | grep -q '^ixp_snmp_poll_success{switch="bench"} 1'; then break; fi
    sleep 1
done
curl -s "http://127.0.0.1:$agent_port/metrics" > "$work/textfile/ixp.prom"
grep -q '^ixp_snmp_poll_success{switch="bench"} 1' "$work/textfile/ixp.prom" || {
    echo "the agent did not poll the switch; log:" >&2; tail -20 "$work/agent.log" >&2; exit 1; }
series=$(grep -vc '^#' "$work/textfile/ixp.prom")
bytes=$(wc -c < "$work/textfile/ixp.prom")
gzip_bytes=$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$agent_port/metrics" | wc -c)

# 3. node_exporter serving the same exposition from its textfile collector.
node_port=$(free_port 1)
prometheus-node-exporter --web.listen-address="127.0.0.1:$node_port" --collector.disable-defaults \
    --collector.textfile --collector.textfile.directory="$work/textfile" > "$work/node.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$node_port/metrics" >/dev/null && break; sleep 0.2; done
node_series=$(curl -s "http://127.0.0.1:$node_port/metrics" | grep -c '^ixp_' || true)

# 4. wrk: req/s and p99, plain and gzipped, each server in turn.
declare -A rate
invalid=()
measure() {  # name url [header]
    local name=$1 url=$2 header=${3:-}
    local args=(-t"$threads" -c"$connections" -d"${duration}s" --timeout "${timeout}s" --latency)
    [ -n "$header" ] && args+=(-H "$header")
    local out load_before load_after
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    out=$(wrk "${args[@]}" "$url")
    load_after=$(cut -d' ' -f1 /proc/loadavg)
    echo "$out" > "$work/wrk-$name.txt"
    local rps p99 errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<< "$out")
    p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<< "$out" | tr '\n' ' ')
    rate[$name]=$rps
    # Only 200s count: a run with error answers (429, 5xx) measures something else. (Timeouts
    # are requests wrk gave up on: the rate counts only the completed ones.)
    grep -q 'Non-2xx' <<< "$errors" && invalid+=("$name")
    printf '%-28s %12s %10s %6s → %-6s %s\n' "$name" "$rps" "$p99" "$load_before" "$load_after" "$errors"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f×", a / b; else print "n/a" }'; }
{
    echo "ixp-health /metrics vs prometheus-node-exporter textfile collector, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "command: Benchmarks/metrics/run.sh --ixp-health $binary --duration $duration --connections $connections --timeout $timeout --interfaces $interfaces"
    echo "machine: $(nproc) CPUs; $(prometheus-node-exporter --version 2>&1 | sed -n 1p)"
    echo "exposition: $series samples, $bytes bytes plain, $gzip_bytes bytes gzipped (node_exporter serves $node_series ixp_ samples)"
    echo "wrk -t$threads -c$connections -d${duration}s --timeout ${timeout}s --latency; the agent polls the $interfaces-interface switch every 10 s meanwhile"
    printf '%-28s %12s %10s %17s\n' "server" "req/s" "p99" "load avg (1 min)"
    measure "ixp-health plain" "http://127.0.0.1:$agent_port/metrics"
    measure "ixp-health gzip" "http://127.0.0.1:$agent_port/metrics" "Accept-Encoding: gzip"
    measure "ixp-health openmetrics" "http://127.0.0.1:$agent_port/metrics" "Accept: application/openmetrics-text;version=1.0.0"
    measure "node_exporter plain" "http://127.0.0.1:$node_port/metrics"
    measure "node_exporter gzip" "http://127.0.0.1:$node_port/metrics" "Accept-Encoding: gzip"
    [ ${#invalid[@]} -eq 0 ] || echo "NOT VALID: non-2xx answers from: ${invalid[*]}"
    echo "ixp-health / node_exporter requests/s: plain $(ratio "${rate[ixp-health plain]}" "${rate[node_exporter plain]}"), gzip $(ratio "${rate[ixp-health gzip]}" "${rate[node_exporter gzip]}") (goal: ≥ 100×)"
    polls=$(curl -s "http://127.0.0.1:$agent_port/api/v1/status" | python3 -c 'import json,sys; print(sum(p["runs"] for p in json.load(sys.stdin)["probes"]))')
    echo "agent polls completed during the run: $polls; last poll $(curl -s "http://127.0.0.1:$agent_port/metrics" | awk '/^ixp_snmp_poll_duration_seconds/ {print $2}') s"
} | tee "$here/results.txt"
