/// An SNMP object identifier, kept numeric: Debian ships no MIB files, so the agent never
/// resolves names.
public struct OID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The sub-identifiers, e.g. `[1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6]`.
    public var components: [UInt32]

    /// Creates an OID from its sub-identifiers.
    public init(_ components: [UInt32]) {
        self.components = components
    }

    /// Parses dotted numeric notation (`1.3.6.1.2.1.2.2.1.10`, a leading dot allowed).
    /// Returns nil for anything else, including names, empty input and sub-identifiers above 2^32-1.
    public init?(_ text: String) {
        var parts: [UInt32] = []
        var current: UInt64 = 0
        var digits = 0
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: ".") { utf8 = utf8.dropFirst() }
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                parts.append(UInt32(current))
                current = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                current = current * 10 + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                guard current <= UInt64(UInt32.max), digits <= 10 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        parts.append(UInt32(current))
        guard parts.count >= 2, parts.count <= 128 else { return nil }
        self.components = parts
    }

    /// Dotted numeric notation without a leading dot.
    public var description: String {
        components.map(String.init).joined(separator: ".")
    }

    /// Whether `self` lies in the subtree rooted at `prefix` (strictly below it or equal).
    public func hasPrefix(_ prefix: OID) -> Bool {
        components.count >= prefix.components.count
            && components[..<prefix.components.count].elementsEqual(prefix.components)
    }

    /// The sub-identifiers after `prefix` (the table index of a column instance).
    public func suffix(after prefix: OID) -> [UInt32] {
        Array(components.dropFirst(prefix.components.count))
    }

    /// This OID with `suffix` appended.
    public func appending(_ suffix: [UInt32]) -> OID {
        OID(components + suffix)
    }

    /// Lexicographic order of SNMP: sub-identifier by sub-identifier, a prefix before its children.
    public static func < (lhs: OID, rhs: OID) -> Bool {
        lhs.components.lexicographicallyPrecedes(rhs.components)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let oid = OID(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a numeric OID (like 1.3.6.1.2.1.2.2.1.10)")
        }
        self = oid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
