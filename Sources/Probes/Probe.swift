import TimeSeries

/// A source of measurements: the one small protocol every probe implements (like a
/// node_exporter collector). The agent runs each probe at its interval, times it, and records
/// its success; the probe itself only collects.
public protocol Probe: Sendable {
    /// Who the probe is, for logs and its duration/success metrics.
    var identity: ProbeIdentity { get }
    /// How often the agent runs it, in seconds.
    var interval: Double { get }
    /// Collects once. `time` is the agent's clock (seconds since the epoch), used to stamp
    /// the samples. Throws an error a person can act on when the collection failed as a whole.
    func collect(at time: Double) async throws -> ProbeOutput
}

/// Names a probe instance and the metrics the agent keeps about its runs:
/// `<metricPrefix>_poll_duration_seconds{<labelName>="<name>"}`, `<metricPrefix>_poll_success`,
/// `<metricPrefix>_last_success_timestamp_seconds` (for SNMP: `ixp_snmp_poll_success`, …).
public struct ProbeIdentity: Sendable, Hashable {
    /// E.g. `snmp_interfaces`.
    public var kind: String
    /// E.g. the switch name.
    public var name: String
    /// E.g. `ixp_snmp`.
    public var metricPrefix: String
    /// E.g. `switch`.
    public var labelName: String

    /// Creates an identity.
    public init(kind: String, name: String, metricPrefix: String, labelName: String) {
        self.kind = kind
        self.name = name
        self.metricPrefix = metricPrefix
        self.labelName = labelName
    }

    /// `kind/name`, for logs.
    public var description: String { "\(kind)/\(name)" }
}

/// What one collection produced.
public struct ProbeOutput: Sendable {
    /// Rates and gauges for the time-series store, stamped with the collection time.
    public var samples: [Sample]
    /// The probe's current metrics for `/metrics`; they replace the previous collection's.
    public var metrics: [MetricFamily]
    /// Problems that did not fail the collection (a row that made no sense, a rejected wrap).
    public var warnings: [String]

    /// Creates an output.
    public init(samples: [Sample] = [], metrics: [MetricFamily] = [], warnings: [String] = []) {
        self.samples = samples
        self.metrics = metrics
        self.warnings = warnings
    }
}
