/// A least-squares straight line through a series' known values: the trend the exchange page
/// draws over aggregate traffic.
public struct ChartTrend: Sendable, Hashable {
    /// The line's value at the series' first point.
    public var startValue: Double
    /// The line's value at the series' last point.
    public var endValue: Double
    /// Change per second.
    public var slopePerSecond: Double

    /// The relative change per year (`slope × year / mean`); nil when the mean is not positive.
    public var changePerYear: Double?

    /// Fits a line; nil with fewer than two known values.
    public init?(_ series: DashboardSeries) {
        var n = 0.0, sumX = 0.0, sumY = 0.0, sumXX = 0.0, sumXY = 0.0
        for (index, value) in series.values.enumerated() {
            guard let value, value.isFinite else { continue }
            let x = Double(index)
            n += 1
            sumX += x
            sumY += value
            sumXX += x * x
            sumXY += x * value
        }
        guard n >= 2 else { return nil }
        let denominator = n * sumXX - sumX * sumX
        guard denominator != 0, series.step > 0 else { return nil }
        let slope = (n * sumXY - sumX * sumY) / denominator
        let intercept = (sumY - slope * sumX) / n
        startValue = intercept
        endValue = intercept + slope * Double(max(0, series.values.count - 1))
        slopePerSecond = slope / series.step
        let mean = sumY / n
        changePerYear = mean > 0 ? slopePerSecond * 365 * 86_400 / mean : nil
    }
}
