#!/usr/bin/env bash
# End-to-end test of the living lab (root): brings the lab up, imports its history, runs the
# agent, waits until every misbehaving member shows as a finding and a mail has arrived,
# collects everything the agent shows (its log, /metrics, the API, the dashboard, the mail,
# check-config, the state database) and looks in it for the lab's secrets (Lab/leakcheck.py),
# takes everything down, and checks that nothing is left: no lab namespace, no ixlab-* link, no
# lab process, no state directory.
#
#   Lab/test-lab.sh [--bin .build/debug/ixp-health] [--timeout 420] [--members 20]
#                   [--outputs DIR]   # keep what leakcheck collected (default: removed with the lab)
#
# Exit 0: all shown, no secret found, cleaned up; 1: a finding or the mail is missing, a secret
# was found in an output, or something was left.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=""
TIMEOUT=420
MEMBERS=20
STATE_DIR=/tmp/ixlab-test
OUTPUTS=""
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) BIN=$2; shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        --members) MEMBERS=$2; shift 2 ;;
        --outputs) OUTPUTS=$2; shift 2 ;;
        *) echo "test-lab.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ -z "$BIN" ]; then
    for c in "$ROOT/.build/release/ixp-health" "$ROOT/.build/debug/ixp-health"; do [ -x "$c" ] && { BIN=$c; break; }; done
fi
[ -x "$BIN" ] || { echo "test-lab.sh: no ixp-health binary (swift build --product ixp-health)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "test-lab.sh: needs root (network namespaces)" >&2; exit 2; }
export IXLAB_STATE_DIR=$STATE_DIR
[ -x "$(dirname "$BIN")/synth-history" ] && export IXLAB_SYNTH="$(dirname "$BIN")/synth-history"

fail=0
AGENT_PID=""
T0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }

teardown() {
    if [ -n "$AGENT_PID" ]; then
        kill -TERM "$AGENT_PID" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$AGENT_PID" 2>/dev/null
        wait "$AGENT_PID" 2>/dev/null
    fi
    "$HERE/lab.sh" down --state-dir "$STATE_DIR"
}
trap 'teardown; exit 130' INT TERM
# Long steps run in the background and are waited for, so that INT or TERM (a test runner's
# timeout) tears the lab down at once instead of after the step.
bg() { "$@" & wait $!; }

stamp "lab up ($MEMBERS members)"
if ! bg "$HERE/lab.sh" up --members "$MEMBERS" --state-dir "$STATE_DIR"; then
    stamp "FAIL: lab.sh up"; teardown; exit 1
fi
set -a; . "$STATE_DIR/lab.env"; set +a
"$HERE/lab.sh" agent-config --bin "$BIN" --state-dir "$STATE_DIR" > /dev/null || { stamp "FAIL: lab.sh agent-config"; teardown; exit 1; }
stamp "import history"
bg "$BIN" import --config "$STATE_DIR/agent.yaml" --openmetrics "$IXLAB_HISTORY/history.om" > "$STATE_DIR/import.log" 2>&1 || { stamp "FAIL: import --openmetrics"; cat "$STATE_DIR/import.log"; fail=1; }
bg "$BIN" import --config "$STATE_DIR/agent.yaml" --ixf "$IXLAB_HISTORY"/ixf/*.json >> "$STATE_DIR/import.log" 2>&1 || { stamp "FAIL: import --ixf"; cat "$STATE_DIR/import.log"; fail=1; }
stamp "agent run"
"$BIN" run --config "$STATE_DIR/agent.yaml" > "$STATE_DIR/agent.log" 2>&1 &
AGENT_PID=$!
START=$(date +%s)
if [ "$fail" -eq 0 ]; then
    bg python3 "$HERE/findings.py" --env "$STATE_DIR/lab.env" --wait "$TIMEOUT" --since "$START" || fail=1
fi
"$HERE/lab.sh" mail --state-dir "$STATE_DIR" | head -n 5
# Everything the agent showed while the whole lab ran, searched for every secret.
out=${OUTPUTS:-$STATE_DIR/outputs}
mkdir -p "$out"
cp "$STATE_DIR/import.log" "$out/import.log"
stamp "leak check: collecting the agent's outputs into $out"
if kill -0 "$AGENT_PID" 2>/dev/null; then
    bg python3 "$HERE/leakcheck.py" --env "$STATE_DIR/lab.env" --out "$out" --bin "$BIN" --config "$STATE_DIR/agent.yaml" \
        --log "$STATE_DIR/agent.log" --state "$STATE_DIR/agent-state" || { stamp "FAIL: leak check"; fail=1; }
else
    stamp "FAIL: the agent is not running"; fail=1
fi
if [ "$fail" -ne 0 ]; then
    stamp "agent log (last lines):"; tail -n 15 "$STATE_DIR/agent.log"
fi
stamp "teardown"
teardown

left=""
ns=$(ip netns list | awk '{print $1}' | grep -E '^(ixlab|ixm[0-9]+|ixrs[12]|ixsvc|ixsw[0-9]+)$')
[ -n "$ns" ] && left="$left namespaces: $(echo $ns);"
links=$(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E '^ixlab-')
[ -n "$links" ] && left="$left links: $(echo $links);"
procs=$(pgrep -f "$STATE_DIR" || true)
[ -n "$procs" ] && left="$left processes: $(echo $procs);"
[ -e "$STATE_DIR" ] && left="$left state directory $STATE_DIR;"
if [ -n "$left" ]; then stamp "FAIL: left behind:$left"; fail=1; else stamp "nothing left behind"; fi
stamp "$([ $fail -eq 0 ] && echo PASS || echo FAIL)"
exit $fail
