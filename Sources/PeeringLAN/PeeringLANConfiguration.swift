public import PacketCapture
public import IXPCore

/// The thresholds and allowances of the peering-LAN probe, read from
/// `Probes/peering-lan.yaml` (or JSON) at run time; every key is optional and defaults to the
/// values below.
public struct PeeringLANConfiguration: Sendable, Equatable, Codable {
    /// Thresholds for the neighbour protocols (ARP, and the same for IPv6 ND).
    public struct NeighborThresholds: Sendable, Equatable, Codable {
        /// Storm: all ARP (or NS+NA) on the LAN at or above this many frames per minute.
        public var stormPerMinute: Int = 4_000
        /// Storm: or this many times the median per-minute count of the history window ...
        public var stormMedianFactor: Double = 3
        /// ... for this many minutes in a row ...
        public var stormMedianMinutes: Int = 3
        /// ... over a history of this many minutes (7 days) ...
        public var stormMedianWindowMinutes: Int = 10_080
        /// ... once the history holds at least this many minutes.
        public var stormMedianMinimumHistoryMinutes: Int = 60
        /// Flooder: one source above this many requests per second ...
        public var flooderPerSecond: Double = 3
        /// ... averaged over a window of this many seconds.
        public var flooderWindowSeconds: Int = 60
        /// Dead address: requested at least this many times a minute ...
        public var deadRequestsPerMinute: Int = 50
        /// ... by at least this many sources ...
        public var deadMinimumRequesters: Int = 2
        /// ... for this many minutes in a row ...
        public var deadMinutes: Int = 5
        /// ... and not seen as a sender for this many seconds.
        public var deadSenderSilenceSeconds: Int = 600

        /// The defaults (IXP-Watch's storm threshold, arpsponge's rates).
        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case stormPerMinute = "storm_per_minute"
            case stormMedianFactor = "storm_median_factor"
            case stormMedianMinutes = "storm_median_minutes"
            case stormMedianWindowMinutes = "storm_median_window_minutes"
            case stormMedianMinimumHistoryMinutes = "storm_median_minimum_history_minutes"
            case flooderPerSecond = "flooder_per_second"
            case flooderWindowSeconds = "flooder_window_seconds"
            case deadRequestsPerMinute = "dead_requests_per_minute"
            case deadMinimumRequesters = "dead_minimum_requesters"
            case deadMinutes = "dead_minutes"
            case deadSenderSilenceSeconds = "dead_sender_silence_seconds"
        }

