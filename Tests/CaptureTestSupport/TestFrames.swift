import Foundation

/// Builds frames and capture files byte by byte for the capture tests (big-endian fields, as on
/// the wire), and finds the fixtures in `Tests/Fixtures`.
public enum TestFrames {
    public static func mac(_ value: UInt64) -> [UInt8] { (0..<6).map { UInt8(truncatingIfNeeded: value >> UInt64(40 - 8 * $0)) } }
    public static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    public static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    public static func ip4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> UInt32 {
        UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    public static func ethernet(dst: UInt64, src: UInt64, type: UInt16, vlans: [UInt16] = [], tpid: UInt16 = 0x8100, _ payload: [UInt8]) -> [UInt8] {
        var f = mac(dst) + mac(src)
        for (i, vid) in vlans.enumerated() { f += be16(i == 0 ? tpid : 0x8100) + be16(vid) }
        return f + be16(type) + payload
    }

    public static func llc(dst: UInt64, src: UInt64, dsap: UInt8, ssap: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let body = [dsap, ssap, 0x03] + payload
        return mac(dst) + mac(src) + be16(UInt16(body.count)) + body
    }

    public static func snap(dst: UInt64, src: UInt64, oui: UInt32, pid: UInt16, _ payload: [UInt8] = [0, 0, 0, 0]) -> [UInt8] {
        llc(dst: dst, src: src, dsap: 0xAA, ssap: 0xAA,
            [UInt8(oui >> 16 & 0xFF), UInt8(oui >> 8 & 0xFF), UInt8(oui & 0xFF)] + be16(pid) + payload)
    }

    public static func arp(op: UInt16, sha: UInt64, spa: UInt32, tha: UInt64 = 0, tpa: UInt32) -> [UInt8] {
        be16(1) + be16(0x0800) + [6, 4] + be16(op) + mac(sha) + be32(spa) + mac(tha) + be32(tpa)
    }

    public static func ipv4(src: UInt32, dst: UInt32, proto: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0x45, 0] + be16(UInt16(20 + payload.count)) + [0, 0, 0x40, 0, 64, proto, 0, 0] + be32(src) + be32(dst) + payload
    }

    public static func udp(_ sp: UInt16, _ dp: UInt16, _ payload: [UInt8] = [0, 0, 0, 0]) -> [UInt8] {
        be16(sp) + be16(dp) + be16(UInt16(8 + payload.count)) + [0, 0] + payload
    }

    public static func tcp(_ sp: UInt16, _ dp: UInt16, flags: UInt8) -> [UInt8] {
        be16(sp) + be16(dp) + be32(1) + be32(0) + [0x50, flags] + be16(65535) + [0, 0, 0, 0]
    }

    public static func ipv6(src: [UInt8], dst: [UInt8], next: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0x60, 0, 0, 0] + be16(UInt16(payload.count)) + [next, 255] + src + dst + payload
    }

    public static func v6(_ groups: [UInt16]) -> [UInt8] {
        var padded = groups
        while padded.count < 8 { padded.insert(0, at: padded.count - 1) }
        return padded.flatMap { be16($0) }
    }

    public static func icmpv6(type: UInt8, body: [UInt8]) -> [UInt8] { [type, 0, 0, 0] + body }

    /// A classic little-endian pcap file of `frames` with link type `linkType`.
    public static func pcapFile(_ frames: [[UInt8]], linkType: UInt32 = 1, start: UInt32 = 1_700_000_000, spacingMicros: UInt32 = 1000) -> [UInt8] {
        func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        var out = le32(0xA1B2_C3D4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(65535) + le32(linkType)
        for (i, frame) in frames.enumerated() {
            let micros = UInt64(i) * UInt64(spacingMicros)
            out += le32(start + UInt32(micros / 1_000_000)) + le32(UInt32(micros % 1_000_000))
            out += le32(UInt32(frame.count)) + le32(UInt32(frame.count)) + frame
        }
        return out
    }

    public static func temporaryFile(_ bytes: [UInt8], name: String) throws -> String {
        let path = NSTemporaryDirectory() + "ixp-lan-test-\(getpid())-\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `Tests/Fixtures/pcap/<name>`.
    public static func pcapFixture(_ name: String) -> String {
        fixture("pcap/" + name)
    }

    /// `Tests/Fixtures/<name>`.
    public static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)").path
    }
}
