#!/bin/sh
# Builds a libFuzzer target and runs it on its kept corpus.
#
#     Fuzz/run.sh [RUNS] [TARGET]   (from the package root; default 2000000 runs, 0 = forever;
#                                    TARGET frames (default), members or sflow)
#
# The corpus in Fuzz/corpus/frames starts from every frame of Tests/Fixtures/pcap (written by
# Fuzz/seed_corpus.py) and grows with what the fuzzer finds; new inputs land in $WORK/corpus
# (default /tmp/ixp-fuzz) so the kept corpus changes only when someone copies them back
# with `-merge=1`.
set -eu
RUNS=${1:-2000000}
TARGET=${2:-frames}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WORK=${WORK:-/tmp/ixp-fuzz}
mkdir -p "$WORK/corpus" "$WORK/corpus-members" "$WORK/corpus-sflow"
case "$TARGET" in
frames)
    SRC="$ROOT/Sources/PacketCapture"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name FrameDecoderFuzz \
        "$SRC/FrameDecoder.swift" "$SRC/DecodedFrame.swift" "$SRC/DecodedFrame+Summary.swift" \
        "$SRC/MACAddress.swift" "$SRC/IPAddress.swift" "$SRC/TrafficClass.swift" "$SRC/ProtocolLabel.swift" \
        "$HERE/FrameDecoderFuzz/FuzzEntry.swift" -o "$WORK/frame-decoder-fuzz"
    cd "$WORK"
    ./frame-decoder-fuzz -runs="$RUNS" -max_len=512 -print_final_stats=1 corpus "$HERE/corpus/frames"
    ;;
members)
    SRC="$ROOT/Sources/Members"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name MemberListFuzz \
        "$SRC/IXFMemberListParser.swift" "$SRC/Member.swift" "$SRC/MemberRegistry.swift" \
        "$SRC/MemberAddressText.swift" "$SRC/MemberListError.swift" \
        "$HERE/MemberListFuzz/FuzzEntry.swift" -o "$WORK/member-list-fuzz"
    cd "$WORK"
    ./member-list-fuzz -runs="$RUNS" -max_len=4096 -print_final_stats=1 corpus-members "$HERE/corpus/ixf"
    ;;
sflow)
    # The decoder's files in one module (their `import PacketCapture` removed) with the frame decoder's.
    mkdir -p "$WORK/sflow-src"
    for f in FrameDecoder DecodedFrame MACAddress IPAddress TrafficClass ProtocolLabel; do
        cp "$ROOT/Sources/PacketCapture/$f.swift" "$WORK/sflow-src/"
    done
    for f in SFlowDecoder SFlowReader SFlowDecodeError SFlowDatagram SFlowFlowSample SFlowCounterSample SFlowSampledHeader \
             SFlowInterfaceCounters SFlowEthernetCounters SFlowTrafficMatrix SFlowMemberMap; do
        sed '/^import PacketCapture$/d' "$ROOT/Sources/SFlowProbe/$f.swift" > "$WORK/sflow-src/$f.swift"
    done
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name SFlowDecoderFuzz \
        "$WORK"/sflow-src/*.swift "$HERE/SFlowDecoderFuzz/FuzzEntry.swift" -o "$WORK/sflow-decoder-fuzz"
    cd "$WORK"
    ./sflow-decoder-fuzz -runs="$RUNS" -max_len=2048 -print_final_stats=1 corpus-sflow "$HERE/corpus/sflow"
    ;;
*)
    echo "unknown target $TARGET (frames, members or sflow)" >&2
    exit 2
    ;;
esac
