/// What the agent knows about one probe's runs: kept by the ``MetricsRegistry`` as the probes
/// run, exported as the run metrics, shown on the status API and the dashboard, and read by the
/// detector's probe-health rules. The one record of a probe's health.
public struct ProbeStatus: Sendable, Hashable {
    /// Who it is.
    public var identity: ProbeIdentity
    /// Seconds between its runs.
    public var interval: Double
    /// The device it speaks for, as the probe declares it; nil for probes of no one device.
    public var device: ProbeDevice?
    /// Duration of the last run, seconds.
    public var lastDuration: Double
    /// Whether the last run succeeded; nil before the first.
    public var lastSuccess: Bool?
    /// When it last succeeded (seconds since the epoch), 0 if never.
    public var lastSuccessTime: Double
    /// The error of the last failed run, if the last run failed.
    public var lastError: String?
    /// Runs since start.
    public var runs: Int
    /// Failed runs since start.
    public var failures: Int
    /// When the current run of failures began (seconds since the epoch); nil while it succeeds.
    public var failingSince: Double?
    /// When it last ran.
    public var lastRunTime: Double?

    /// A status; by default that of a probe that has not run yet.
    public init(
        identity: ProbeIdentity, interval: Double = 60, device: ProbeDevice? = nil, lastDuration: Double = 0,
        lastSuccess: Bool? = nil, lastSuccessTime: Double = 0, lastError: String? = nil, runs: Int = 0, failures: Int = 0,
        failingSince: Double? = nil, lastRunTime: Double? = nil
    ) {
        self.identity = identity
        self.interval = interval
        self.device = device
        self.lastDuration = lastDuration
        self.lastSuccess = lastSuccess
        self.lastSuccessTime = lastSuccessTime
        self.lastError = lastError
        self.runs = runs
        self.failures = failures
        self.failingSince = failingSince
        self.lastRunTime = lastRunTime
    }

    /// When it last succeeded, nil if never.
    public var lastSuccessAt: Double? { lastSuccessTime > 0 ? lastSuccessTime : nil }

    /// The switch it speaks for as a whole (its failure explains the switch's findings).
    public var switchName: String? { device?.coverage == .whole ? device?.switchName : nil }

    /// The switch it reads a part of (a failure of the switch's own probe explains its own).
    public var partOfSwitch: String? { device?.coverage == .part ? device?.switchName : nil }
}
