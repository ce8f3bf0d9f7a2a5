/// One ICMP (IPv4) or ICMPv6 echo message: its identifier, sequence number and payload. Builds
/// echo requests and reads echo replies; anything else (an error message, a request, a
/// truncated or corrupt packet) reads as nil, never as a crash.
public struct ICMPEcho: Sendable, Hashable {
    /// The address family the message belongs to.
    public enum Family: String, Sendable, Hashable, CaseIterable {
        /// ICMP over IPv4 (echo request 8, reply 0).
        case ipv4
        /// ICMPv6 (echo request 128, reply 129).
        case ipv6

        /// The echo-request type of the family.
        public var requestType: UInt8 { self == .ipv4 ? 8 : 128 }
        /// The echo-reply type of the family.
        public var replyType: UInt8 { self == .ipv4 ? 0 : 129 }
    }

    /// The length of the ICMP echo header (type, code, checksum, identifier, sequence).
    public static let headerLength = 8

    /// The family.
    public var family: Family
    /// The identifier (for datagram ICMP sockets the kernel sets it to the socket's own).
    public var identifier: UInt16
    /// The sequence number.
    public var sequence: UInt16
    /// The data after the header.
    public var payload: [UInt8]

    /// A message.
    public init(family: Family, identifier: UInt16, sequence: UInt16, payload: [UInt8] = []) {
        self.family = family
        self.identifier = identifier
        self.sequence = sequence
        self.payload = payload
    }

    /// The echo request as bytes on the wire. The IPv4 checksum is filled in; the ICMPv6 one is
    /// left zero, since it covers the IPv6 pseudo-header and the kernel computes it.
    public func request() -> [UInt8] {
        var bytes: [UInt8] = [family.requestType, 0, 0, 0,
                              UInt8(identifier >> 8), UInt8(identifier & 0xff),
                              UInt8(sequence >> 8), UInt8(sequence & 0xff)]
        bytes += payload
        if family == .ipv4 {
            let sum = Self.checksum(bytes)
            bytes[2] = UInt8(sum >> 8)
            bytes[3] = UInt8(sum & 0xff)
        }
        return bytes
    }

    /// The Internet checksum (RFC 1071) of `bytes`: the ones' complement of the ones'
    /// complement sum of its 16-bit words, an odd last byte padded with zero. A message whose
    /// checksum field is right sums to 0.
    public static func checksum<Bytes: Collection>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        var sum: UInt32 = 0
        var iterator = bytes.makeIterator()
        while let high = iterator.next() {
            let low = iterator.next() ?? 0
            sum += UInt32(high) << 8 | UInt32(low)
        }
        while sum > 0xffff { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(sum)
    }

    /// The echo reply in `bytes`, or nil when they hold anything else. `includesIPHeader`: the
    /// bytes start with an IPv4 header (raw IPv4 sockets deliver it; datagram ICMP sockets and
    /// ICMPv6 sockets do not). An IPv4 reply whose checksum is wrong is nil.
    public static func reply<Bytes: RandomAccessCollection>(_ bytes: Bytes, family: Family, includesIPHeader: Bool = false) -> ICMPEcho?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var start = bytes.startIndex
        if includesIPHeader {
            guard family == .ipv4, bytes.count >= 20 else { return nil }
            let first = bytes[start]
            guard first >> 4 == 4 else { return nil }
            let headerLength = Int(first & 0x0f) * 4
            guard headerLength >= 20, bytes.count >= headerLength else { return nil }
            start += headerLength
        }
        let message = bytes[start...]
        guard message.count >= headerLength, message[start] == family.replyType, message[start + 1] == 0 else { return nil }
        if family == .ipv4, checksum(message) != 0 { return nil }
        let identifier = UInt16(message[start + 4]) << 8 | UInt16(message[start + 5])
        let sequence = UInt16(message[start + 6]) << 8 | UInt16(message[start + 7])
        return ICMPEcho(family: family, identifier: identifier, sequence: sequence, payload: Array(message[(start + headerLength)...]))
    }
}
