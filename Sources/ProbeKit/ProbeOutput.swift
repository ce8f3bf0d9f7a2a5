public import TimeSeries
public import IXPCore

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
