#!/bin/sh
# Builds a libFuzzer target and runs it on its kept corpus.
#
#     Fuzz/run.sh [RUNS] [TARGET]   (from the package root; default 2000000 runs, 0 = forever;
#                                    TARGET frames (default), members, sflow, openmetrics, smtp,
#                                    config, snmp-values or http-query; `all` runs each in turn)
#
# The corpus in Fuzz/corpus/frames starts from every frame of Tests/Fixtures/pcap (written by
# Fuzz/seed_corpus.py) and grows with what the fuzzer finds; new inputs land in $WORK/corpus
# (default /tmp/ixp-fuzz) so the kept corpus changes only when someone copies them back
# with `-merge=1`.
set -eu
RUNS=${1:-2000000}
# libFuzzer runs forever with -runs=-1 (-runs=0 would only run the corpus).
[ "$RUNS" = 0 ] && RUNS=-1
TARGET=${2:-frames}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WORK=${WORK:-/tmp/ixp-fuzz}
mkdir -p "$WORK/corpus" "$WORK/corpus-members" "$WORK/corpus-sflow"
# The smtp, config and http-query targets link the package's own build of their dependencies
# (swift-nio, Yams, Hummingbird): `swift build` first; BUILD names another build directory.
BUILD=${BUILD:-$ROOT/.build/debug}
FLAGS="-O -sanitize=fuzzer,address -parse-as-library"
# Further libFuzzer flags for every target, e.g. FUZZ_FLAGS=-max_total_time=15.
FUZZ_FLAGS=${FUZZ_FLAGS:-}
# A trap is reported by libFuzzer at once (Swift's own backtracer stalls under ASan).
export SWIFT_BACKTRACE=enable=no

# Links the objects of the built modules "$@" into $WORK/objs-$NAME (their file names may
# contain spaces) and sets MODULEMAPS to the flags that let swiftc import the C modules.
package_objects() {
    name=$1; shift
    rm -rf "$WORK/objs-$name"; mkdir -p "$WORK/objs-$name"
    for m in "$@"; do
        [ -d "$BUILD/$m.build" ] || { echo "no $BUILD/$m.build: run swift build first" >&2; exit 2; }
        find -H "$BUILD/$m.build" -name '*.o' | while IFS= read -r f; do
            ln -s "$f" "$WORK/objs-$name/${m}_$(basename "$f" | tr ' ' _)"
        done
    done
    MODULEMAPS=""
    for f in $(find -H "$BUILD" -maxdepth 2 -name module.modulemap | grep -v Boring) \
             $(find "$(dirname "$BUILD")/checkouts" -name module.modulemap -path '*include*' 2>/dev/null | grep -v Boring); do
        MODULEMAPS="$MODULEMAPS -Xcc -fmodule-map-file=$f"
    done
}
NIO_MODULES="NIOCore NIOEmbedded _NIODataStructures _NIOBase64 NIOConcurrencyHelpers Atomics _AtomicsShims CNIOAtomics
             CNIOLinux CNIODarwin CNIOWindows CNIOWASI CNIOPosix CNIOOpenBSD CNIOFreeBSD DequeModule
             InternalCollectionsUtilities ContainersPreview"
case "$TARGET" in
frames)
    SRC="$ROOT/Sources/PacketCapture"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name FrameDecoderFuzz \
        "$SRC/FrameDecoder.swift" "$SRC/DecodedFrame.swift" "$SRC/DecodedFrame+Summary.swift" \
        "$SRC/MACAddress.swift" "$SRC/IPAddress.swift" "$SRC/TrafficClass.swift" "$SRC/ProtocolLabel.swift" \
        "$HERE/FrameDecoderFuzz/FuzzEntry.swift" -o "$WORK/frame-decoder-fuzz"
    cd "$WORK"
    ./frame-decoder-fuzz -runs="$RUNS" -max_len=512 -print_final_stats=1 $FUZZ_FLAGS corpus "$HERE/corpus/frames"
    ;;
