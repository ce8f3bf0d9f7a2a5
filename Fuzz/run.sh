#!/bin/sh
# Builds the libFuzzer target for the frame decoder and runs it on the kept corpus.
#
#     Fuzz/run.sh [RUNS]         (from the package root; default 2000000 runs; 0 = forever)
#
# The corpus in Fuzz/corpus/frames starts from every frame of Tests/Fixtures/pcap (written by
# Fuzz/seed_corpus.py) and grows with what the fuzzer finds; new inputs land in $WORK/corpus
# (default /tmp/ixp-fuzz) so the kept corpus changes only when someone copies them back
# with `-merge=1`.
set -eu
RUNS=${1:-2000000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WORK=${WORK:-/tmp/ixp-fuzz}
mkdir -p "$WORK/corpus"
SRC="$ROOT/Sources/PacketCapture"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name FrameDecoderFuzz \
    "$SRC/FrameDecoder.swift" "$SRC/DecodedFrame.swift" "$SRC/DecodedFrame+Summary.swift" \
    "$SRC/MACAddress.swift" "$SRC/IPAddress.swift" "$SRC/TrafficClass.swift" "$SRC/ProtocolLabel.swift" \
    "$HERE/FrameDecoderFuzz/FuzzEntry.swift" -o "$WORK/frame-decoder-fuzz"
cd "$WORK"
./frame-decoder-fuzz -runs="$RUNS" -max_len=512 -print_final_stats=1 corpus "$HERE/corpus/frames"
