#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One prefix of the exchange's peering LAN (`ixp_list[].vlan[].ipv4` / `ipv6` of the IX-F
/// export: `prefix` and `mask_length`), IPv4 or IPv6, with a test of whether an address lies in it.
public struct PeeringLANPrefix: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The network address, canonical text (`192.0.2.0`, `2001:db8:100::`).
    public var address: String
    /// The prefix length in bits.
    public var length: Int

    /// A prefix, or nil when `address` is not an IP address or `length` does not fit its family.
    public init?(address: String, length: Int) {
        guard let canonical = MemberAddressText.ip(address), let bytes = Self.bytes(canonical),
              length >= 0, length <= bytes.count * 8 else { return nil }
        self.address = canonical
        self.length = length
    }

    /// `192.0.2.0/24`.
    public var description: String { "\(address)/\(length)" }

    /// Whether the prefix is IPv6.
    public var isIPv6: Bool { address.contains(":") }

    /// Whether `address` (any notation) lies in the prefix; false for an address of the other
    /// family or one that does not parse.
    public func contains(_ address: String) -> Bool {
        guard let network = Self.bytes(self.address), let candidate = Self.bytes(address),
              network.count == candidate.count else { return false }
        var bits = length
        for index in network.indices where bits > 0 {
            let mask: UInt8 = bits >= 8 ? 0xFF : UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if network[index] & mask != candidate[index] & mask { return false }
            bits -= 8
        }
        return true
    }

    /// The address's bytes (4 or 16), or nil when it is not an IP address.
    static func bytes(_ text: String) -> [UInt8]? {
        let trimmed = text.split(separator: "/").first.map(String.init) ?? text
        var v4 = in_addr()
        if inet_pton(AF_INET, trimmed, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, trimmed, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
