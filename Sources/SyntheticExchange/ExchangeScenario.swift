import Foundation

/// A synthetic exchange over a span of time: its switches, members and ports, and the
/// exchange-wide shape of its traffic. Everything it generates — samples for the store,
/// OpenMetrics history, monthly IX-F member exports — follows from these fields and `seed`, so
/// the same scenario always gives the same bytes.
///
/// Traffic of a port at time t (bytes/s, receive = member → exchange):
/// `peak × (1 + growthPerYear)^years × ramp × trend(t) × dip(t) × diurnal(local hour) ×
/// weekly(weekday) × noise`, where the diurnal curve peaks at 20:00 local time and bottoms out
/// (at `diurnalTrough`) at 04:00, weekends are `weekendFactor` lower, and the noise is uniform
/// within ±`noise`. Transmit is receive × `transmitRatio` with its own noise. An idle port
/// carries `ScenarioPort.idleLevel` of its speed instead. Named scenarios (`healthyGrowing`,
/// `slowlyDying`, …) come with a `groundTruth` that says what a detector must conclude and when.
public struct ExchangeScenario: Sendable, Hashable, Codable {
    /// The scenario's name (e.g. `slowlyDying`).
    public var name: String
    /// The seed of every random draw.
    public var seed: UInt64
    /// First second of history (a multiple of every step used).
    public var start: Double
    /// End of history (exclusive): the "now" a detector runs at.
    public var end: Double
    /// The exchange's own facts (names, switches, route servers).
    public var exchange: ExchangeInfo
    /// The members, in the order they are exported.
    public var members: [ScenarioMember]
    /// Ports without a member (inter-switch trunks): `member_asn` is "" on their series.
    public var corePorts: [ScenarioPort]
    /// Exchange-wide traffic trend, piecewise linear between points (1 before the first and
    /// the last value after the last); empty = 1 throughout.
    public var trend: [TrendPoint]
    /// Exchange-wide temporary dips.
    public var dips: [TrafficDip]
    /// Ports whose counters drop to 0 at a given time.
    public var counterResets: [CounterReset]
    /// Spans with no samples at all.
    public var gaps: [DataGap]
    /// Offset of the exchange's local time from UTC, in hours (the diurnal curve follows local time).
    public var utcOffsetHours: Double
    /// Relative noise amplitude: each sample is multiplied by a uniform value in 1 ± noise.
    public var noise: Double
    /// Weekend traffic relative to weekdays (0.85 = −15 %).
    public var weekendFactor: Double
    /// The diurnal minimum (04:00 local) relative to the peak (20:00 local).
    public var diurnalTrough: Double
    /// What a detector must conclude, and when.
    public var groundTruth: ScenarioGroundTruth

    /// Creates a scenario; `groundTruth` starts empty (named scenarios fill it in).
    public init(
        name: String, seed: UInt64, start: Double, end: Double, exchange: ExchangeInfo, members: [ScenarioMember],
        corePorts: [ScenarioPort] = [], trend: [TrendPoint] = [], dips: [TrafficDip] = [], counterResets: [CounterReset] = [],
        gaps: [DataGap] = [], utcOffsetHours: Double = 1, noise: Double = 0.05, weekendFactor: Double = 0.85,
        diurnalTrough: Double = 0.3, groundTruth: ScenarioGroundTruth? = nil
    ) {
        self.name = name
        self.seed = seed
        self.start = start
        self.end = end
        self.exchange = exchange
        self.members = members
        self.corePorts = corePorts
        self.trend = trend
        self.dips = dips
        self.counterResets = counterResets
        self.gaps = gaps
        self.utcOffsetHours = utcOffsetHours
        self.noise = noise
        self.weekendFactor = weekendFactor
        self.diurnalTrough = diurnalTrough
        self.groundTruth = groundTruth ?? ScenarioGroundTruth(verdict: .healthy, verdictFrom: start, conclusion: "", historyStart: start, historyEnd: end)
    }

    /// Number of ports (member and core).
    public var portCount: Int { members.reduce(corePorts.count) { $0 + $1.ports.count } }

    /// The members connected at `time`.
    public func members(at time: Double) -> [ScenarioMember] { members.filter { $0.isPresent(at: time) } }
}

/// The exchange's own facts, as its IX-F export describes them.
public struct ExchangeInfo: Sendable, Hashable, Codable {
    /// Short name, e.g. `SYN-IX`.
    public var shortname: String
    /// Full name.
    public var name: String
    /// The exchange's own `ixp_id`.
    public var ixpID: Int
    /// Its IX-F database id.
    public var ixfID: Int
    /// ISO country code.
    public var country: String
    /// The switches (IX-F `switch` list); ports name them by `name`.
    public var switches: [ExchangeSwitch]
    /// The peering VLAN's id.
    public var vlanID: Int
    /// Peering LAN IPv4 prefix and length.
    public var ipv4Prefix: String, ipv4Length: Int
    /// Peering LAN IPv6 prefix and length.
    public var ipv6Prefix: String, ipv6Length: Int
    /// The route servers' ASN (the exchange's own `member_type: "ixp"` entry).
    public var routeServerASN: UInt32
    /// The route servers.
    public var routeServers: [RouteServer]

    /// Creates the facts.
    public init(
        shortname: String, name: String, ixpID: Int = 1, ixfID: Int = 9_001, country: String = "DE", switches: [ExchangeSwitch],
        vlanID: Int = 100, ipv4Prefix: String = "198.18.0.0", ipv4Length: Int = 15, ipv6Prefix: String = "2001:db8:ffff::",
        ipv6Length: Int = 64, routeServerASN: UInt32 = 4_200_000_000, routeServers: [RouteServer]
    ) {
        self.shortname = shortname
        self.name = name
        self.ixpID = ixpID
        self.ixfID = ixfID
        self.country = country
        self.switches = switches
        self.vlanID = vlanID
        self.ipv4Prefix = ipv4Prefix
        self.ipv4Length = ipv4Length
        self.ipv6Prefix = ipv6Prefix
        self.ipv6Length = ipv6Length
        self.routeServerASN = routeServerASN
        self.routeServers = routeServers
    }
}

/// One switch of the exchange.
public struct ExchangeSwitch: Sendable, Hashable, Codable {
    /// IX-F switch id.
    public var id: Int
    /// The `switch` label and IX-F name.
    public var name: String
    /// The colocation facility.
    public var colo: String

    /// Creates a switch.
    public init(id: Int, name: String, colo: String) {
        self.id = id
        self.name = name
        self.colo = colo
    }
}

/// One route server of the exchange.
public struct RouteServer: Sendable, Hashable, Codable {
    /// IPv4 address on the peering LAN.
    public var ipv4: String
    /// IPv6 address on the peering LAN.
    public var ipv6: String
    /// The switch it is connected to.
    public var switchName: String
    /// BGP daemon (IX-F `daemon`) and its version.
    public var daemon: String, daemonVersion: String
    /// Operating system (IX-F `os`) and its version.
    public var os: String, osVersion: String
    /// Its router MAC.
    public var mac: String

    /// Creates a route server.
    public init(ipv4: String, ipv6: String, switchName: String, daemon: String = "bird", daemonVersion: String = "2.15.1",
                os: String = "Linux", osVersion: String = "Debian 12", mac: String) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.switchName = switchName
        self.daemon = daemon
        self.daemonVersion = daemonVersion
        self.os = os
        self.osVersion = osVersion
        self.mac = mac
    }
}
