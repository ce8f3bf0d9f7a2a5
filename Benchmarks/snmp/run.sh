#!/usr/bin/env bash
# SNMP counter-sweep benchmark: ixp-health against snmpbulkwalk and prometheus-snmp-exporter on
# the namespace lab (Lab/lab.sh) with >= 1,000 interfaces, and 50 targets polled together
# against the slowest single target. Run as root from anywhere:
#
#   Benchmarks/snmp/run.sh [--reps N] [--ixp-health PATH] [--keep-lab] [--no-build]
#
# Without --ixp-health it builds `ixp-health` in release mode (scratch path .build-bench).
# Prints a table and writes Benchmarks/snmp/results.txt (and results.json).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
REPS=5
BIN=""
BUILD=1
KEEP_LAB=0
SWITCHES=50
STATE_DIR=/tmp/ixlab-bench

while [ $# -gt 0 ]; do
    case "$1" in
        --reps) REPS=$2; shift 2 ;;
        --ixp-health) BIN=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --keep-lab) KEEP_LAB=1; shift ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "run.sh: needs root (network namespaces)" >&2; exit 2; }
for tool in snmpbulkwalk prometheus-snmp-exporter curl python3; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool not installed" >&2; exit 2; }
done

# The columns ixp-health walks on every poll (Sources/InterfaceProbe/IFMIB.swift, IFMIB.counterColumns):
# ifOperStatus, each counter's 64-bit ifHC* column and its 32-bit fallback, errors, discards,
# ifCounterDiscontinuityTime. Benchmarks/snmp/snmp.yml walks the same list.
COLUMNS=(
    1.3.6.1.2.1.2.2.1.8
    1.3.6.1.2.1.31.1.1.1.6 1.3.6.1.2.1.2.2.1.10
    1.3.6.1.2.1.31.1.1.1.10 1.3.6.1.2.1.2.2.1.16
    1.3.6.1.2.1.31.1.1.1.7 1.3.6.1.2.1.2.2.1.11
    1.3.6.1.2.1.31.1.1.1.8 1.3.6.1.2.1.31.1.1.1.2
    1.3.6.1.2.1.31.1.1.1.9 1.3.6.1.2.1.31.1.1.1.3
    1.3.6.1.2.1.31.1.1.1.11 1.3.6.1.2.1.2.2.1.17
    1.3.6.1.2.1.31.1.1.1.12 1.3.6.1.2.1.31.1.1.1.4
    1.3.6.1.2.1.31.1.1.1.13 1.3.6.1.2.1.31.1.1.1.5
    1.3.6.1.2.1.2.2.1.14 1.3.6.1.2.1.2.2.1.20
    1.3.6.1.2.1.2.2.1.13 1.3.6.1.2.1.2.2.1.19
    1.3.6.1.2.1.31.1.1.1.19
)
export COLUMNS_LIST="${COLUMNS[*]}"
TICK=$(getconf CLK_TCK)
WORK=$(mktemp -d /tmp/ixp-health-snmp-bench.XXXXXX)
EXPORTER_PID=""
AGENT_PID=""

