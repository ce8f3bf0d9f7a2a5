/// A range of one series (or a sum of series) at one tier: values at `start`, `start + step`, …
/// Each value covers `[timestamp, timestamp + step)`; NaN means unknown.
public struct SeriesRange: Hashable, Sendable {
    /// Timestamp of the first value (the start of its step), seconds since the epoch.
    public var start: Double
    /// Seconds between values.
    public var step: Double
    /// Index of the tier the values came from.
    public var tier: Int
    /// The consolidation function the values came from.
    public var function: ConsolidationFunction
    /// The values; NaN = unknown.
    public var values: [Double]

    /// Creates a range.
    public init(start: Double, step: Double, tier: Int, function: ConsolidationFunction, values: [Double]) {
        self.start = start
        self.step = step
        self.tier = tier
        self.function = function
        self.values = values
    }

    /// The timestamps of the values.
    public var timestamps: [Double] { values.indices.map { start + Double($0) * step } }

    /// Timestamp/value pairs.
    public var points: [(timestamp: Double, value: Double)] {
        values.enumerated().map { (start + Double($0.offset) * step, $0.element) }
    }

    /// Number of known (non-NaN) values.
    public var knownCount: Int { values.reduce(0) { $1.isNaN ? $0 : $0 + 1 } }
}

/// An aggregate over a window.
public enum Aggregation: Hashable, Sendable {
    /// Mean of the known values.
    case average
    /// Smallest known value (taken from a tier's `minimum` ring where there is one).
    case minimum
    /// Largest known value (taken from a tier's `maximum` ring where there is one).
    case maximum
    /// Sum of the known values.
    case sum
    /// Sum of the known values × their step: for a rate per second, the total over the window.
    case integral
    /// The p-th percentile (0…100) of the known values, nearest-rank (95 for 95th-percentile billing).
    case percentile(Double)
    /// Mean over the days of the window of each day's peak (the largest known value of the day).
    case meanDailyPeak
    /// Number of known values.
    case count
}

/// The result of an aggregate.
public struct AggregateResult: Hashable, Sendable {
    /// The aggregate; NaN if no value in the window was known.
    public var value: Double
    /// How many known values went into it.
    public var knownValues: Int
    /// How many values the window held (known or not).
    public var totalValues: Int
    /// How many series were selected.
    public var seriesCount: Int
    /// The tier the values came from (-1 if no series matched).
    public var tier: Int

    /// Creates a result.
    public init(value: Double, knownValues: Int, totalValues: Int, seriesCount: Int, tier: Int) {
        self.value = value
        self.knownValues = knownValues
        self.totalValues = totalValues
        self.seriesCount = seriesCount
        self.tier = tier
    }
}

/// One day's peak.
public struct DailyPeak: Hashable, Sendable {
    /// Start of the day (UTC midnight), seconds since the epoch.
    public var day: Double
    /// The day's largest known value, NaN if none was known.
    public var peak: Double

    /// Creates a day's peak.
    public init(day: Double, peak: Double) {
        self.day = day
        self.peak = peak
    }
}
