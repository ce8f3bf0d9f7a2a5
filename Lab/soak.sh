#!/usr/bin/env bash
# Soak run (root): the living lab with a compressed clock, so that a whole lab day (or more) of
# traffic rhythm, flaps, findings and mail passes, with the agent running throughout. Every
# --interval seconds it samples the agent's resident memory (VmRSS), open file descriptors,
# threads and the store's own allocation (ixp_store_allocated_bytes from /metrics) into a CSV,
# (and its anonymous and file-backed parts: heap against mapped snapshot and binary pages),
# and at the end reports RSS after the warm-up (the first 20 % of the run) against the end,
# the growth of the store's allocation over the same span, and the fd and thread ranges.
#
#   Lab/soak.sh [--bin PATH] [--speed 96] [--lab-hours 24] [--interval 15] [--csv FILE]
#               [--no-import]
#
# Real time = lab hours × 3600 / speed (24 lab hours at --speed 96: 15 minutes; at 48: 30).
# The two-year history is imported first (as `make run` does) unless --no-import. Exit 0 when
# RSS grew less than 1 % after the warm-up and the fd and thread counts stayed bounded; 1
# otherwise (or when the agent stopped); 2 bad arguments.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=""
SPEED=96
LAB_HOURS=24
INTERVAL=15
CSV=""
IMPORT=1
STATE_DIR=/tmp/ixlab-soak
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) BIN=${2:?}; shift 2 ;;
        --speed) SPEED=${2:?}; shift 2 ;;
        --lab-hours) LAB_HOURS=${2:?}; shift 2 ;;
        --interval) INTERVAL=${2:?}; shift 2 ;;
        --csv) CSV=${2:?}; shift 2 ;;
        --no-import) IMPORT=0; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "soak.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -z "$BIN" ]; then
    for c in "$ROOT/.build/release/ixp-health" "$ROOT/.build/debug/ixp-health"; do [ -x "$c" ] && { BIN=$c; break; }; done
fi
[ -x "$BIN" ] || { echo "soak.sh: no ixp-health binary (swift build -c release --product ixp-health)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "soak.sh: needs root (the living lab)" >&2; exit 2; }
CSV=${CSV:-$ROOT/docs/soak/soak-$(date -u +%Y%m%d-%H%M).csv}
mkdir -p "$(dirname "$CSV")"
export IXLAB_STATE_DIR=$STATE_DIR
[ -x "$(dirname "$BIN")/synth-history" ] && export IXLAB_SYNTH="$(dirname "$BIN")/synth-history"
DURATION=$(python3 -c "print(int($LAB_HOURS * 3600 / $SPEED))")

AGENT_PID=""
T0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
teardown() {
    trap - EXIT INT TERM
    if [ -n "$AGENT_PID" ]; then
        kill -TERM "$AGENT_PID" 2>/dev/null
        for _ in $(seq 1 100); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$AGENT_PID" 2>/dev/null
        wait "$AGENT_PID" 2>/dev/null
    fi
    "$HERE/lab.sh" down --state-dir "$STATE_DIR"
}
trap teardown EXIT
trap 'exit 130' INT TERM

stamp "lab up (--speed $SPEED: $LAB_HOURS lab hours in $DURATION s), agent $BIN"
"$HERE/lab.sh" up --speed "$SPEED" --state-dir "$STATE_DIR" & wait $! || { stamp "FAIL: lab.sh up"; exit 1; }
set -a; . "$STATE_DIR/lab.env"; set +a
"$HERE/lab.sh" agent-config --bin "$BIN" --state-dir "$STATE_DIR" > /dev/null || exit 1
if [ "$IMPORT" -eq 1 ]; then
    stamp "importing the two-year history"
    "$BIN" import --config "$STATE_DIR/agent.yaml" --openmetrics "$IXLAB_HISTORY/history.om" > "$STATE_DIR/import.log" 2>&1 & wait $! \
        || { stamp "FAIL: import"; tail "$STATE_DIR/import.log"; exit 1; }
    "$BIN" import --config "$STATE_DIR/agent.yaml" --ixf "$IXLAB_HISTORY"/ixf/*.json >> "$STATE_DIR/import.log" 2>&1 & wait $!
fi
"$BIN" run --config "$STATE_DIR/agent.yaml" > "$STATE_DIR/agent.log" 2>&1 &
AGENT_PID=$!
stamp "agent pid $AGENT_PID; sampling every $INTERVAL s into $CSV"

metric() { # $1 series as /metrics writes it (name, or name{labels}) → its value, or empty
    awk -v n="$1" '$1 == n {print $2; exit}' "$STATE_DIR/metrics.txt"
}
echo "elapsed_s,lab_clock,rss_kib,rss_anon_kib,rss_file_kib,fds,threads,store_allocated_bytes,store_series,findings_firing,mails" > "$CSV"
START=$(date +%s)
while :; do
    now=$(date +%s); elapsed=$((now - START))
    kill -0 "$AGENT_PID" 2>/dev/null || { stamp "FAIL: the agent stopped"; tail -n 20 "$STATE_DIR/agent.log"; exit 1; }
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$AGENT_PID/status")
    threads=$(awk '/^Threads:/ {print $2}' "/proc/$AGENT_PID/status")
    anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$AGENT_PID/status")
    file=$(awk '/^RssFile:/ {f=$2} /^RssShmem:/ {s=$2} END {print f + s}' "/proc/$AGENT_PID/status")
    fds=$(ls "/proc/$AGENT_PID/fd" | wc -l)
    clock=$(sed -n 's/^lab_clock \([A-Za-z]* [0-9:]*\).*/\1/p' "$STATE_DIR/clock" 2>/dev/null | head -n 1)
    curl -sf -m 10 -H "Authorization: Bearer $IXLAB_METRICS_TOKEN" -H 'Accept: text/plain' \
        -o "$STATE_DIR/metrics.txt" http://127.0.0.1:9470/metrics || : > "$STATE_DIR/metrics.txt"
    firing=$(metric 'ixp_findings{state="firing"}')
    mails=$(find "$STATE_DIR/mail/new" "$STATE_DIR/mail/cur" -type f 2>/dev/null | wc -l)
    echo "$elapsed,${clock:-},$rss,$anon,$file,$fds,$threads,$(metric ixp_store_allocated_bytes),$(metric ixp_store_series),${firing:-},$mails" >> "$CSV"
    [ "$elapsed" -ge "$DURATION" ] && break
    sleep "$INTERVAL"
done
stamp "soak done: $(($(wc -l < "$CSV") - 1)) samples"
python3 "$HERE/soak_report.py" "$CSV"
status=$?
grep -ciE " (error|critical) " "$STATE_DIR/agent.log" | sed 's/^/agent log lines at error or critical: /'
exit $status