cleanup() {
    [ -n "$EXPORTER_PID" ] && kill "$EXPORTER_PID" 2>/dev/null || true
    [ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null || true
    if [ "$KEEP_LAB" -eq 0 ]; then "$ROOT/Lab/lab.sh" down --state-dir "$STATE_DIR" >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 130" INT TERM

now() { date +%s.%N; }
# user+system CPU ticks of a process
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
calc() { python3 -c "print($1)"; }
free_tcp_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------------------------------------
if [ -z "$BIN" ]; then
    if [ "$BUILD" -eq 1 ]; then
        echo "== building ixp-health (release)" >&2
        (cd "$ROOT" && swift build -c release --scratch-path .build-bench --product ixp-health >&2)
    fi
    BIN="$ROOT/.build-bench/release/ixp-health"
fi
HAVE_IXP=0
if [ -x "$BIN" ] && "$BIN" poll --help 2>/dev/null | grep -q -- "--sweep"; then HAVE_IXP=1; fi
[ "$HAVE_IXP" -eq 1 ] || echo "run.sh: no ixp-health with 'poll --sweep' at $BIN; its rows are skipped" >&2

echo "== lab: 500 veth pairs + 24 member ports, and $SWITCHES small switches" >&2
"$ROOT/Lab/lab.sh" up --bench --switches "$SWITCHES" --no-traffic --state-dir "$STATE_DIR" >&2
# shellcheck disable=SC1091
. "$STATE_DIR/lab.env"
TARGET=$IXLAB_TARGET
read -r -a SMALL <<< "$IXLAB_SWITCH_TARGETS"
SNMPD_PID=$(cat "$STATE_DIR/ixlab/snmpd.pid")

# One sweep with snmpbulkwalk: the columns one after another (it walks one subtree per run).
sweep_bulkwalk() {
    local c
    for c in $COLUMNS_LIST; do
        snmpbulkwalk -v2c -c public -On -Cr25 -t 5 -r 1 "$1" "$c"
    done
}
export -f sweep_bulkwalk

# Warm snmpd's caches (its ifTable cache lives a few seconds; every tool pays for reloads alike).
sweep_bulkwalk "$TARGET" > /dev/null

# ---------------------------------------------------------------------------------------------
echo "== one full counter sweep of $IXLAB_INTERFACES interfaces, $REPS times each" >&2
declare -A WALL CPU VALUES AGENT

# snmpbulkwalk
a0=$(ticks "$SNMPD_PID")
/usr/bin/time -f "%e %U %S" -o "$WORK/bw.time" bash -c "for i in \$(seq $REPS); do sweep_bulkwalk $TARGET; done" > "$WORK/bw.out"
a1=$(ticks "$SNMPD_PID")
read -r e u s < "$WORK/bw.time"
WALL[bulkwalk]=$(calc "$e / $REPS")
CPU[bulkwalk]=$(calc "($u + $s) / $REPS")
VALUES[bulkwalk]=$(( $(grep -c '^\.' "$WORK/bw.out") / REPS ))
AGENT[bulkwalk]=$(calc "($a1 - $a0) / $TICK / $REPS")

# prometheus-snmp-exporter
PORT=$(free_tcp_port)
prometheus-snmp-exporter --config.file="$HERE/snmp.yml" --web.listen-address="127.0.0.1:$PORT" \
    > "$WORK/exporter.log" 2>&1 &
EXPORTER_PID=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/metrics" >/dev/null && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT/snmp?module=ixp_counters&target="
curl -sf "$URL$TARGET" > "$WORK/scrape.txt"   # warm-up
c0=$(ticks "$EXPORTER_PID"); a0=$(ticks "$SNMPD_PID"); t0=$(now)
for _ in $(seq "$REPS"); do curl -sf "$URL$TARGET" > "$WORK/scrape.txt"; done
t1=$(now); c1=$(ticks "$EXPORTER_PID"); a1=$(ticks "$SNMPD_PID")
WALL[exporter]=$(calc "($t1 - $t0) / $REPS")
CPU[exporter]=$(calc "($c1 - $c0) / $TICK / $REPS")
VALUES[exporter]=$(grep -v '^#' "$WORK/scrape.txt" | grep -vc '^snmp_scrape')
AGENT[exporter]=$(calc "($a1 - $a0) / $TICK / $REPS")

# ixp-health
if [ "$HAVE_IXP" -eq 1 ]; then
    "$BIN" poll "$TARGET" --community public --sweep counters --repeat 1 --format json > /dev/null  # warm-up
    a0=$(ticks "$SNMPD_PID")
    /usr/bin/time -f "%e %U %S" -o "$WORK/ixp.time" \
        "$BIN" poll "$TARGET" --community public --max-repetitions 25 --sweep counters --repeat "$REPS" --format json \
        > "$WORK/ixp.json"
    a1=$(ticks "$SNMPD_PID")
    read -r WALL[ixp] CPU[ixp] VALUES[ixp] <<< "$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
n = r["sweeps"]
print(r["wall_seconds"] / n, r["cpu_seconds"] / n, r["values"] // n)' "$WORK/ixp.json")"
    read -r e u s < "$WORK/ixp.time"
    WALL[ixp_process]=$e; CPU[ixp_process]=$(calc "$u + $s"); VALUES[ixp_process]=$(( VALUES[ixp] * REPS ))
    AGENT[ixp]=$(calc "($a1 - $a0) / $TICK / $REPS")
    REQUESTS_IXP=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r.get("requests",0)//r["sweeps"])' "$WORK/ixp.json")
fi

# ---------------------------------------------------------------------------------------------
echo "== $SWITCHES targets: each alone, then all together" >&2
declare -A SLOW TOGETHER FLOOR
NCPU=$(nproc)
SMALL_PIDS=$(cat "$STATE_DIR"/ixsw*/snmpd.pid)
# CPU ticks of all the small switches' snmpd together
small_ticks() { local p sum=0; for p in $SMALL_PIDS; do sum=$(( sum + $(ticks "$p") )); done; echo "$sum"; }
export SMALL_LIST="${SMALL[*]}"

# snmpbulkwalk: one sweep per target; together = one chain of snmpbulkwalks per target, all at once
slow=0
for t in "${SMALL[@]}"; do
    t0=$(now); sweep_bulkwalk "$t" > /dev/null; t1=$(now)
    slow=$(calc "max($slow, $t1 - $t0)")
done
SLOW[bulkwalk]=$slow
a0=$(small_ticks)
/usr/bin/time -f "%e %U %S" -o "$WORK/bw50.time" bash -c '
    pids=()
    for t in $SMALL_LIST; do sweep_bulkwalk "$t" > /dev/null & pids+=($!); done
    wait "${pids[@]}"'
a1=$(small_ticks)
read -r e u s < "$WORK/bw50.time"
TOGETHER[bulkwalk]=$e
FLOOR[bulkwalk]=$(calc "(($a1 - $a0) / $TICK + $u + $s) / $NCPU")

# snmp_exporter: one scrape per target; together = all scrapes at once (it serves them concurrently)
slow=0
for t in "${SMALL[@]}"; do
    t0=$(now); curl -sf "$URL$t" > /dev/null; t1=$(now)
    slow=$(calc "max($slow, $t1 - $t0)")
done
SLOW[exporter]=$slow
a0=$(small_ticks); c0=$(ticks "$EXPORTER_PID"); t0=$(now)
printf '%s\n' "${SMALL[@]}" | xargs -P "$SWITCHES" -I{} curl -sf -o /dev/null "$URL{}"
t1=$(now); c1=$(ticks "$EXPORTER_PID"); a1=$(small_ticks)
TOGETHER[exporter]=$(calc "$t1 - $t0")
FLOOR[exporter]=$(calc "(($a1 - $a0) + ($c1 - $c0)) / $TICK / $NCPU")

# ixp-health: each target alone with `poll --sweep counters`; together = `ixp-health run` with
# all targets in one configuration (its scheduler starts every switch's poll at the same time,
# then repeats them on the same interval); the sweep's wall time is the longest
# ixp_snmp_poll_duration_seconds of a round, the median over the rounds after the first
# (the first also walks the label columns).
if [ "$HAVE_IXP" -eq 1 ]; then
    slow=0
    for t in "${SMALL[@]}"; do
        w=$("$BIN" poll "$t" --community public --sweep counters --repeat 3 --format json |
            python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["wall_seconds"]/r["sweeps"])')
        slow=$(calc "max($slow, $w)")
    done
    SLOW[ixp]=$slow

    # together, as separate processes: one `ixp-health poll --sweep counters` per target, all at
    # once (each process pays its own start-up: an upper bound for the in-process engine)
    a0=$(small_ticks)
    /usr/bin/time -f "%e %U %S" -o "$WORK/ixp50.time" bash -c '
        pids=()
        for t in $SMALL_LIST; do
            "$0" poll "$t" --community public --sweep counters --repeat 1 --format json > /dev/null & pids+=($!)
        done
        wait "${pids[@]}"' "$BIN"
    a1=$(small_ticks)
    read -r e u s < "$WORK/ixp50.time"
    TOGETHER[ixp_processes]=$e
    FLOOR[ixp_processes]=$(calc "(($a1 - $a0) / $TICK + $u + $s) / $NCPU")
    SLOW[ixp_processes]=${SLOW[ixp]}

    # together, in one agent: `ixp-health run` with all targets in one configuration (its
    # scheduler starts every switch's poll at the same time and repeats them on one interval);
    # a round's wall time is its longest ixp_snmp_poll_duration_seconds, the median of the
    # rounds after the first (the first also walks the label columns). A watchdog kills the
    # agent if its resident memory passes IXP_AGENT_RSS_LIMIT_MB (default 4096), so that a
    # memory-hungry build cannot take the machine down (an earlier one needed ~600 MB per switch;
    # `ulimit -v` does not work: the store reserves much more address space than it touches).
    HTTP_PORT=$(free_tcp_port)
    {
        echo "http:"
        echo "  listen: 127.0.0.1:$HTTP_PORT"
        echo "snmp:"
        echo "  version: \"2c\""
        echo "  community: public"
        echo "  max_repetitions: 25"
        echo "  interval: 3s"
        echo "switches:"
        for t in "${SMALL[@]}"; do echo "  - name: sw-$t"; echo "    address: $t"; done
    } > "$WORK/agent.yaml"
    "$BIN" run --config "$WORK/agent.yaml" > "$WORK/agent.log" 2>&1 &
    AGENT_PID=$!
    (
        limit=$(( ${IXP_AGENT_RSS_LIMIT_MB:-4096} * 1024 ))
        while rss=$(awk '/VmRSS/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null) && [ -n "$rss" ]; do
            if [ "$rss" -gt "$limit" ]; then
                echo "watchdog: agent RSS $rss kB > $limit kB, killed" >> "$WORK/agent.log"
                kill -9 "$AGENT_PID"; break
            fi
            sleep 0.2
        done
    ) &
    WATCHDOG_PID=$!
    : > "$WORK/rounds.txt"
    sleep 1.5   # the middle of the first round's interval
    ROUNDS=6
    AGENT_OK=1
    for i in $(seq 1 "$ROUNDS"); do
        sleep 3
        if ! kill -0 "$AGENT_PID" 2>/dev/null; then AGENT_OK=0; break; fi
        if [ "$i" -eq 1 ]; then a0=$(small_ticks); c0=$(ticks "$AGENT_PID"); fi
        curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" |
            awk '/^ixp_snmp_poll_duration_seconds\{/ { if ($NF > m) m = $NF; n++ } END { print m, n }' >> "$WORK/rounds.txt" || true
    done
    if [ "$AGENT_OK" -eq 1 ]; then
        a1=$(small_ticks); c1=$(ticks "$AGENT_PID")
        # CPU of the rounds after the first scrape, per round
        FLOOR[ixp]=$(calc "(($a1 - $a0) + ($c1 - $c0)) / $TICK / ($ROUNDS - 1) / $NCPU")
        AGENT_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$AGENT_PID/status")
        kill "$AGENT_PID" 2>/dev/null || true
        TOGETHER[ixp]=$(python3 -c '
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
rounds = [float(r[0]) for r in rows[1:] if len(r) == 2 and int(r[1]) >= int(sys.argv[2])]
print(statistics.median(rounds) if rounds else "nan")' "$WORK/rounds.txt" "$SWITCHES")
    else
        echo "run.sh: 'ixp-health run' with $SWITCHES switches died (log below); its row is nan" >&2
        tail -5 "$WORK/agent.log" >&2
        TOGETHER[ixp]=nan; FLOOR[ixp]=0; AGENT_RSS_KB=0
    fi
    wait "$AGENT_PID" 2>/dev/null || true
    AGENT_PID=""
    wait "$WATCHDOG_PID" 2>/dev/null || true
fi

# ---------------------------------------------------------------------------------------------
python3 - "$HAVE_IXP" "$REPS" "$IXLAB_INTERFACES" "$SWITCHES" "${REQUESTS_IXP:-0}" "$NCPU" <<EOF | tee "$HERE/results.txt"
import json, sys
have_ixp, reps, interfaces, switches, requests_ixp = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
names = {"bulkwalk": "snmpbulkwalk", "exporter": "snmp_exporter 0.21", "ixp-health": "ixp-health"}
wall = {"bulkwalk": ${WALL[bulkwalk]}, "exporter": ${WALL[exporter]}}
cpu = {"bulkwalk": ${CPU[bulkwalk]}, "exporter": ${CPU[exporter]}}
values = {"bulkwalk": ${VALUES[bulkwalk]}, "exporter": ${VALUES[exporter]}}
agent = {"bulkwalk": ${AGENT[bulkwalk]}, "exporter": ${AGENT[exporter]}}
slow = {"bulkwalk": ${SLOW[bulkwalk]}, "exporter": ${SLOW[exporter]}}
together = {"bulkwalk": ${TOGETHER[bulkwalk]}, "exporter": ${TOGETHER[exporter]}}
floor = {"bulkwalk": ${FLOOR[bulkwalk]}, "exporter": ${FLOOR[exporter]}}
if have_ixp:
    wall["ixp-health"] = ${WALL[ixp]:-0}; cpu["ixp-health"] = ${CPU[ixp]:-0}
    values["ixp-health"] = ${VALUES[ixp]:-0}; agent["ixp-health"] = ${AGENT[ixp]:-0}
    slow["ixp-health"] = ${SLOW[ixp]:-0}; together["ixp-health"] = float("${TOGETHER[ixp]:-nan}")
    floor["ixp-health"] = ${FLOOR[ixp]:-0}
    slow["ixp-health (processes)"] = ${SLOW[ixp_processes]:-0}; together["ixp-health (processes)"] = ${TOGETHER[ixp_processes]:-0}
    floor["ixp-health (processes)"] = ${FLOOR[ixp_processes]:-0}
    names["ixp-health (processes)"] = "ixp-health, 50 procs"
    names["ixp-health"] = "ixp-health run"
    process = {"wall": ${WALL[ixp_process]:-0}, "cpu": ${CPU[ixp_process]:-0}}
print(f"One counter sweep: {interfaces} interfaces, 22 columns, max-repetitions 25, mean of {reps} sweeps")
print(f"{'tool':<20}{'values':>8}{'wall s':>9}{'CPU s':>9}{'CPU us/value':>14}{'snmpd CPU s':>13}")
sweep_names = {"bulkwalk": "snmpbulkwalk", "exporter": "snmp_exporter 0.21", "ixp-health": "ixp-health poll"}
for k in wall:
    print(f"{sweep_names[k]:<20}{values[k]:>8}{wall[k]:>9.3f}{cpu[k]:>9.3f}{cpu[k] / max(values[k], 1) * 1e6:>14.2f}{agent[k]:>13.3f}")
if have_ixp:
    print(f"  (ixp-health PDUs per sweep: {requests_ixp}; whole process incl. start-up for {reps} sweeps: wall {process['wall']:.3f} s, CPU {process['cpu']:.3f} s)")
print()
print("Ratios (ixp-health / other; below 1 is better)")
if have_ixp:
    for k in ("bulkwalk", "exporter"):
        r_cpu = (cpu["ixp-health"] / values["ixp-health"]) / (cpu[k] / values[k])
        r_wall = wall["ixp-health"] / wall[k]
        print(f"  vs {sweep_names[k]:<20} CPU per value {r_cpu:6.2f}   wall {r_wall:6.2f}")
else:
    print("  (no ixp-health binary)")
print()
print(f"{switches} targets (~50 interfaces each): together vs the slowest single target")
print(f"  CPU floor = (CPU of the {switches} snmpd + the tool during the run) / {sys.argv[6]} cores: the agents share this machine's cores")
print(f"{'tool':<22}{'slowest single s':>16}{'together s':>12}{'ratio':>8}{'CPU floor s':>13}{'together/max(slowest,floor)':>29}")
for k in slow:
    bound = max(slow[k], floor[k])
    print(f"{names[k]:<22}{slow[k]:>16.3f}{together[k]:>12.3f}{together[k] / slow[k]:>8.2f}{floor[k]:>13.3f}{together[k] / bound:>29.2f}")
if have_ixp:
    print(f"  (ixp-health run: peak RSS {int('${AGENT_RSS_KB:-0}' or 0) / 1024:.0f} MiB with {switches} switches)")
json.dump({"sweep": {k: {"values": values[k], "wall_seconds": wall[k], "cpu_seconds": cpu[k], "snmpd_cpu_seconds": agent[k]} for k in wall},
           "targets": {k: {"slowest_single_seconds": slow[k], "together_seconds": together[k], "cpu_floor_seconds": floor[k]} for k in slow}},
          open("$HERE/results.json", "w"), indent=1)
EOF
