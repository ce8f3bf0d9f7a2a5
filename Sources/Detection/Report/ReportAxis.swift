/// One question a board asks of its exchange, after ISOC's zombie-IXP checklist ("Is Your IXP
/// at Risk of Becoming a 'Zombie'?") and the axes experts judge an exchange's value by: traffic,
/// participants, peering, routes, investment, oversight and data. The report's first page gives
/// one verdict per axis, from the symptoms that answer it.
public enum ReportAxis: String, Sendable, Hashable, Codable, CaseIterable {
    /// Is the exchange used, and does its traffic grow?
    case traffic
    /// Do networks join, and stay?
    case participants
    /// Do the members peer with one another?
    case peering
    /// Are there routes to reach through the route servers, and more of them?
    case routes
    /// Is the exchange invested in, with room to grow (an expansion plan)?
    case investment
    /// Is someone in charge, acting on what the tool finds?
    case oversight
    /// Is the exchange's data kept up to date (a peering coordinator)?
    case data

    /// The symptoms that answer this axis, most telling first. A symptom the report does not
    /// carry (a rule this agent does not have, or one that is disabled) is skipped.
    public var rules: [RuleID] {
        switch self {
        case .traffic: [.belowIXPFloor, .fallingTraffic, .trafficConcentration]
        case .participants: [.stagnantMembership, .membersLeaving, .ghostMembers, .idleMemberPorts, .remoteGrowth]
        case .peering: [.peeringDensity, .noRouteServerSession]
        case .routes: [.routesAvailable]
        case .investment: [.capacityRunway, .noInvestment, .outgrownPorts]
        case .oversight: [.unattendedFindings]
        case .data: [.memberDataMismatch, .staleMemberData]
        }
    }

    /// The axis a symptom answers, if any.
    public static func axis(of rule: RuleID) -> ReportAxis? {
        allCases.first { $0.rules.contains(rule) }
    }
}
