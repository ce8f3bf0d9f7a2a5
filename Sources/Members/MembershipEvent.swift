/// A member joining or leaving the exchange.
public struct MembershipEvent: Sendable, Hashable, Codable {
    /// Join or leave.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The member appeared in the list (or its `member_since` says it joined then).
        case join
        /// The member disappeared from the list.
        case leave
    }

    /// Join or leave.
    public var kind: Kind
    /// The member's ASN.
    public var asn: UInt32
    /// The member's name as last listed, when known.
    public var name: String?
    /// When it happened, in epoch seconds (see ``MembershipHistory`` for how it is dated).
    public var at: Double

    /// An event.
    public init(kind: Kind, asn: UInt32, name: String? = nil, at: Double) {
        self.kind = kind
        self.asn = asn
        self.name = name
        self.at = at
    }
}
