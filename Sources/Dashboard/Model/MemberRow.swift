/// One member in the members table.
public struct MemberRow: Sendable, Hashable, Codable {
    /// AS number.
    public var asn: UInt32
    /// Name from the member list.
    public var name: String
    /// Ports it has.
    public var ports: Int
    /// Of those, up now.
    public var portsUp: Int
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
    public init(asn: UInt32, name: String, ports: Int, portsUp: Int, capacityBitsPerSecond: Double?,
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
}
