import PacketCapture

/// One violation being counted: its key (rule, source MAC, address) and what was seen.
struct LANViolationRecord {
    /// The key of a violation: a rule, a source MAC (0 for LAN-wide rules) and an address
    /// (zero unless the rule is about one).
    struct Key: Hashable {
        var rule: UInt8
        var mac: UInt64
        var ip: IPAddress
    }

    var frames: UInt64
    var first: Int64
    var last: Int64
    /// The first frame, decoded; rendered as one line only when the report is built.
    var example: DecodedFrame
    var exampleTime: Int64
}
