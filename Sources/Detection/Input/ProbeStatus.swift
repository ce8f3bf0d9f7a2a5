/// What the agent knows about one probe's runs, for the probe-health rules.
public struct ProbeStatus: Sendable, Hashable, Codable {
    /// The probe's kind, e.g. `snmp` or `peering_lan`.
    public var kind: String
    /// Its name, e.g. the switch name.
    public var name: String
    /// Seconds between its runs.
    public var interval: Double
    /// When it last succeeded (seconds since the epoch), nil if never.
    public var lastSuccess: Double?
    /// When it last ran, nil if never.
    public var lastRun: Double?
    /// The last error, when the last run failed.
    public var lastError: String?
    /// Since when it has been failing without a success in between, nil when it is not failing.
    public var failingSince: Double?
    /// The switch it polls, for SNMP probes (its failure explains its ports' findings).
    public var switchName: String?
    /// The switch a probe reads only part of (a declarative SNMP table probe): its findings carry
    /// the switch's label, so a failure of the switch's own probe explains them too.
    public var partOfSwitch: String?

    /// A probe's status.
    public init(kind: String, name: String, interval: Double, lastSuccess: Double?, lastRun: Double?, lastError: String?,
                failingSince: Double?, switchName: String? = nil, partOfSwitch: String? = nil) {
        self.kind = kind
        self.name = name
        self.interval = interval
        self.lastSuccess = lastSuccess
        self.lastRun = lastRun
        self.lastError = lastError
        self.failingSince = failingSince
        self.switchName = switchName
        self.partOfSwitch = partOfSwitch
    }

    /// `kind/name`.
    public var identity: String { "\(kind)/\(name)" }
}
