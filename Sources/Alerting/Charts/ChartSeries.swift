public import Detection

/// One series to draw in an alert mail: values at times (seconds since the epoch; NaN where
/// unknown, drawn as a gap), their unit, a title, and optionally the time from which the
/// chart is shaded (when the finding began). The agent fills these in from its store; the
/// renderer draws them and states the numbers in words beside the picture.
public struct ChartSeries: Sendable, Hashable {
    /// What it shows, e.g. `sw1 Ethernet7: received traffic, last 24 h`.
    public var title: String
    /// The times, ascending, seconds since the epoch.
    public var times: [Double]
    /// The values, one per time; NaN where unknown.
    public var values: [Double]
    /// The values' unit (for the numbers stated beside the chart).
    public var unit: EvidenceUnit
    /// From this time to the end the chart is shaded (e.g. since the finding fired); nil for none.
    public var highlightFrom: Double?

    /// A series; `times` and `values` pair up (the longer one is cut to the shorter's length).
    public init(title: String, times: [Double], values: [Double], unit: EvidenceUnit, highlightFrom: Double? = nil) {
        let count = min(times.count, values.count)
        self.title = title
        self.times = Array(times.prefix(count))
        self.values = Array(values.prefix(count))
        self.unit = unit
        self.highlightFrom = highlightFrom
    }

    /// The known (finite) values.
    public var knownValues: [Double] { values.filter(\.isFinite) }

    /// The smallest known value, nil when none is known.
    public var minimum: Double? { knownValues.min() }

    /// The largest known value, nil when none is known.
    public var maximum: Double? { knownValues.max() }

    /// The newest known value, nil when none is known.
    public var last: Double? { values.last(where: \.isFinite) }

    /// Whether there is anything to draw: at least two known values at finite, distinct times.
    public var isDrawable: Bool {
        knownValues.count >= 2 && (times.first.map(\.isFinite) ?? false) && (times.last.map(\.isFinite) ?? false)
            && (times.last ?? 0) > (times.first ?? 0)
    }
}
