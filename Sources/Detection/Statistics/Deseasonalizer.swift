import IXPCore

/// Removes a seasonal pattern — weekly on daily values (period 7), daily on hourly values
/// (period 24), weekly on hourly values (period 168) — before a trend is judged.
///
/// Method (a robust "STL-lite"):
/// 1. trend: a centred moving median over one period (period + 1 values when the period is
///    even, so that the window is centred), computed only where the whole window lies inside the
///    series and at least half of it is known;
/// 2. seasonal: for each phase, the median of the detrended values of that phase (value − trend,
///    or value / trend for the multiplicative model), then centred so that the offsets average 0
///    (factors average 1) over the phases that have data;
/// 3. adjusted: each known value minus (divided by) its phase's component.
///
/// Medians make the estimate insensitive to a few outliers and to a level shift inside the
/// window. The multiplicative model falls back to additive when some trend value or phase factor
/// is not positive (a port idle at the weekend, say). Unknown values (NaN) are skipped and stay
/// NaN. Phases are counted from the first value, so callers need not align the series to a
/// calendar.
public struct Deseasonalizer: Hashable, Sendable {
    /// The period in steps (≥ 2).
    public let period: Int
    /// The requested model.
    public let model: SeasonalModel

    /// A deseasonalizer for `period` steps (at least 2) and `model`.
    public init(period: Int, model: SeasonalModel = .multiplicative) throws(StatisticsError) {
        guard period >= 2 else {
            throw StatisticsError("seasonal period must be at least 2 steps, got \(period)")
        }
        self.init(checkedPeriod: period, model: model)
    }

    private init(checkedPeriod: Int, model: SeasonalModel) {
        self.period = checkedPeriod
        self.model = model
    }

    /// Weekly seasonality on daily values (period 7).
    public static func weeklyOnDaily(_ model: SeasonalModel = .multiplicative) -> Deseasonalizer {
        Deseasonalizer(checkedPeriod: 7, model: model)
    }

    /// Daily seasonality on hourly values (period 24).
    public static func dailyOnHourly(_ model: SeasonalModel = .multiplicative) -> Deseasonalizer {
        Deseasonalizer(checkedPeriod: 24, model: model)
    }

    /// Weekly seasonality on hourly values (period 168).
    public static func weeklyOnHourly(_ model: SeasonalModel = .multiplicative) -> Deseasonalizer {
        Deseasonalizer(checkedPeriod: 168, model: model)
    }

    /// The decomposition of `values`, or nil when fewer than two full periods of values are known.
    public func decompose(_ values: [Double]) -> SeasonalDecomposition? {
        let n = values.count
        var knownCount = 0
        for value in values where !value.isNaN { knownCount += 1 }
        guard knownCount >= 2 * period else { return nil }

        let trend = movingMedian(values)
        var trendPositive = true
        var anyTrend = false
        for value in trend where !value.isNaN {
            anyTrend = true
            if value <= 0 { trendPositive = false }
        }
        guard anyTrend else { return nil }

        var usedModel = model
        var seasonal: [Double]
        if model == .multiplicative, trendPositive,
           let factors = phaseComponents(values, trend, model: .multiplicative) {
            seasonal = factors
        } else {
            usedModel = .additive
            seasonal = phaseComponents(values, trend, model: .additive) ?? [Double](repeating: 0, count: period)
        }
        var adjusted = [Double](repeating: .nan, count: n)
        for i in 0..<n where !values[i].isNaN {
            let component = seasonal[i % period]
            adjusted[i] = usedModel == .additive ? values[i] - component : values[i] / component
        }
        return SeasonalDecomposition(
            period: period, model: usedModel, trend: trend, seasonal: seasonal, adjusted: adjusted)
    }

    /// `values` with the seasonal component removed, or nil when fewer than two full periods of
    /// values are known.
    public func adjust(_ values: [Double]) -> [Double]? {
        decompose(values)?.adjusted
    }

    /// `values` with several seasonalities removed one after the other (e.g. `[24, 168]` on hourly
    /// values: the daily pattern, then the weekly one); nil when a period is below 2 or fewer
    /// than two full periods of the longest are known.
    public static func adjust(_ values: [Double], periods: [Int], model: SeasonalModel = .multiplicative) -> [Double]? {
        var current = values
        for period in periods {
            guard period >= 2,
                  let adjusted = Deseasonalizer(checkedPeriod: period, model: model).adjust(current)
            else { return nil }
            current = adjusted
        }
        return current
    }

    /// The centred moving median; NaN near the ends and where under half the window is known.
    func movingMedian(_ values: [Double]) -> [Double] {
        let n = values.count
        let window = period % 2 == 1 ? period : period + 1
        let half = window / 2
        let needed = (window + 1) / 2
        var trend = [Double](repeating: .nan, count: n)
        guard n >= window else { return trend }
        var scratch = [Double](repeating: 0, count: window)
        values.withUnsafeBufferPointer { x in
            scratch.withUnsafeMutableBufferPointer { buffer in
                for centre in half..<(n - half) {
                    var count = 0
                    for i in (centre - half)...(centre + half) where !x[i].isNaN {
                        buffer[count] = x[i]
                        count += 1
                    }
                    if count >= needed {
                        trend[centre] = OrderStatistics.median(buffer, count: count)
                    }
                }
            }
        }
        return trend
    }

    /// Per-phase medians of the detrended values, centred; nil when the multiplicative model
    /// meets a non-positive factor.
    func phaseComponents(_ values: [Double], _ trend: [Double], model: SeasonalModel) -> [Double]? {
        var components = [Double](repeating: .nan, count: period)
        var scratch: [Double] = []
        scratch.reserveCapacity(values.count / period + 1)
        for phase in 0..<period {
            scratch.removeAll(keepingCapacity: true)
            var i = phase
            while i < values.count {
                if !values[i].isNaN && !trend[i].isNaN {
                    scratch.append(model == .additive ? values[i] - trend[i] : values[i] / trend[i])
                }
                i += period
            }
            if !scratch.isEmpty {
                components[phase] = scratch.withUnsafeMutableBufferPointer {
                    OrderStatistics.median($0, count: $0.count)
                }
            }
        }
        let estimated = components.filter { !$0.isNaN }
        guard !estimated.isEmpty else { return nil }
        let mean = estimated.reduce(0, +) / Double(estimated.count)
        switch model {
        case .additive:
            return components.map { $0.isNaN ? 0 : $0 - mean }
        case .multiplicative:
            guard estimated.allSatisfy({ $0 > 0 }), mean > 0 else { return nil }
            return components.map { $0.isNaN ? 1 : $0 / mean }
        }
    }
}
