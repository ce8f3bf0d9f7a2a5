#!/usr/bin/env bash
# What `make run` runs after installing and building: the living lab, two years of history
# imported, and the agent on it, until Ctrl-C, which takes everything down again.
#
#   Lab/run.sh [--bin PATH] [lab.sh up options: --members N --speed X …]
#
# Prints the dashboard, report and mail locations, then one status line every 30 s: how many
# of the misbehaving members the agent shows, and how much mail has arrived.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=${IXP_HEALTH:-$ROOT/.build/release/ixp-health}
STATE_DIR=${IXLAB_STATE_DIR:-/tmp/ixlab}
LAB_ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) BIN=${2:?--bin needs a path}; shift 2 ;;
        --state-dir) STATE_DIR=${2:?}; LAB_ARGS+=("$1" "$2"); shift 2 ;;
        *) LAB_ARGS+=("$1"); shift ;;
    esac
done
export IXLAB_STATE_DIR=$STATE_DIR
[ -z "${IXLAB_SYNTH:-}" ] && [ -x "$(dirname "$BIN")/synth-history" ] && export IXLAB_SYNTH="$(dirname "$BIN")/synth-history"

step() { printf '\n==> %s\n' "$*"; }
say() { printf '    %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
    "$HERE/lab.sh" fallback
    exit 2
fi
[ -x "$BIN" ] || { echo "run.sh: $BIN is not built (make release)" >&2; exit 2; }

AGENT_PID=""
cleanup() {
    trap - EXIT INT TERM
    echo
    step "stopping: the agent, then the lab (namespaces, processes, $STATE_DIR)"
    if [ -n "$AGENT_PID" ] && kill -0 "$AGENT_PID" 2>/dev/null; then
        kill -TERM "$AGENT_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$AGENT_PID" 2>/dev/null || true
    fi
    "$HERE/lab.sh" down --state-dir "$STATE_DIR" || true
    say "done; nothing of the lab is left (ip netns list shows none of ixlab, ixm*, ixrs*, ixsvc)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# An agent left running by a run that was killed outright (kill -9) would hold the port.
for pid in $(pgrep -f "ixp-health run --config $STATE_DIR/agent.yaml" || true); do
    say "stopping an agent left from an earlier run (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
done

T0=$SECONDS
step "[1/4] starting the lab exchange: switch, members with BIRD, two route servers, member export, mail server"
"$HERE/lab.sh" up "${LAB_ARGS[@]}"
set -a; . "$STATE_DIR/lab.env"; set +a

step "[2/4] importing two years of history (synth-history --scenario lab) into the agent's store"
"$HERE/lab.sh" agent-config --bin "$BIN" --state-dir "$STATE_DIR" > /dev/null
t=$SECONDS
"$BIN" import --config "$STATE_DIR/agent.yaml" --openmetrics "$IXLAB_HISTORY/history.om" | sed 's/^/    /'
"$BIN" import --config "$STATE_DIR/agent.yaml" --ixf "$IXLAB_HISTORY"/ixf/*.json | tail -n 2 | sed 's/^/    /'
say "imported in $((SECONDS - t)) s"

step "[3/4] starting the agent: SNMPv3 polls of the switch, capture on ixlab-mon, members over HTTPS, mail"
"$BIN" run --config "$STATE_DIR/agent.yaml" >> "$STATE_DIR/agent.log" 2>&1 &
AGENT_PID=$!
for _ in $(seq 1 100); do
    curl -sf -o /dev/null http://127.0.0.1:9470/-/healthy && break
    kill -0 "$AGENT_PID" 2>/dev/null || { echo "run.sh: the agent stopped; its log:" >&2; tail -n 20 "$STATE_DIR/agent.log" >&2; exit 1; }
    sleep 0.2
done

step "[4/4] ready after $((SECONDS - T0)) s"
say "dashboard:  http://127.0.0.1:9470/  (user $IXLAB_HTTP_USER, password: cat $IXLAB_SECRETS/http-password)"
say "report:     http://127.0.0.1:9470/report"
say "findings:   http://127.0.0.1:9470/api/v1/findings     metrics: http://127.0.0.1:9470/metrics (bearer: $IXLAB_SECRETS/metrics-token)"
say "mail:       $IXLAB_MAILDIR  (Lab/lab.sh mail lists it: date and subject)"
say "agent log:  $STATE_DIR/agent.log       lab: Lab/lab.sh status"
say "misbehaving members: $(env | sed -n 's/^IXLAB_ROLE_\(.*\)=\(.*\)/\2 \1/p' | sort | tr 'A-Z_' 'a-z ' | paste -sd, | sed 's/,/, /g')"
say "each shows as a finding within about 5 minutes; stop with Ctrl-C (it removes the whole lab)"
echo
while kill -0 "$AGENT_PID" 2>/dev/null; do
    sleep 30
    printf '    [%s] %s\n' "$(date +%H:%M:%S)" "$(python3 "$HERE/findings.py" --env "$STATE_DIR/lab.env" --once 2>&1 || true)"
done
echo "run.sh: the agent stopped; the end of its log:" >&2
tail -n 20 "$STATE_DIR/agent.log" >&2
exit 1
