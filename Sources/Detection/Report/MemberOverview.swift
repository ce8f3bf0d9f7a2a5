/// One member in the report.
public struct MemberOverview: Sendable, Hashable, Codable {
    /// AS number.
    public var asn: UInt32
    /// Name from the member list, if known.
    public var name: String?
    /// Since when it is a member (seconds since the epoch), if known.
    public var memberSince: Double?
    /// Its ports.
    public var ports: [PortOverview]
    /// The 95th percentile of its traffic (into the exchange) over 30 days, bits per second; NaN when unknown.
    public var trafficP95BitsPerSecond: Double
    /// Its share of the exchange's traffic over 30 days (0…1); NaN when unknown.
    public var trafficShare: Double
    /// Whether it has a session with a route server: nil when unknown.
    public var routeServerSession: Bool?

    /// A member.
    public init(asn: UInt32, name: String?, memberSince: Double?, ports: [PortOverview], trafficP95BitsPerSecond: Double,
                trafficShare: Double, routeServerSession: Bool?) {
        self.asn = asn
        self.name = name
        self.memberSince = memberSince
        self.ports = ports
        self.trafficP95BitsPerSecond = trafficP95BitsPerSecond
        self.trafficShare = trafficShare
        self.routeServerSession = routeServerSession
    }

    enum CodingKeys: String, CodingKey {
        case asn, name, ports
        case memberSince = "member_since", trafficP95BitsPerSecond = "traffic_p95_bits_per_second"
        case trafficShare = "traffic_share", routeServerSession = "route_server_session"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        asn = try container.decode(UInt32.self, forKey: .asn)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        memberSince = try container.decodeIfPresent(Double.self, forKey: .memberSince)
        ports = try container.decodeIfPresent([PortOverview].self, forKey: .ports) ?? []
        trafficP95BitsPerSecond = try container.decodeIfPresent(Double.self, forKey: .trafficP95BitsPerSecond) ?? .nan
        trafficShare = try container.decodeIfPresent(Double.self, forKey: .trafficShare) ?? .nan
        routeServerSession = try container.decodeIfPresent(Bool.self, forKey: .routeServerSession)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(asn, forKey: .asn)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeFiniteIfPresent(memberSince, forKey: .memberSince)
        try container.encode(ports, forKey: .ports)
        try container.encode(trafficP95BitsPerSecond.isFinite ? trafficP95BitsPerSecond : nil, forKey: .trafficP95BitsPerSecond)
        try container.encode(trafficShare.isFinite ? trafficShare : nil, forKey: .trafficShare)
        try container.encode(routeServerSession, forKey: .routeServerSession)
    }
}

/// One member port in the report.
public struct PortOverview: Sendable, Hashable, Codable {
    /// Switch name.
    public var switchName: String
    /// Interface name.
    public var interface: String
    /// The member it belongs to, if known.
    public var memberASN: UInt32?
    /// Port speed, bits per second; NaN when unknown.
    public var speedBitsPerSecond: Double
    /// The 95th percentile of the larger direction over the rule's window, bits per second.
    public var p95BitsPerSecond: Double
    /// `p95BitsPerSecond / speedBitsPerSecond`; NaN when either is unknown.
    public var utilisation: Double
    /// Whether it is up now; nil when unknown.
    public var up: Bool?

    /// A port.
    public init(switchName: String, interface: String, memberASN: UInt32?, speedBitsPerSecond: Double,
                p95BitsPerSecond: Double, utilisation: Double, up: Bool?) {
        self.switchName = switchName
        self.interface = interface
        self.memberASN = memberASN
        self.speedBitsPerSecond = speedBitsPerSecond
        self.p95BitsPerSecond = p95BitsPerSecond
        self.utilisation = utilisation
        self.up = up
    }

    enum CodingKeys: String, CodingKey {
        case switchName = "switch", interface, memberASN = "member_asn", speedBitsPerSecond = "speed_bits_per_second"
        case p95BitsPerSecond = "p95_bits_per_second", utilisation, up
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switchName = try container.decode(String.self, forKey: .switchName)
        interface = try container.decode(String.self, forKey: .interface)
        memberASN = try container.decodeIfPresent(UInt32.self, forKey: .memberASN)
        speedBitsPerSecond = try container.decodeIfPresent(Double.self, forKey: .speedBitsPerSecond) ?? .nan
        p95BitsPerSecond = try container.decodeIfPresent(Double.self, forKey: .p95BitsPerSecond) ?? .nan
        utilisation = try container.decodeIfPresent(Double.self, forKey: .utilisation) ?? .nan
        up = try container.decodeIfPresent(Bool.self, forKey: .up)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(switchName, forKey: .switchName)
        try container.encode(interface, forKey: .interface)
        try container.encode(memberASN, forKey: .memberASN)
        try container.encode(speedBitsPerSecond.isFinite ? speedBitsPerSecond : nil, forKey: .speedBitsPerSecond)
        try container.encode(p95BitsPerSecond.isFinite ? p95BitsPerSecond : nil, forKey: .p95BitsPerSecond)
        try container.encode(utilisation.isFinite ? utilisation : nil, forKey: .utilisation)
        try container.encode(up, forKey: .up)
    }
}
