/// How the primary values of one step are consolidated into one row of a coarser tier.
public enum ConsolidationFunction: String, Hashable, Sendable, Codable, CaseIterable {
    /// The mean of the known values.
    case average
    /// The smallest known value.
    case minimum
    /// The largest known value.
    case maximum
    /// The most recent known value.
    case last
}

/// One round-robin archive of every series: `rows` consolidated values, `step` seconds apart,
/// for each of `functions`. The first tier of a configuration is the raw tier (its step is the
/// poll interval, its one function `.average` of the samples falling into a step).
public struct Tier: Hashable, Sendable, Codable {
    /// A short name for reports, e.g. `raw`, `5m`.
    public var name: String
    /// Seconds per row; a multiple of the raw tier's step.
    public var step: Int
    /// Number of rows kept; the tier covers `step * rows` seconds.
    public var rows: Int
    /// The consolidation functions kept, one ring of `rows` values each.
    public var functions: [ConsolidationFunction]

    /// Creates a tier.
    public init(name: String, step: Int, rows: Int, functions: [ConsolidationFunction]) {
        self.name = name
        self.step = step
        self.rows = rows
        self.functions = functions
    }

    /// Seconds covered by the tier.
    public var retention: Int { step * rows }

    /// Bytes this tier costs per series: 8 per stored value.
    public var bytesPerSeries: Int { rows * functions.count * 8 }
}
