/// A 48-bit Ethernet address held in the low bits of an integer, so that it hashes and
/// compares as one machine word.
public struct MACAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address, most significant byte first, in the low 48 bits.
    public var rawValue: UInt64

    /// An address from its integer value (only the low 48 bits are kept).
    public init(rawValue: UInt64) {
        self.rawValue = rawValue & 0xFFFF_FFFF_FFFF
    }

    /// Parses `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff`, `aabb.ccdd.eeff` or `aabbccddeeff`;
    /// nil when the text is not a MAC address.
    public init?(_ text: String) {
        var value: UInt64 = 0
        var digits = 0
        for scalar in text.unicodeScalars {
            let nibble: UInt64
            switch scalar {
            case "0"..."9": nibble = UInt64(scalar.value - 48)
            case "a"..."f": nibble = UInt64(scalar.value - 87)
            case "A"..."F": nibble = UInt64(scalar.value - 55)
            case ":", "-", ".": continue
            default: return nil
            }
            digits += 1
            guard digits <= 12 else { return nil }
            value = value << 4 | nibble
        }
        guard digits == 12 else { return nil }
        self.rawValue = value
    }

    /// ff:ff:ff:ff:ff:ff.
    public static let broadcast = MACAddress(rawValue: 0xFFFF_FFFF_FFFF)

    /// True for group (multicast and broadcast) addresses.
    public var isGroup: Bool { rawValue & 0x0100_0000_0000 != 0 }

    /// `aa:bb:cc:dd:ee:ff`, lower case.
    public var description: String {
        let hex: [Character] = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(17)
        for i in stride(from: 40, through: 0, by: -8) {
            let byte = Int((rawValue >> UInt64(i)) & 0xFF)
            out.append(hex[byte >> 4])
            out.append(hex[byte & 0xF])
            if i != 0 { out.append(":") }
        }
        return out
    }

    /// Orders by integer value.
    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.rawValue < rhs.rawValue }
}
