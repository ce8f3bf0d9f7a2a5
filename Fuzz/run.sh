#!/bin/sh
# Builds a libFuzzer target and runs it on its kept corpus.
#
#     Fuzz/run.sh [RUNS] [TARGET]   (from the package root; default 2000000 runs, 0 = forever;
#                                    TARGET frames (default) or members)
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
mkdir -p "$WORK/corpus" "$WORK/corpus-members"
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
*)
    echo "unknown target $TARGET (frames or members)" >&2
    exit 2
    ;;
esac
