/// The agent itself, for its page.
public struct AgentView: Sendable, Hashable, Codable {
    /// The agent's version.
    public var version: String
    /// Its probes.
    public var probes: [ProbeView]
    /// The time-series store.
    public var store: StoreView
    /// The mail outbox; nil when alerting is off.
    public var outbox: OutboxView?
    /// Poll durations of each probe over the last 6 hours, seconds.
    public var pollDurations: [NamedSeries]

    /// An agent view.
    public init(version: String, probes: [ProbeView], store: StoreView, outbox: OutboxView?, pollDurations: [NamedSeries]) {
        self.version = version
        self.probes = probes
        self.store = store
        self.outbox = outbox
        self.pollDurations = pollDurations
    }
}

/// A named series (a probe's poll durations, a class's frames).
public struct NamedSeries: Sendable, Hashable, Codable {
    /// Its name.
    public var name: String
    /// Its values.
    public var series: DashboardSeries

    /// A named series.
    public init(name: String, series: DashboardSeries) {
        self.name = name
        self.series = series
    }
}

/// One probe's last runs.
public struct ProbeView: Sendable, Hashable, Codable {
    /// Its kind, e.g. `snmp`.
    public var kind: String
    /// Its name.
    public var name: String
    /// Whether its last run succeeded; nil before the first.
    public var lastSuccess: Bool?
    /// How long its last run took, seconds.
    public var lastDurationSeconds: Double
    /// When it last succeeded; nil if never.
    public var lastSuccessAt: Double?
    /// Its last error.
    public var lastError: String?
    /// Runs and failures since start.
    public var runs: Int
    /// See `runs`.
    public var failures: Int

    /// A probe.
    public init(kind: String, name: String, lastSuccess: Bool?, lastDurationSeconds: Double, lastSuccessAt: Double?,
                lastError: String?, runs: Int, failures: Int) {
        self.kind = kind
        self.name = name
        self.lastSuccess = lastSuccess
        self.lastDurationSeconds = lastDurationSeconds
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.runs = runs
        self.failures = failures
    }
}

/// The store's figures.
public struct StoreView: Sendable, Hashable, Codable {
    /// Series held, and the cap.
    public var series: Int
    /// See `series`.
    public var maxSeries: Int
    /// Bytes of ring storage allocated.
    public var bytesAllocated: Int
    /// Samples accepted since start.
    public var samplesAccepted: UInt64
    /// Samples refused (out of order, over the cap, invalid).
    public var samplesRefused: UInt64
    /// Checkpoints written, and failed.
    public var checkpoints: UInt64
    /// See `checkpoints`.
    public var checkpointFailures: UInt64
    /// How long the last checkpoint took, seconds.
    public var lastCheckpointSeconds: Double
    /// The state directory; nil when the store is in memory only.
    public var directory: String?

    /// Store figures.
    public init(series: Int, maxSeries: Int, bytesAllocated: Int, samplesAccepted: UInt64, samplesRefused: UInt64,
                checkpoints: UInt64, checkpointFailures: UInt64, lastCheckpointSeconds: Double, directory: String?) {
        self.series = series
        self.maxSeries = maxSeries
        self.bytesAllocated = bytesAllocated
        self.samplesAccepted = samplesAccepted
        self.samplesRefused = samplesRefused
        self.checkpoints = checkpoints
        self.checkpointFailures = checkpointFailures
        self.lastCheckpointSeconds = lastCheckpointSeconds
        self.directory = directory
    }
}

/// The mail outbox's figures.
public struct OutboxView: Sendable, Hashable, Codable {
    /// Messages sent since the outbox began.
    public var sent: Int
    /// Messages waiting.
    public var waiting: Int
    /// Age of the oldest waiting message, seconds.
    public var oldestAgeSeconds: Double
    /// Messages that failed for good.
    public var failed: Int

    /// Outbox figures.
    public init(sent: Int, waiting: Int, oldestAgeSeconds: Double, failed: Int) {
        self.sent = sent
        self.waiting = waiting
        self.oldestAgeSeconds = oldestAgeSeconds
        self.failed = failed
    }
}