members)
    # The parser and model files in one module (their `import IXPCore` removed) with the UTC calendar.
    mkdir -p "$WORK/members-src"
    for f in IXFMemberListParser Member MemberRegistry MemberAddressText MemberListError MemberPort JSONValue \
             ExchangeSwitch RouteServer MemberConnection; do
        sed '/^import IXPCore$/d' "$ROOT/Sources/Members/$f.swift" > "$WORK/members-src/$f.swift"
    done
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name MemberListFuzz \
        "$WORK"/members-src/*.swift "$ROOT/Sources/IXPCore/Calendar/UTCCalendar.swift" \
        "$HERE/MemberListFuzz/FuzzEntry.swift" -o "$WORK/member-list-fuzz"
    cd "$WORK"
    ./member-list-fuzz -runs="$RUNS" -max_len=4096 -print_final_stats=1 $FUZZ_FLAGS corpus-members "$HERE/corpus/ixf"
    ;;
sflow)
    # The decoder's files in one module (their `import PacketCapture` removed) with the frame decoder's.
    mkdir -p "$WORK/sflow-src"
    for f in FrameDecoder DecodedFrame MACAddress IPAddress TrafficClass ProtocolLabel; do
        cp "$ROOT/Sources/PacketCapture/$f.swift" "$WORK/sflow-src/"
    done
    for f in SFlowDecoder SFlowReader SFlowDecodeError SFlowDatagram SFlowFlowSample SFlowCounterSample SFlowSampledHeader \
             SFlowInterfaceCounters SFlowEthernetCounters SFlowTrafficMatrix SFlowMemberMap; do
        sed -E '/^(public )?import PacketCapture$/d' "$ROOT/Sources/SFlowProbe/$f.swift" > "$WORK/sflow-src/$f.swift"
    done
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name SFlowDecoderFuzz \
        "$WORK"/sflow-src/*.swift "$HERE/SFlowDecoderFuzz/FuzzEntry.swift" -o "$WORK/sflow-decoder-fuzz"
    cd "$WORK"
    ./sflow-decoder-fuzz -runs="$RUNS" -max_len=2048 -print_final_stats=1 $FUZZ_FLAGS corpus-sflow "$HERE/corpus/sflow"
    ;;
openmetrics)
    # The importer without its `TimeSeriesStore` extension (the store is not needed to parse).
    mkdir -p "$WORK/openmetrics-src"
    SRC="$ROOT/Sources/TimeSeries"
    sed '/^extension TimeSeriesStore {$/,$d' "$SRC/OpenMetricsImporter.swift" > "$WORK/openmetrics-src/OpenMetricsImporter.swift"
    swiftc $FLAGS -module-name OpenMetricsFuzz \
        "$SRC/OpenMetricsParser.swift" "$SRC/ExpositionTextParser.swift" "$SRC/ImportPlan+Building.swift" "$SRC/SeriesKey.swift" \
        "$WORK/openmetrics-src/OpenMetricsImporter.swift" "$HERE/OpenMetricsFuzz/FuzzEntry.swift" -o "$WORK/openmetrics-fuzz"
    mkdir -p "$WORK/corpus-openmetrics"; cd "$WORK"
    ./openmetrics-fuzz -runs="$RUNS" -max_len=4096 -print_final_stats=1 $FUZZ_FLAGS corpus-openmetrics "$HERE/corpus/openmetrics"
    ;;
smtp)
    package_objects smtp $NIO_MODULES
    SRC="$ROOT/Sources/Alerting/SMTP"
    # shellcheck disable=SC2086
    swiftc $FLAGS -module-name SMTPReplyFuzz -I "$BUILD/Modules" $MODULEMAPS \
        "$SRC/SMTPResponseHandler.swift" "$SRC/SMTPReplyReader.swift" "$SRC/SMTPReply.swift" \
        "$HERE/SMTPReplyFuzz/FuzzEntry.swift" \
        "$WORK"/objs-smtp/*.o -o "$WORK/smtp-reply-fuzz"
    mkdir -p "$WORK/corpus-smtp"; cd "$WORK"
    ./smtp-reply-fuzz -runs="$RUNS" -max_len=8192 -print_final_stats=1 $FUZZ_FLAGS corpus-smtp "$HERE/corpus/smtp"
    ;;
config)
    package_objects config Yams CYaml
    SRC="$ROOT/Sources/IXPCore/Configuration"
    # shellcheck disable=SC2086
    swiftc $FLAGS -module-name ConfigFuzz -I "$BUILD/Modules" $MODULEMAPS \
        "$SRC/YAMLConfigNode.swift" "$SRC/ConfigurationError.swift" "$HERE/ConfigFuzz/FuzzEntry.swift" \
        "$WORK"/objs-config/*.o -o "$WORK/config-fuzz"
    mkdir -p "$WORK/corpus-config"; cd "$WORK"
    ./config-fuzz -runs="$RUNS" -max_len=4096 -print_final_stats=1 $FUZZ_FLAGS corpus-config "$HERE/corpus/config"
    ;;
snmp-values)
    # The value types and the readers that use them, in one module (their `import SNMPClient` removed).
    mkdir -p "$WORK/snmp-src"
    # The one constant the rows need from the definition loader (which needs Yams).
    printf 'extension SNMPTableDefinition {\n%s\n}\n' \
        "$(grep 'static let wholeIndex' "$ROOT/Sources/SNMPTableProbe/SNMPTableDefinition+Loading.swift")" > "$WORK/snmp-src/WholeIndex.swift"
    for f in SNMPClient/SNMPValue SNMPClient/OID SNMPClient/SNMPTableWalk InterfaceProbe/IFMIB InterfaceProbe/InterfaceReading \
             SNMPTableProbe/SNMPTableDefinition SNMPTableProbe/SNMPTableRow; do
        sed -E '/^(public )?import SNMPClient$/d' "$ROOT/Sources/$f.swift" > "$WORK/snmp-src/$(basename "$f").swift"
    done
    swiftc $FLAGS -module-name SNMPValuesFuzz "$WORK"/snmp-src/*.swift "$HERE/SNMPValuesFuzz/FuzzEntry.swift" \
        -o "$WORK/snmp-values-fuzz"
    mkdir -p "$WORK/corpus-snmp-values"; cd "$WORK"
    ./snmp-values-fuzz -runs="$RUNS" -max_len=2048 -print_final_stats=1 $FUZZ_FLAGS corpus-snmp-values "$HERE/corpus/snmp-values"
    ;;
http-query)
    # Hummingbird and everything it needs: every package module of the build but the argument parser.
    MODULES=$(for d in "$(dirname "$BUILD")"/checkouts/*/Sources/*/; do n=$(basename "$d"); [ -d "$BUILD/$n.build" ] && echo "$n"; done \
        | sort -u | grep -vE 'ArgumentParser|Testing|TestKit|TestUtils|Benchmark|Example')
    # shellcheck disable=SC2086
    package_objects http-query $MODULES SystemPackage IXPCore TimeSeries
    # The history API and the listener's paging and JSON helpers in one module (their
    # `import HTTPListener` removed).
    mkdir -p "$WORK/http-src"
    for f in HTTPListener/PageRequest Agent/HistoryAPI HTTPListener/JSONResponse; do
        sed -E '/^(public |internal )?import HTTPListener$/d' "$ROOT/Sources/$f.swift" > "$WORK/http-src/$(basename "$f").swift"
    done
    # shellcheck disable=SC2086
    swiftc $FLAGS -module-name HTTPQueryFuzz -I "$BUILD/Modules" $MODULEMAPS \
        "$WORK/http-src/PageRequest.swift" "$WORK/http-src/HistoryAPI.swift" "$WORK/http-src/JSONResponse.swift" \
        "$HERE/HTTPQueryFuzz/FuzzEntry.swift" \
        "$WORK"/objs-http-query/*.o -o "$WORK/http-query-fuzz"
    mkdir -p "$WORK/corpus-http-query"; cd "$WORK"
    ./http-query-fuzz -runs="$RUNS" -max_len=512 -print_final_stats=1 $FUZZ_FLAGS corpus-http-query "$HERE/corpus/http-query"
    ;;
all)
    for t in frames members sflow openmetrics smtp config snmp-values http-query; do
        echo "== $t"
        sh "$HERE/run.sh" "$RUNS" "$t"
    done
    ;;
*)
    echo "unknown target $TARGET (frames, members, sflow, openmetrics, smtp, config, snmp-values, http-query or all)" >&2
    exit 2
    ;;
esac
