extension ImportPlan {
    /// A plan built from series read elsewhere than an OpenMetrics file (for example a
    /// Prometheus HTTP API): `source` names where they came from, for messages.
    public init(series: [Series], source: String) {
        self.init(series: series.sorted { $0.key < $1.key }, file: source, lines: 0,
                  samplesRead: series.reduce(0) { $0 + $1.values.count }, samplesSkipped: 0, skippedFamilies: [])
    }
}

extension ImportPlan.Series {
    /// A series: timestamps increasing, one value each (NaN = unknown); `fromCounter` when the
    /// values are rates computed from a counter.
    public init(key: SeriesKey, timestamps: [Double], values: [Double], fromCounter: Bool) {
        self.init(key: key, timestamps: timestamps, values: values, firstLine: 0, fromCounter: fromCounter)
    }
}
