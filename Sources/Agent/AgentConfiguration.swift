import Probes
import SNMPClient
import TimeSeries

/// Everything the agent is told by its configuration file, with the defaults an operator gets
/// for what the file leaves out.
public struct AgentConfiguration: Sendable {
    /// Where `/metrics`, `/api/v1` and the dashboard are served.
    public var http = HTTPConfiguration()
    /// Where history is kept across restarts; nil keeps it in memory only.
    public var stateDirectory: String?
    /// How often history is written to disk, in seconds.
    public var checkpointInterval: Double = 60
    /// The most series the store keeps.
    public var maxSeries: Int = 50_000
    /// How long the raw tier (one value per poll) reaches back, in seconds; the coarser tiers
    /// (5 min for 35 days, 1 h for 400 days, 1 day for 10 years) follow it.
    public var rawRetention: Double = 48 * 3600
    /// Threads that poll SNMP agents (each multiplexes many targets).
    public var snmpThreads: Int = 2
    /// The switches to poll.
    public var switches: [SwitchConfiguration] = []
    /// Tiers and stale-data rules of the store.
    public var storage = StorageSettings()
    /// The peering-LAN capture, when configured.
    public var peeringLAN: PeeringLANSettings?

    /// Creates the default configuration: no switches, HTTP on 127.0.0.1:9470.
    public init() {}
}

extension AgentConfiguration {
    /// The store's configuration: the `storage:` tiers, or by default raw at the shortest poll
    /// interval for `rawRetention` followed by the default consolidated tiers.
    public var storeConfiguration: StoreConfiguration {
        var configuration = StoreConfiguration()
        configuration.maxSeries = maxSeries
        configuration.checkpointInterval = checkpointInterval
        let rawStep = max(1, Int(switches.map(\.interval).min() ?? 60))
        var tiers = StoreConfiguration.defaultTiers(rawStep: rawStep)
        if !tiers.isEmpty {
            tiers[0].rows = max(1, Int(rawRetention) / rawStep)
        }
        configuration.tiers = storage.tiers ?? tiers
        if let value = storage.xFilesFactor { configuration.xFilesFactor = value }
        if let value = storage.staleAfter { configuration.staleAfter = value }
        if let value = storage.reclaimAfter { configuration.reclaimAfter = value }
        return configuration
    }
}

/// The HTTP listener.
public struct HTTPConfiguration: Sendable, Hashable {
    /// Address to bind.
    public var host: String = "127.0.0.1"
    /// Port to bind; 9470 by default.
    public var port: Int = 9470

    /// Creates the default listener.
    public init() {}
}

/// One switch to poll over SNMP.
public struct SwitchConfiguration: Sendable, Hashable {
    /// The `switch` label: a short name the NOC knows the switch by.
    public var name: String
    /// How to reach its agent.
    public var target: SNMPTarget
    /// Seconds between polls.
    public var interval: Double
    /// Re-walk ifName/ifAlias/… every this many polls.
    public var labelRefreshPolls: Int
    /// Port → member mapping.
    public var memberMapping: MemberPortMapping

    /// The probe settings for this switch.
    public var probeConfiguration: SNMPInterfaceProbeConfiguration {
        SNMPInterfaceProbeConfiguration(switchName: name, target: target, interval: interval,
                                        labelRefreshPolls: labelRefreshPolls, memberMapping: memberMapping)
    }
}
