public import Alerting
public import Dashboard
public import Detection
public import ProbeKit
public import TimeSeries
public import HTTPListener
public import Members

/// Everything the agent is told by its configuration file, with the defaults an operator gets
/// for what the file leaves out.
public struct AgentConfiguration: Sendable {
    /// Where `/metrics`, `/api/v1` and the dashboard are served.
    public var http = HTTPConfiguration()
    /// Where history is kept across restarts; nil keeps it in memory only.
    public var stateDirectory: String?
    /// How often history is written to disk, in seconds.
    public var checkpointInterval: Double = 60
    /// The longest a graceful stop (SIGTERM, SIGINT) may take, in seconds, before the services
    /// still running are cancelled; the last checkpoint is written either way.
    public var shutdownTimeout: Double = 10
    /// The most series the store keeps.
    public var maxSeries: Int = 50_000
    /// How long the raw tier (one value per poll) reaches back, in seconds; the coarser tiers
    /// (5 min for 35 days, 1 h for 400 days, 1 day for 10 years) follow it.
    public var rawRetention: Double = 48 * 3600
    /// Tiers and stale-data rules of the store.
    public var storage = StorageSettings()
    /// The settings of each probe kind the file configures, in the order of
    /// `ProbeKindRegistry.builtIn`.
    public var probes: [any ProbeSettings] = []
    /// The share of `switches:` this agent polls (`shard: i/N`); nil: every switch.
    public var shard: ShardSelection?
    /// The member list, when configured.
    public var members: MembersSettings?
    /// The detector's schedule and rules.
    public var detection = DetectionConfiguration()
    /// The language of the report and mail (`language: en|fr`).
    public var language: Language = .english
    /// Alert email (`alerting:`), when configured.
    public var alerting: AlertingConfiguration?
    /// The dashboard's options (`web: {public_page: true}`).
    public var web = DashboardSettings()

    /// Creates the default configuration: no probes, HTTP on 127.0.0.1:9470.
    public init() {}

    /// The settings of the kind whose settings type is `type`, when the file configures it
    /// (e.g. `settings(SNMPInterfaceSettings.self)?.switches`).
    public func settings<Settings: ProbeSettings>(_ type: Settings.Type) -> Settings? {
        probes.lazy.compactMap { $0 as? Settings }.first
    }
}

extension AgentConfiguration {
    /// The store's configuration: the `storage:` tiers, or by default raw at the shortest
    /// interval of any probe (switches, peering LAN, …) for `rawRetention` followed by the
    /// default consolidated tiers.
    public var storeConfiguration: StoreConfiguration {
        var configuration = StoreConfiguration()
        configuration.maxSeries = maxSeries
        configuration.checkpointInterval = checkpointInterval
        let rawStep = max(1, Int(probes.flatMap(\.intervals).min() ?? 60))
        var tiers = StoreConfiguration.defaultTiers(rawStep: rawStep)
        if !tiers.isEmpty {
            tiers[0].rows = max(1, Int(rawRetention) / rawStep)
        }
        configuration.tiers = storage.tiers ?? tiers
        // Counter rates are n / poll interval (`PollRate`): let the store try those scales too.
        configuration.rateScales = Set(probes.flatMap(\.intervals).compactMap { PollRate.scale(ofInterval: $0) }).sorted()
        if let value = storage.xFilesFactor { configuration.xFilesFactor = value }
        if let value = storage.staleAfter { configuration.staleAfter = value }
        if let value = storage.reclaimAfter { configuration.reclaimAfter = value }
        return configuration
    }
}
