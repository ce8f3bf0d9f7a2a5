/// One member in detail, for its page.
public struct MemberDetail: Sendable, Hashable, Codable {
    /// The member's row (name, totals, sparkline).
    public var summary: MemberRow
    /// Since when it is a member (seconds since the epoch), if known.
    public var memberSince: Double?
    /// Its ports.
    public var ports: [PortRow]
    /// Its traffic into the exchange over 7 days, bits per second.
    public var trafficIn: DashboardSeries
    /// Its traffic out of the exchange to it over 7 days, bits per second.
    public var trafficOut: DashboardSeries
    /// Errors and discards on its ports over 7 days, per second.
    public var errors: DashboardSeries
    /// MAC addresses: registered in the member list, and seen on the LAN.
    public var macs: [AddressSeen]
    /// IPv4 and IPv6 addresses on the peering LAN.
    public var addresses: [AddressSeen]
    /// Its sessions with the route servers.
    public var routeServerSessions: [RouteServerSessionView]
    /// Its findings, active and resolved.
    public var findings: [FindingView]
    /// The members it exchanges most traffic with (sFlow, last 24 hours), largest first; empty without sFlow.
    public var topPeers: [PeerTraffic]

    /// A member.
    public init(summary: MemberRow, memberSince: Double?, ports: [PortRow], trafficIn: DashboardSeries,
                trafficOut: DashboardSeries, errors: DashboardSeries, macs: [AddressSeen], addresses: [AddressSeen],
                routeServerSessions: [RouteServerSessionView], findings: [FindingView], topPeers: [PeerTraffic] = []) {
        self.summary = summary
        self.memberSince = memberSince
        self.ports = ports
        self.trafficIn = trafficIn
        self.trafficOut = trafficOut
        self.errors = errors
        self.macs = macs
        self.addresses = addresses
        self.routeServerSessions = routeServerSessions
        self.findings = findings
        self.topPeers = topPeers
    }
}

/// A MAC or IP address of a member: whether the member list has it, and what the capture saw.
public struct AddressSeen: Sendable, Hashable, Codable {
    /// The address.
    public var address: String
    /// Whether the member list registers it.
    public var registered: Bool
    /// Frames per minute the capture saw from it lately; nil when not seen or no capture runs.
    public var framesPerMinute: Double?

    /// An address.
    public init(address: String, registered: Bool, framesPerMinute: Double?) {
        self.address = address
        self.registered = registered
        self.framesPerMinute = framesPerMinute
    }
}

/// A member's BGP session with a route server.
public struct RouteServerSessionView: Sendable, Hashable, Codable {
    /// The route server (name or address).
    public var routeServer: String
    /// Whether the session is established (seen by the capture or the BIRD probe); nil when unknown.
    public var established: Bool?
    /// More detail, e.g. routes imported.
    public var detail: String

    /// A session.
    public init(routeServer: String, established: Bool?, detail: String) {
        self.routeServer = routeServer
        self.established = established
        self.detail = detail
    }
}
