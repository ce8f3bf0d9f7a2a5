#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Normalises the textual addresses of member lists, so that lookups do not depend on
/// notation: MACs become `aa:bb:cc:dd:ee:ff`, IPs their canonical text.
public enum MemberAddressText {
    /// `aa:bb:cc:dd:ee:ff` for any common MAC notation, or nil when `text` is not a MAC.
    public static func mac(_ text: String) -> String? {
        var digits: [Character] = []
        for character in text.lowercased() {
            if character.isHexDigit { digits.append(character) } else if ":-.".contains(character) { continue } else { return nil }
        }
        guard digits.count == 12 else { return nil }
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && i % 2 == 0 { out.append(":") }
            out.append(digit)
        }
        return out
    }

    /// The canonical text of an IPv4 or IPv6 address, or nil when `text` is neither.
    public static func ip(_ text: String) -> String? {
        let trimmed = text.split(separator: "/").first.map(String.init) ?? text  // tolerate a prefix length
        var v4 = in_addr()
        if inet_pton(AF_INET, trimmed, &v4) == 1 {
            return withUnsafeMutablePointer(to: &v4) { canonical(family: AF_INET, UnsafeMutableRawPointer($0)) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, trimmed, &v6) == 1 {
            return withUnsafeMutablePointer(to: &v6) { canonical(family: AF_INET6, UnsafeMutableRawPointer($0)) }
        }
        return nil
    }

    private static func canonical(family: Int32, _ address: UnsafeMutableRawPointer) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        guard inet_ntop(family, address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return buffer.withUnsafeBufferPointer { pointer in
            String(decoding: pointer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
