// libFuzzer entry point for the peering-LAN frame decoder (Sources/PacketCapture).
// Built by Fuzz/run.sh together with the decoder's sources; see Fuzz/README.md.

/// Decodes one input as a frame, both as captured in full and as if cut by the snap length,
/// and renders the one-line summary that alert emails use. Any trap or out-of-bounds read
/// is a finding (AddressSanitizer).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let decoder = FrameDecoder(lanBroadcast: 0xC000_02FF)
    let full = decoder.decode(bytes, wireLength: size)
    let snapped = decoder.decode(bytes, wireLength: size + 1500)
    if size < 14 && (full.trafficClass != .malformed || snapped.trafficClass != .malformed) {
        fatalError("a frame shorter than an Ethernet header must be malformed")
    }
    if size & 7 == 0 {
        _ = full.summary
    }
    return 0
}
