/// The values of several series over the same buckets of one tier, read under one lock: row `i`
/// holds the values of the `i`-th key asked for, each row `width` values from `start` in steps
/// of `step` (NaN = unknown), exactly what `query(_:tier:from:to:function:)` gives for that key.
public struct SeriesBlock: Sendable, Hashable {
    /// Timestamp of each row's first value (the start of its step), seconds since the epoch.
    public var start: Double
    /// Seconds between values.
    public var step: Double
    /// Index of the tier the values came from.
    public var tier: Int
    /// The consolidation function the values came from (`.average` for the raw tier).
    public var function: ConsolidationFunction
    /// Values per row.
    public var width: Int
    /// Whether the store held each key; a key it did not hold has a row of NaN.
    public var found: [Bool]
    /// The rows, one after the other (`found.count × width` values).
    public var values: [Double]

    /// A block.
    public init(start: Double, step: Double, tier: Int, function: ConsolidationFunction, width: Int, found: [Bool], values: [Double]) {
        self.start = start
        self.step = step
        self.tier = tier
        self.function = function
        self.width = width
        self.found = found
        self.values = values
    }

    /// Number of rows (keys asked for).
    public var rowCount: Int { found.count }

    /// The values of row `index`.
    public func row(_ index: Int) -> ArraySlice<Double> {
        values[(index * width)..<((index + 1) * width)]
    }

    /// Row `index` as a range, nil if the store did not hold its key.
    public func range(_ index: Int) -> SeriesRange? {
        guard found[index] else { return nil }
        return SeriesRange(start: start, step: step, tier: tier, function: function, values: Array(row(index)))
    }
}
