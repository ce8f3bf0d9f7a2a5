/// Who was a member at one moment: the peering members of one member list.
public struct MembershipSnapshot: Sendable, Equatable {
    /// One member in a snapshot.
    public struct Entry: Sendable, Hashable, Codable {
        /// The member's ASN.
        public var asn: UInt32
        /// Its name, when listed.
        public var name: String?
        /// Its IX-F `member_since`, in epoch seconds, when listed.
        public var memberSince: Double?

        /// An entry.
        public init(asn: UInt32, name: String? = nil, memberSince: Double? = nil) {
            self.asn = asn
            self.name = name
            self.memberSince = memberSince
        }
    }

    /// When the list was current, in epoch seconds.
    public var at: Double
    /// The members, ascending by ASN, one entry per ASN.
    public var members: [Entry]

    /// A snapshot of `members` (sorted by ASN; a repeated ASN keeps its first entry).
    public init(at: Double, members: [Entry]) {
        self.at = at
        var seen = Set<UInt32>()
        self.members = members.filter { seen.insert($0.asn).inserted }.sorted { $0.asn < $1.asn }
    }

    /// A snapshot of the registry's peering members (``MemberRegistry/peeringMembers``: the
    /// exchange's own entry and route servers do not count as members).
    public init(at: Double, registry: MemberRegistry) {
        self.init(
            at: at,
            members: registry.peeringMembers.map { Entry(asn: $0.asn, name: $0.name, memberSince: $0.memberSince) })
    }
}

extension MembershipSnapshot {
    /// A snapshot of members already sorted by ASN without repeats (as the store keeps them).
    init(at: Double, sortedMembers: [Entry]) {
        self.at = at
        self.members = sortedMembers
    }
}
