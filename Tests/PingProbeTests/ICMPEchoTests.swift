import Testing
@testable import PingProbe

/// Building echo requests and reading echo replies: checksums, identifier and sequence, IPv4
/// headers of raw sockets, and bytes that are no echo reply (truncated, corrupt, another type).
@Suite struct ICMPEchoTests {
    /// An echo reply as a host sends it: type 0 (IPv4) or 129 (IPv6), checksum filled in for IPv4.
    func reply(_ family: ICMPEcho.Family, identifier: UInt16, sequence: UInt16, payload: [UInt8]) -> [UInt8] {
        var bytes = ICMPEcho(family: family, identifier: identifier, sequence: sequence, payload: payload).request()
        bytes[0] = family.replyType
        if family == .ipv4 {
            bytes[2] = 0
            bytes[3] = 0
            let sum = ICMPEcho.checksum(bytes)
            bytes[2] = UInt8(sum >> 8)
            bytes[3] = UInt8(sum & 0xff)
        }
        return bytes
    }

    /// A 20-byte IPv4 header (no options) before `message`.
    func withIPHeader(_ message: [UInt8]) -> [UInt8] {
        [0x45, 0, 0, UInt8(20 + message.count), 0, 0, 0x40, 0, 64, 1, 0, 0, 192, 0, 2, 1, 192, 0, 2, 250] + message
    }

    @Test func theChecksumOfAKnownRequest() {
        // Words 0x0800 0x0000 0x1234 0x0001: sum 0x1a35, complement 0xe5ca.
        let request = ICMPEcho(family: .ipv4, identifier: 0x1234, sequence: 1).request()
        #expect(request == [8, 0, 0xe5, 0xca, 0x12, 0x34, 0x00, 0x01])
        #expect(ICMPEcho.checksum(request) == 0)
        // RFC 1071's example: the words 0001 f203 f4f5 f6f7 sum to ddf2 (with carries), complement 220d.
        #expect(ICMPEcho.checksum([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]) == 0x220d)
        // An odd byte is padded with zero.
        #expect(ICMPEcho.checksum([0x01]) == ~UInt16(0x0100))
    }

    @Test func requestsCarryIdentifierSequenceAndPayload() {
        let payload = Array("ixp-hlth".utf8) + [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let v4 = ICMPEcho(family: .ipv4, identifier: 0xbeef, sequence: 0xfffe, payload: payload).request()
        #expect(v4[0] == 8 && v4[4...7] == [0xbe, 0xef, 0xff, 0xfe])
        #expect(Array(v4[8...]) == payload)
        #expect(ICMPEcho.checksum(v4) == 0, "an odd-length payload still sums to zero")
        let v6 = ICMPEcho(family: .ipv6, identifier: 7, sequence: 9).request()
        #expect(v6 == [128, 0, 0, 0, 0, 7, 0, 9], "the kernel fills in the ICMPv6 checksum")
    }

    @Test(arguments: [ICMPEcho.Family.ipv4, .ipv6])
    func repliesParse(_ family: ICMPEcho.Family) throws {
        let bytes = reply(family, identifier: 0x4242, sequence: 300, payload: [9, 8, 7])
        let parsed = try #require(ICMPEcho.reply(bytes, family: family))
        #expect(parsed == ICMPEcho(family: family, identifier: 0x4242, sequence: 300, payload: [9, 8, 7]))
    }

    @Test func rawIPv4RepliesSkipTheirIPHeader() throws {
        let message = reply(.ipv4, identifier: 1, sequence: 2, payload: [0xaa])
        let parsed = try #require(ICMPEcho.reply(withIPHeader(message), family: .ipv4, includesIPHeader: true))
        #expect(parsed.identifier == 1 && parsed.sequence == 2 && parsed.payload == [0xaa])
        // Header length 24 (one option word).
        var withOption = withIPHeader(message)
        withOption[0] = 0x46
        withOption.insert(contentsOf: [1, 1, 1, 1], at: 20)
        #expect(ICMPEcho.reply(withOption, family: .ipv4, includesIPHeader: true)?.sequence == 2)
    }

    @Test func whatIsNoEchoReplyReadsAsNil() {
        let good = reply(.ipv4, identifier: 5, sequence: 6, payload: Array(repeating: 0x55, count: 16))
        var corrupt = good
        corrupt[10] ^= 0xff
        #expect(ICMPEcho.reply(corrupt, family: .ipv4) == nil, "a wrong checksum")
        let request = ICMPEcho(family: .ipv4, identifier: 5, sequence: 6).request()
        #expect(ICMPEcho.reply(request, family: .ipv4) == nil, "a request is no reply")
        #expect(ICMPEcho.reply(reply(.ipv6, identifier: 5, sequence: 6, payload: []), family: .ipv4) == nil, "another family")
        // Destination unreachable (type 3) quoting the request.
        var unreachable: [UInt8] = [3, 1, 0, 0, 0, 0, 0, 0] + withIPHeader(request)
        let sum = ICMPEcho.checksum(unreachable)
        unreachable[2] = UInt8(sum >> 8)
        unreachable[3] = UInt8(sum & 0xff)
        #expect(ICMPEcho.reply(unreachable, family: .ipv4) == nil)
        // An IP header whose length field points past the end, and one that is no IPv4 header.
        var bogus = withIPHeader(good)
        bogus[0] = 0x4f
        #expect(ICMPEcho.reply(Array(bogus.prefix(40)), family: .ipv4, includesIPHeader: true) == nil)
        bogus[0] = 0x65
        #expect(ICMPEcho.reply(bogus, family: .ipv4, includesIPHeader: true) == nil)
    }

    @Test func everyTruncationOfAReplyIsNilNotACrash() {
        let v4 = withIPHeader(reply(.ipv4, identifier: 5, sequence: 6, payload: Array(repeating: 1, count: 8)))
        for length in 0..<(20 + ICMPEcho.headerLength) {
            #expect(ICMPEcho.reply(Array(v4.prefix(length)), family: .ipv4, includesIPHeader: true) == nil, "\(length) bytes")
        }
        let v6 = reply(.ipv6, identifier: 5, sequence: 6, payload: [])
        for length in 0..<ICMPEcho.headerLength {
            #expect(ICMPEcho.reply(Array(v6.prefix(length)), family: .ipv6) == nil, "\(length) bytes")
        }
        // A slice that does not start at index 0 reads the same as an array.
        let framed = [0xff, 0xff] + v6
        #expect(ICMPEcho.reply(framed[2...], family: .ipv6)?.sequence == 6)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...64, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if !bytes.isEmpty, Bool.random(using: &generator) { bytes[0] = 0x45 }
            for family in [ICMPEcho.Family.ipv4, .ipv6] {
                _ = ICMPEcho.reply(bytes, family: family, includesIPHeader: family == .ipv4 && bytes.first == 0x45)
            }
        }
    }
}
