/// The identifier of a detection rule, e.g. `falling_traffic`. Identifiers are part of the
/// agent's contract: they appear in metrics, the API, the report and mail.
public struct RuleID: RawRepresentable, Hashable, Codable, Sendable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The identifier.
    public var rawValue: String

    /// A rule identifier.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A rule identifier from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The identifier.
    public var description: String { rawValue }

    /// Identifiers order alphabetically.
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension RuleID {
    /// The zombie-IXP symptoms, in the order the report lists them. Each rule id's constant
    /// (`RuleID.belowIXPFloor`, …) is declared in its rule's file, beside its definition.
    public static let zombieSymptoms: [RuleID] = [
        .belowIXPFloor, .stagnantMembership, .membersLeaving, .fallingTraffic, .idleMemberPorts, .outgrownPorts,
        .noRouteServerSession, .ghostMembers, .trafficConcentration, .staleMemberData,
        .memberDataMismatch, .remoteGrowth,
        .routesAvailable, .peeringDensity,
        .unattendedFindings,
        .capacityRunway, .noInvestment,
    ]
}
