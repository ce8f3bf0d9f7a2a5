#!/usr/bin/env bash
# `ixp-health report --history` end to end against `ixp-health import --openmetrics` of the same
# file, in the same run: a synthetic two-year hourly history (synth-history --scenario scale),
# then REPS rounds of import and report, alternating, each under /usr/bin/time -v. Prints the
# median wall time of each, the ratio report / import (goal: at most 1.5) and both peak RSS.
#
#   Benchmarks/detection/run-report.sh [--quick] [--ports N] [--members N] [--reps N]
#                                      [--dir DIR] [--ixp-health PATH] [--synth PATH] [--no-build]
#
# Full mode (default): 200 ports of 100 members (1,400 series, ~3.5 M samples, ~2.3 GiB).
# --quick: 24 ports of 12 members. The generated file is kept in DIR (default
# /tmp/ixp-report-bench) and reused when its parameters match. Without --ixp-health/--synth it
# builds both in release mode (scratch path .build-bench).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PORTS=200
MEMBERS=100
REPS=3
DIR=/tmp/ixp-report-bench
BIN=""
SYNTH=""
BUILD=1

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) PORTS=24; MEMBERS=12; shift ;;
        --ports) PORTS=$2; shift 2 ;;
        --members) MEMBERS=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --dir) DIR=$2; shift 2 ;;
        --ixp-health) BIN=$2; shift 2 ;;
        --synth) SYNTH=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-report.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -x /usr/bin/time ] || { echo "run-report.sh: /usr/bin/time not installed (apt-get install time)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "run-report.sh: python3 not installed" >&2; exit 2; }
[ "$MEMBERS" -ge 1 ] && [ "$PORTS" -ge "$MEMBERS" ] && [ "$REPS" -ge 1 ] \
    || { echo "run-report.sh: need --members >= 1, --ports >= --members, --reps >= 1" >&2; exit 2; }

if [ -z "$BIN" ] || [ -z "$SYNTH" ]; then
    if [ "$BUILD" -eq 1 ]; then
        (cd "$ROOT" && swift build -c release --scratch-path .build-bench --product ixp-health >&2 \
            && swift build -c release --scratch-path .build-bench --product synth-history >&2)
    fi
    BIN=${BIN:-$ROOT/.build-bench/release/ixp-health}
    SYNTH=${SYNTH:-$ROOT/.build-bench/release/synth-history}
fi
for tool in "$BIN" "$SYNTH"; do
    [ -x "$tool" ] || { echo "run-report.sh: $tool not built" >&2; exit 2; }
done
if ! "$BIN" report --help 2>/dev/null | grep -q -- '--history'; then
    echo "run-report.sh: this ixp-health has no 'report --history' yet (merge main, which adds it)" >&2
    exit 2
fi

# The history: generated once per parameter set.
DATA=$DIR/scale-m$MEMBERS-p$PORTS
mkdir -p "$DIR"
if [ ! -s "$DATA/history.om" ] || [ ! -f "$DATA/done" ]; then
    rm -rf "$DATA"
    echo "generating $DATA (synth-history --scenario scale --members $MEMBERS --ports $PORTS --step 3600) …" >&2
    "$SYNTH" --scenario scale --members "$MEMBERS" --ports "$PORTS" --step 3600 --out "$DATA" | head -3 >&2
    touch "$DATA/done"
fi
HISTORY=$DATA/history.om
EXPORTS=("$DATA"/ixf/*.json)
BYTES=$(stat -c %s "$HISTORY")
echo "history: $HISTORY ($(python3 -c "print(f'{$BYTES / 2**30:.2f} GiB')")), ${#EXPORTS[@]} IX-F exports" >&2

STATE=$DIR/state
RESULTS=$DIR/results-m$MEMBERS-p$PORTS
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
for round in $(seq 1 "$REPS"); do
    rm -rf "$STATE"
    echo "round $round/$REPS: import …" >&2
    /usr/bin/time -v -o "$RESULTS/import-$round.time" \
        "$BIN" import --openmetrics "$HISTORY" --state-dir "$STATE" --raw-step 3600 > "$RESULTS/import-$round.out"
    echo "round $round/$REPS: report …" >&2
    # Exit status 1 means the report found a problem: the run still counts.
    status=0
    /usr/bin/time -v -o "$RESULTS/report-$round.time" \
        "$BIN" report --history "$HISTORY" --members "${EXPORTS[@]}" --format json > "$RESULTS/report-$round.json" || status=$?
    [ "$status" -le 1 ] || { echo "run-report.sh: report failed (exit $status), see $RESULTS" >&2; exit 1; }
done
rm -rf "$STATE"

python3 - "$RESULTS" "$REPS" "$MEMBERS" "$PORTS" "$BYTES" <<'EOF'
import re, statistics, sys
results, reps, members, ports, size = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])

def parse(path):
    text = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    user = float(re.search(r"User time \(seconds\): (\S+)", text).group(1))
    system = float(re.search(r"System time \(seconds\): (\S+)", text).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, user + system, rss

runs = {name: [parse(f"{results}/{name}-{r}.time") for r in range(1, reps + 1)] for name in ("import", "report")}
print(f"{members} members, {ports} ports, two years hourly, {size / 2**30:.2f} GiB OpenMetrics; {reps} rounds, alternating")
for name, values in runs.items():
    walls = [v[0] for v in values]
    cpus = [v[1] for v in values]
    rss = [v[2] for v in values]
    print(f"  {name:7} wall median {statistics.median(walls):7.2f} s (runs {', '.join(f'{w:.2f}' for w in walls)}),"
          f" CPU median {statistics.median(cpus):7.2f} s, peak RSS max {max(rss) / 1024:7.1f} MiB")
ratio = statistics.median(v[0] for v in runs["report"]) / statistics.median(v[0] for v in runs["import"])
cpu_ratio = statistics.median(v[1] for v in runs["report"]) / statistics.median(v[1] for v in runs["import"])
print(f"  report / import: {ratio:.2f} wall, {cpu_ratio:.2f} CPU (goal <= 1.5)")
EOF