        /// Decodes, with defaults for missing keys; unknown keys are an error.
        public init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = NeighborThresholds.defaults
            stormPerMinute = try c.decodeIfPresent(Int.self, forKey: .stormPerMinute) ?? d.stormPerMinute
            stormMedianFactor = try c.decodeIfPresent(Double.self, forKey: .stormMedianFactor) ?? d.stormMedianFactor
            stormMedianMinutes = try c.decodeIfPresent(Int.self, forKey: .stormMedianMinutes) ?? d.stormMedianMinutes
            stormMedianWindowMinutes =
                try c.decodeIfPresent(Int.self, forKey: .stormMedianWindowMinutes) ?? d.stormMedianWindowMinutes
            stormMedianMinimumHistoryMinutes =
                try c.decodeIfPresent(Int.self, forKey: .stormMedianMinimumHistoryMinutes)
                ?? d.stormMedianMinimumHistoryMinutes
            flooderPerSecond = try c.decodeIfPresent(Double.self, forKey: .flooderPerSecond) ?? d.flooderPerSecond
            flooderWindowSeconds =
                try c.decodeIfPresent(Int.self, forKey: .flooderWindowSeconds) ?? d.flooderWindowSeconds
            deadRequestsPerMinute =
                try c.decodeIfPresent(Int.self, forKey: .deadRequestsPerMinute) ?? d.deadRequestsPerMinute
            deadMinimumRequesters =
                try c.decodeIfPresent(Int.self, forKey: .deadMinimumRequesters) ?? d.deadMinimumRequesters
            deadMinutes = try c.decodeIfPresent(Int.self, forKey: .deadMinutes) ?? d.deadMinutes
            deadSenderSilenceSeconds =
                try c.decodeIfPresent(Int.self, forKey: .deadSenderSilenceSeconds) ?? d.deadSenderSilenceSeconds
        }

        static let defaults = NeighborThresholds()
    }

    /// Traffic classes allowed on this LAN although forbidden by default (e.g. `lldp`, `lacp`).
    public var allowedClasses: [String] = []
    /// Severity overrides, by rule id (`info`, `warning`, `critical`).
    public var severities: [String: Severity] = [:]
    /// The LAN's IPv4 directed broadcast address, e.g. `80.249.215.255`.
    public var lanBroadcast: String?
    /// ARP thresholds.
    public var arp = NeighborThresholds()
    /// IPv6 neighbour-discovery thresholds (the same rules, for NS/NA).
    public var nd = NeighborThresholds()
    /// `proxy_arp`: one MAC answering ARP for at least this many addresses (the addresses of
    /// its own member count as one).
    public var proxyARPMinimumAddresses: Int = 2
    /// `capture_drops`: drops above this fraction of frames seen.
    public var captureDropRatio: Double = 0.001
    /// Route-server ASNs, for member lists that do not mark route servers.
    public var routeServerASNs: [UInt32] = []
    /// Route-server addresses, in addition to those of the member list.
    public var routeServerAddresses: [String] = []
    /// Most source MACs / addresses tracked per table; beyond it frames are counted as overflow.
    public var maximumTrackedEntries: Int = 65_536
    /// Most distinct violations kept (by rule and source); beyond it they are counted as overflow.
    public var maximumViolations: Int = 10_000

    /// The built-in defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case allowedClasses = "allowed_classes"
        case severities
        case lanBroadcast = "lan_broadcast"
        case arp
        case nd
        case proxyARPMinimumAddresses = "proxy_arp_minimum_addresses"
        case captureDropRatio = "capture_drop_ratio"
        case routeServerASNs = "route_server_asns"
        case routeServerAddresses = "route_server_addresses"
        case maximumTrackedEntries = "maximum_tracked_entries"
        case maximumViolations = "maximum_violations"
    }

    /// Decodes, with defaults for missing keys. Unknown keys, unknown class names or rule ids,
    /// and out-of-range values are errors, so that a typo does not silently do nothing.
    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        allowedClasses = try c.decodeIfPresent([String].self, forKey: .allowedClasses) ?? []
        for name in allowedClasses where TrafficClass(name: name) == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .allowedClasses, in: c,
                debugDescription: "unknown traffic class \"\(name)\"; known: "
                    + TrafficClass.allCases.map(\.name).joined(separator: ", "))
        }
        severities = try c.decodeIfPresent([String: Severity].self, forKey: .severities) ?? [:]
        for id in severities.keys where PeeringLANRule(id: id) == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .severities, in: c, debugDescription: "unknown rule \"\(id)\"")
        }
        lanBroadcast = try c.decodeIfPresent(String.self, forKey: .lanBroadcast)
        if let text = lanBroadcast, IPAddress(text)?.ipv4 == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .lanBroadcast, in: c, debugDescription: "\"\(text)\" is not an IPv4 address")
        }
        arp = try c.decodeIfPresent(NeighborThresholds.self, forKey: .arp) ?? NeighborThresholds()
        nd = try c.decodeIfPresent(NeighborThresholds.self, forKey: .nd) ?? NeighborThresholds()
        proxyARPMinimumAddresses = try c.decodeIfPresent(Int.self, forKey: .proxyARPMinimumAddresses) ?? 2
        captureDropRatio = try c.decodeIfPresent(Double.self, forKey: .captureDropRatio) ?? 0.001
        routeServerASNs = try c.decodeIfPresent([UInt32].self, forKey: .routeServerASNs) ?? []
        routeServerAddresses = try c.decodeIfPresent([String].self, forKey: .routeServerAddresses) ?? []
        for text in routeServerAddresses where IPAddress(text) == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .routeServerAddresses, in: c, debugDescription: "\"\(text)\" is not an IP address")
        }
        maximumTrackedEntries = try c.decodeIfPresent(Int.self, forKey: .maximumTrackedEntries) ?? 65_536
        maximumViolations = try c.decodeIfPresent(Int.self, forKey: .maximumViolations) ?? 10_000
        guard maximumTrackedEntries > 0, maximumViolations > 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .maximumTrackedEntries, in: c, debugDescription: "limits must be positive")
        }
    }

    /// The severity of `rule` under this configuration.
    public func severity(of rule: PeeringLANRule) -> Severity {
        severities[rule.id] ?? rule.defaultSeverity
    }

    /// True when frames of `trafficClass` are allowed although a rule forbids them by default.
    public func allows(_ trafficClass: TrafficClass) -> Bool {
        allowedClasses.contains(trafficClass.name)
    }
}

private struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private func rejectUnknownKeys(_ decoder: any Decoder, _ known: [String]) throws {
    let container = try decoder.container(keyedBy: AnyCodingKey.self)
    for key in container.allKeys where !known.contains(key.stringValue) {
        throw DecodingError.dataCorruptedError(
            forKey: key, in: container,
            debugDescription: "unknown key \"\(key.stringValue)\"; known keys: " + known.joined(separator: ", "))
    }
}
