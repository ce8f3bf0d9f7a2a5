/// One switch port of a scenario: where it is, how fast it is, and how its traffic behaves.
public struct ScenarioPort: Sendable, Hashable, Codable {
    /// The `switch` label, e.g. `sw1`.
    public var switchName: String
    /// The `interface` label, e.g. `Ethernet12`.
    public var interface: String
    /// Port speed in bytes per second (10G = 1.25e9), the `ixp_interface_speed_bytes` value.
    public var speed: Double
    /// Receive (member → exchange) traffic at the daily peak of a weekday at the scenario's
    /// start (or at the end of the joining ramp), before noise, in bytes per second.
    public var peak: Double
    /// Yearly traffic growth, e.g. 0.25 for +25 % a year (compounded continuously over time).
    public var growthPerYear: Double
    /// Transmit traffic as a fraction of receive traffic.
    public var transmitRatio: Double
    /// From this time on, the port is idle: traffic below 0.2 % of its speed (it ramps down
    /// over `idleRampDays` before). Nil: never idle.
    public var idleFrom: Double?
    /// With `idleFrom`, whether the port is also operationally down (no traffic at all, `up` 0).
    public var operDownWhenIdle: Bool
    /// Background receive errors per second (0 for a clean port).
    public var errorRate: Double
    /// With `idleFrom`, whether the port is also shut (`admin_up` 0, `up` 0, no traffic): a port
    /// decommissioned after its member moved to another one.
    public var adminDownWhenIdle: Bool
    /// When the port was connected, if after its member joined (a new port added later, e.g. an
    /// upgrade); nil: with its member.
    public var connectedFrom: Double?
    /// From this time on, the port's traffic is `levelShiftFactor` of what it would be, at once
    /// and for good (a member moving most of its traffic to a private interconnect); nil: never.
    public var levelShiftFrom: Double?
    /// With `levelShiftFrom`, the fraction of its traffic the port keeps (0.25: three quarters gone).
    public var levelShiftFactor: Double?

    /// Days over which an idle port's traffic fades before `idleFrom`.
    public static let idleRampDays = 21.0
    /// An idle port's traffic at its daily peak, as a fraction of its speed (below 0.5 %).
    public static let idleLevel = 0.002

    /// Creates a port.
    public init(
        switchName: String, interface: String, speed: Double, peak: Double, growthPerYear: Double = 0,
        transmitRatio: Double = 1, idleFrom: Double? = nil, operDownWhenIdle: Bool = false, errorRate: Double = 0,
        adminDownWhenIdle: Bool = false, connectedFrom: Double? = nil
    ) {
        self.switchName = switchName
        self.interface = interface
        self.speed = speed
        self.peak = peak
        self.growthPerYear = growthPerYear
        self.transmitRatio = transmitRatio
        self.idleFrom = idleFrom
        self.operDownWhenIdle = operDownWhenIdle
        self.errorRate = errorRate
        self.adminDownWhenIdle = adminDownWhenIdle
        self.connectedFrom = connectedFrom
    }

    /// Whether the port carries nothing at all once idle (operationally or administratively down).
    var silentWhenIdle: Bool { operDownWhenIdle || adminDownWhenIdle }

    /// Whether the member list shows the port at `time`: connected by then, and not yet shut.
    func isListed(at time: Double) -> Bool {
        guard time >= connectedFrom ?? -.infinity else { return false }
        guard adminDownWhenIdle, let idleFrom else { return true }
        return time < idleFrom
    }
}

/// One member of a scenario: a network with one or more ports, present from `joined` until
/// `left` (exclusive).
public struct ScenarioMember: Sendable, Hashable, Codable {
    /// The member's AS number (the `member_asn` label; 0 for a core/unmapped port group).
    public var asn: UInt32
    /// The member's name.
    public var name: String
    /// When the member joined (its ports start reporting then, or at the scenario's start if earlier).
    public var joined: Double
    /// When the member left (its ports stop reporting); nil if it stays.
    public var left: Double?
    /// The member's ports.
    public var ports: [ScenarioPort]
    /// Whether it peers with the route servers (IX-F `routeserver`).
    public var routeServerPeering: Bool
    /// Its peering-LAN IPv4 address.
    public var ipv4: String
    /// Its peering-LAN IPv6 address.
    public var ipv6: String
    /// Its router's MAC address.
    public var mac: String
    /// Days over which a member joining during the scenario ramps up to its peak traffic.
    public var rampDays: Double
    /// The round trip (seconds) the ping probe measures to its router, at the quietest hour;
    /// nil: the member is not pinged (no `ixp_ping_rtt_median_seconds` series).
    public var pingRoundTrip: Double?

    /// Creates a member.
    public init(
        asn: UInt32, name: String, joined: Double, left: Double? = nil, ports: [ScenarioPort], routeServerPeering: Bool = true,
        ipv4: String, ipv6: String, mac: String, rampDays: Double = 30
    ) {
        self.asn = asn
        self.name = name
        self.joined = joined
        self.left = left
        self.ports = ports
        self.routeServerPeering = routeServerPeering
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.mac = mac
        self.rampDays = rampDays
    }

    /// Whether `port` went idle because the member moved to another of its ports: it is shut
    /// (admin down), or another port that never goes idle was connected by the time it did.
    public func isReplaced(_ port: ScenarioPort) -> Bool {
        guard let idleFrom = port.idleFrom else { return false }
        if port.adminDownWhenIdle { return true }
        return ports.contains { $0 != port && $0.idleFrom == nil && ($0.connectedFrom ?? -.infinity) <= idleFrom }
    }

    /// Whether the member is connected at `time`.
    public func isPresent(at time: Double) -> Bool {
        joined <= time && (left.map { time < $0 } ?? true)
    }
}
