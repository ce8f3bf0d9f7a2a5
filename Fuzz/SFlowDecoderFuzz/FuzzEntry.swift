// libFuzzer entry point for the sFlow decoder and traffic matrix (Sources/SFlowProbe).
// Built by Fuzz/run.sh together with the decoder's sources; see Fuzz/README.md.

/// Decodes one input as an sFlow datagram and adds it to a matrix that knows the fixtures'
/// MACs. Decoding must either succeed or throw `SFlowDecodeError`; any trap or out-of-bounds
/// read is a finding (AddressSanitizer). A datagram that decodes must account no more flow
/// samples than its bytes can hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSFlowDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let members = SFlowMemberMap(macs: [
        MACAddress(rawValue: 0x02_00_5e_10_00_01): 64_501, MACAddress(rawValue: 0x02_00_5e_10_00_02): 64_502,
    ])
    var matrix = SFlowTrafficMatrix(maximumPairs: 4, maximumAgents: 2)
    do {
        let datagram = try SFlowDecoder().decode(bytes)
        if (datagram.flowSamples.count + datagram.counterSamples.count + datagram.otherSamples) * 8 > size {
            fatalError("more samples than the datagram can hold")
        }
        matrix.add(datagram, members: members)
    } catch {
        matrix.reject(error.reason)
    }
    return 0
}
