/// One member in the members table.
public struct MemberRow: Sendable, Hashable, Codable {
    /// AS number.
    public var asn: UInt32
    /// Name from the member list.
    public var name: String
    /// Ports it has.
    public var ports: Int
    /// Of those, up now; nil when unknown (none of its ports has a status in the history),
    /// encoded as null: an unknown count is never 0.
    public var portsUp: Int?
    /// Sum of its port speeds, bits per second; nil when unknown.
    public var capacityBitsPerSecond: Double?
    /// The 95th percentile of its traffic over 30 days, bits per second; nil when unknown.
    public var trafficP95BitsPerSecond: Double?
    /// Its share of the exchange's traffic over 30 days (0…1); nil when unknown.
    public var trafficShare: Double?
    /// Whether it has a route-server session; nil when unknown.
    public var routeServerSession: Bool?
    /// Its pending and firing findings.
    public var activeFindings: Int
    /// Its traffic into the exchange over the last 7 days, hourly averages, bits per second.
    public var sparkline: DashboardSeries

    /// A row.
    public init(asn: UInt32, name: String, ports: Int, portsUp: Int?, capacityBitsPerSecond: Double?,
                trafficP95BitsPerSecond: Double?, trafficShare: Double?, routeServerSession: Bool?, activeFindings: Int,
                sparkline: DashboardSeries) {
        self.asn = asn
        self.name = name
        self.ports = ports
        self.portsUp = portsUp
        self.capacityBitsPerSecond = capacityBitsPerSecond
        self.trafficP95BitsPerSecond = trafficP95BitsPerSecond
        self.trafficShare = trafficShare
        self.routeServerSession = routeServerSession
        self.activeFindings = activeFindings
        self.sparkline = sparkline
    }

    enum CodingKeys: String, CodingKey {
        case asn, name, ports, portsUp, capacityBitsPerSecond, trafficP95BitsPerSecond, trafficShare, routeServerSession
        case activeFindings, sparkline
    }

    /// Encodes as the synthesized conformance would, but for `portsUp`, which keeps its key and
    /// reads null when unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(asn, forKey: .asn)
        try container.encode(name, forKey: .name)
        try container.encode(ports, forKey: .ports)
        if let portsUp { try container.encode(portsUp, forKey: .portsUp) } else { try container.encodeNil(forKey: .portsUp) }
        try container.encodeIfPresent(capacityBitsPerSecond, forKey: .capacityBitsPerSecond)
        try container.encodeIfPresent(trafficP95BitsPerSecond, forKey: .trafficP95BitsPerSecond)
        try container.encodeIfPresent(trafficShare, forKey: .trafficShare)
        try container.encodeIfPresent(routeServerSession, forKey: .routeServerSession)
        try container.encode(activeFindings, forKey: .activeFindings)
        try container.encode(sparkline, forKey: .sparkline)
    }
}
