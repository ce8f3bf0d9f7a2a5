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
    // MARK: Zombie-IXP symptoms

    /// Fewer than 3 member ASNs exchanged traffic in the last 24 h.
    public static let belowIXPFloor: RuleID = "below_ixp_floor"
    /// No member joined in 12 months, or the member count has not grown for 6 months.
    public static let stagnantMembership: RuleID = "stagnant_membership"
    /// More members left than joined in the last 12 months.
    public static let membersLeaving: RuleID = "members_leaving"
    /// Peak traffic falling quarter on quarter or year on year, with a significant trend.
    public static let fallingTraffic: RuleID = "falling_traffic"
    /// Member ports that carry almost nothing.
    public static let idleMemberPorts: RuleID = "idle_member_ports"
    /// Member ports that are nearly full.
    public static let outgrownPorts: RuleID = "outgrown_ports"
    /// Members with no BGP session to any route server.
    public static let noRouteServerSession: RuleID = "no_route_server_session"
    /// Members listed as connected whose port is dead or empty and who are not seen on the LAN.
    public static let ghostMembers: RuleID = "ghost_members"
    /// Traffic concentrated on one member, or on three.
    public static let trafficConcentration: RuleID = "traffic_concentration"
    /// The member data is old, or disagrees with PeeringDB.
    public static let staleMemberData: RuleID = "stale_member_data"

    /// The zombie-IXP symptoms, in the order the report lists them.
    public static let zombieSymptoms: [RuleID] = [
        .belowIXPFloor, .stagnantMembership, .membersLeaving, .fallingTraffic, .idleMemberPorts, .outgrownPorts,
        .noRouteServerSession, .ghostMembers, .trafficConcentration, .staleMemberData,
    ]

    // MARK: Operational faults

    /// A member port is down while administratively up.
    public static let portDown: RuleID = "port_down"
    /// Every port of a member is down: one finding instead of one per port.
    public static let memberDown: RuleID = "member_down"
    /// Errors or discards rising on a port.
    public static let portErrors: RuleID = "port_errors"
    /// A port at or above 80 % of its speed.
    public static let highUtilisation: RuleID = "high_utilisation"
    /// A port's traffic left its own daily and weekly pattern (Holt-Winters).
    public static let trafficAnomaly: RuleID = "traffic_anomaly"
    /// A probe keeps failing (a switch that cannot be polled, a capture that stopped).
    public static let probeFailing: RuleID = "probe_failing"
    /// A probe's data stopped arriving.
    public static let probeStale: RuleID = "probe_stale"
    /// The capture drops frames.
    public static let captureDrops: RuleID = "capture_drops"
    /// A frame on the peering LAN broke a rule of the peering-LAN probe definition.
    public static let lanViolation: RuleID = "lan_violation"
    /// The member list's port speed differs from the speed SNMP reports.
    public static let portSpeedMismatch: RuleID = "port_speed_mismatch"
    /// A member listed as connected whose port is administratively down.
    public static let connectedPortAdminDown: RuleID = "connected_port_admin_down"
    /// A port whose description names an ASN that is not in the member list.
    public static let unknownPortASN: RuleID = "unknown_port_asn"
    /// A departed member's port is still up.
    public static let departedMemberPortUp: RuleID = "departed_member_port_up"
    /// Polls are refused because the store's newest sample is ahead of the wall clock (the
    /// clock was set back after running ahead).
    public static let clockBehindStore: RuleID = "clock_behind_store"
    /// The member list could not be loaded; the last good one is in use.
    public static let memberListUnavailable: RuleID = "member_list_unavailable"
    /// A member announces a route server close to its IX-F `max_prefix`.
    public static let routeServerMaxPrefix: RuleID = "route_server_max_prefix"
    /// A member with an established route-server session announces no prefix any more, after
    /// announcing some in the week before.
    public static let memberStoppedAnnouncing: RuleID = "member_stopped_announcing"
    /// A member router lost every echo request for several rounds while its port is up.
    public static let memberUnreachable: RuleID = "member_unreachable"
    /// Most member routers stopped answering pings at once: one cause on the exchange's (or the
    /// agent's) side, not a fault of each member.
    public static let exchangeUnreachable: RuleID = "exchange_unreachable"
    /// A member router's median round trip rose well above its own usual one.
    public static let memberLatencyJump: RuleID = "member_latency_jump"
    /// A transceiver receives less light than its low threshold (or −14 dBm).
    public static let opticsLowRx: RuleID = "optics_low_rx"
    /// A transceiver's receive power fell more than 3 dB over a week.
    public static let opticsRxFalling: RuleID = "optics_rx_falling"
    /// The LLDP neighbour seen on a member port changed.
    public static let lldpNeighborChanged: RuleID = "lldp_neighbor_changed"
    /// A switch temperature sensor reads above its threshold (or 70 °C).
    public static let switchHot: RuleID = "switch_hot"
    /// A member whose port is up exchanges no traffic with any other member (sFlow) for a day.
    public static let memberNoPeeringTraffic: RuleID = "member_no_peering_traffic"
}
