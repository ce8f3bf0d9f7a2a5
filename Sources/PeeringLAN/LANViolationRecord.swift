import PacketCapture

/// One violation being counted: its key (rule, source MAC, address) and what was seen.
struct LANViolationRecord {
    /// The key of a violation: a rule, a source MAC (0 for LAN-wide rules) and an address
    /// (zero unless the rule is about one).
    struct Key: Hashable, LANHashKey {
        var rule: UInt8
        var mac: UInt64
        var ip: IPAddress
        var hashBits: UInt64 { lanMix(mac ^ UInt64(rule) << 56, ip.hashBits) }
    }

    var frames: UInt64
    var first: Int64
    var last: Int64
    /// The first frame, decoded; rendered as one line only when the report is built.
    var example: DecodedFrame
    var exampleTime: Int64
}

extension LANViolationRecord {
    /// An empty record, for the empty slots of the violation table.
    static let empty = LANViolationRecord(frames: 0, first: 0, last: 0, example: DecodedFrame(), exampleTime: 0)
}
