/// A regularly spaced series for a chart: value `i` is at `start + i × step` (seconds since
/// the epoch). Unknown values are nil (JSON null).
public struct DashboardSeries: Sendable, Hashable, Codable {
    /// Time of the first value.
    public var start: Double
    /// Seconds between values.
    public var step: Double
    /// The values; nil where unknown.
    public var values: [Double?]

    /// A series.
    public init(start: Double, step: Double, values: [Double?]) {
        self.start = start
        self.step = step
        self.values = values
    }

    /// A series from values where NaN means unknown.
    public init(start: Double, step: Double, nanValues: [Double]) {
        self.init(start: start, step: step, values: nanValues.map { $0.isNaN ? nil : $0 })
    }

    /// An empty series.
    public static let empty = DashboardSeries(start: 0, step: 1, values: [])

    /// The time of value `index`.
    public func time(at index: Int) -> Double { start + Double(index) * step }

    /// The time just after the last value.
    public var end: Double { start + Double(values.count) * step }

    /// Whether any value is known.
    public var hasData: Bool { values.contains { $0 != nil } }

    /// The largest known value, nil when none is known.
    public var maximum: Double? { values.compactMap { $0 }.max() }

    /// The newest known value.
    public var latest: Double? { values.last { $0 != nil } ?? nil }

    /// At most `limit` values, each the largest of the values it replaces (so peaks survive),
    /// with the step widened to match.
    public func downsampled(to limit: Int) -> DashboardSeries {
        guard limit > 0, values.count > limit else { return self }
        let factor = (values.count + limit - 1) / limit
        var out: [Double?] = []
        out.reserveCapacity(values.count / factor + 1)
        var index = 0
        while index < values.count {
            var best: Double?
            for value in values[index..<min(values.count, index + factor)] {
                if let value, best == nil || value > best! { best = value }
            }
            out.append(best)
            index += factor
        }
        return DashboardSeries(start: start, step: step * Double(factor), values: out)
    }

    enum CodingKeys: String, CodingKey { case start, step, values }
}
