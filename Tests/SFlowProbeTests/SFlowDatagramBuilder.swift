import CaptureTestSupport

/// Builds sFlow version 5 datagrams field by field, as an agent writes them (XDR, big-endian).
struct SFlowDatagramBuilder {
    var bytes: [UInt8] = []

    static func u32(_ value: UInt32) -> [UInt8] { TestFrames.be32(value) }
    static func u64(_ value: UInt64) -> [UInt8] { u32(UInt32(value >> 32)) + u32(UInt32(value & 0xFFFF_FFFF)) }
    static func padded(_ data: [UInt8]) -> [UInt8] { data + [UInt8](repeating: 0, count: (4 - data.count % 4) % 4) }

    /// The datagram header with an IPv4 agent.
    static func header(agent: UInt32, subAgent: UInt32 = 0, sequence: UInt32, uptime: UInt32 = 1000, samples: [[UInt8]]) -> [UInt8] {
        u32(5) + u32(1) + u32(agent) + u32(subAgent) + u32(sequence) + u32(uptime) + u32(UInt32(samples.count)) + samples.flatMap { $0 }
    }

    /// The datagram header with an IPv6 agent.
    static func header6(agent: [UInt8], sequence: UInt32, samples: [[UInt8]]) -> [UInt8] {
        u32(5) + u32(2) + agent + u32(0) + u32(sequence) + u32(1000) + u32(UInt32(samples.count)) + samples.flatMap { $0 }
    }

    /// A sample or record: format, length, data.
    static func element(_ format: UInt32, _ data: [UInt8]) -> [UInt8] { u32(format) + u32(UInt32(data.count)) + data }

    /// A flow sample (format 1) with `records`.
    static func flowSample(sequence: UInt32 = 1, source: UInt32 = 7, rate: UInt32, pool: UInt32 = 1000, drops: UInt32 = 0,
                           input: UInt32 = 3, output: UInt32 = 4, records: [[UInt8]]) -> [UInt8] {
        element(1, u32(sequence) + u32(source) + u32(rate) + u32(pool) + u32(drops) + u32(input) + u32(output)
            + u32(UInt32(records.count)) + records.flatMap { $0 })
    }

    /// An expanded flow sample (format 3).
    static func expandedFlowSample(sequence: UInt32 = 1, sourceType: UInt32 = 0, sourceIndex: UInt32, rate: UInt32, pool: UInt32 = 1000,
                                   drops: UInt32 = 0, input: UInt32, output: UInt32, records: [[UInt8]]) -> [UInt8] {
        element(3, u32(sequence) + u32(sourceType) + u32(sourceIndex) + u32(rate) + u32(pool) + u32(drops) + u32(0) + u32(input)
            + u32(0) + u32(output) + u32(UInt32(records.count)) + records.flatMap { $0 })
    }

    /// A raw packet header record (0:1) holding `frame` (Ethernet).
    static func rawHeader(_ frame: [UInt8], frameLength: UInt32? = nil, stripped: UInt32 = 4) -> [UInt8] {
        element(1, u32(1) + u32(frameLength ?? UInt32(frame.count) + stripped) + u32(stripped) + u32(UInt32(frame.count)) + padded(frame))
    }

    /// An Ethernet frame data record (0:2).
    static func ethernetRecord(length: UInt32, source: UInt64, destination: UInt64, type: UInt32) -> [UInt8] {
        element(2, u32(length) + TestFrames.mac(source) + [0, 0] + TestFrames.mac(destination) + [0, 0] + u32(type))
    }

    /// An extended switch record (0:1001).
    static func switchRecord(sourceVLAN: UInt32, destinationVLAN: UInt32) -> [UInt8] {
        element(1001, u32(sourceVLAN) + u32(0) + u32(destinationVLAN) + u32(0))
    }

    /// A counter sample (format 2) with generic interface and Ethernet counters.
    static func counterSample(sequence: UInt32 = 1, source: UInt32 = 7, ifIndex: UInt32, inOctets: UInt64, status: UInt32 = 3,
                              fcsErrors: UInt32 = 0) -> [UInt8] {
        let generic = u32(ifIndex) + u32(6) + u64(10_000_000_000) + u32(1) + u32(status) + u64(inOctets) + u32(10) + u32(11) + u32(12)
            + u32(13) + u32(14) + u32(15) + u64(2 * inOctets) + u32(20) + u32(21) + u32(22) + u32(23) + u32(24) + u32(2)
        let ethernet = u32(1) + u32(fcsErrors) + (3...13).flatMap { u32(UInt32($0)) }
        return element(2, u32(sequence) + u32(source) + u32(2) + element(1, generic) + element(2, ethernet))
    }
}
