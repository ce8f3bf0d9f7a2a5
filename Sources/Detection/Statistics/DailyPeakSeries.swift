import IXPCore

/// Daily peaks of a traffic series (one value a day, oldest first, NaN where the day is unknown)
/// and the comparisons the falling-traffic rules make on them.
///
/// Windows are counted back from the last value: `days` values ending `endingDaysAgo` days
/// before the last one. A window that reaches before the first value, or that has fewer than
/// `minimumKnownFraction` of its values known, gives nil.
public struct DailyPeakSeries: Sendable {
    /// The daily peaks, oldest first; NaN for an unknown day.
    public let peaks: [Double]

    /// A series of daily `peaks`, oldest first.
    public init(peaks: [Double]) {
        self.peaks = peaks
    }

    /// The `days` values ending `endingDaysAgo` days before the last; nil when out of range.
    public func window(days: Int, endingDaysAgo: Int = 0) -> ArraySlice<Double>? {
        guard days > 0, endingDaysAgo >= 0 else { return nil }
        let end = peaks.count - endingDaysAgo
        let start = end - days
        guard start >= 0, end <= peaks.count else { return nil }
        return peaks[start..<end]
    }

    /// The nearest-rank `p`-th percentile of a window; nil when the window is out of range or
    /// has too little known.
    public func percentile(
        _ p: Double, days: Int, endingDaysAgo: Int = 0, minimumKnownFraction: Double = KnownFraction.ruleMinimum
    ) -> Double? {
        guard let window = window(days: days, endingDaysAgo: endingDaysAgo),
              KnownFraction.isSufficient(window, minimum: minimumKnownFraction)
        else { return nil }
        return Percentile.nearestRank(window, p)
    }

    /// The relative change of the `percentile` of the last `quarterDays` against the quarter
    /// before (−0.12: the p95 fell 12 %); nil when either quarter has too little known or the
    /// earlier percentile is not positive.
    public func quarterOnQuarterChange(
        percentile p: Double = 95, quarterDays: Int = 91, minimumKnownFraction: Double = KnownFraction.ruleMinimum
    ) -> Double? {
        relativeChange(p, days: quarterDays, lag: quarterDays, minimumKnownFraction: minimumKnownFraction)
    }

    /// Year-on-year growth: the relative change of the `percentile` of the last `windowDays`
    /// against the same window `yearDays` earlier; nil when either window has too little known
    /// or the earlier percentile is not positive.
    public func yearOnYearGrowth(
        percentile p: Double = 95, windowDays: Int = 91, yearDays: Int = 365,
        minimumKnownFraction: Double = KnownFraction.ruleMinimum
    ) -> Double? {
        relativeChange(p, days: windowDays, lag: yearDays, minimumKnownFraction: minimumKnownFraction)
    }

    /// The trend of the last `days` values (ending `endingDaysAgo` before the last) after removing
    /// the weekly pattern with `seasonalModel` (nil: judge the raw values). Nil when the window
    /// is out of range, has too little known, or is too short to deseasonalise (two weeks known).
    ///
    /// The test is Hamed–Rao over the first `autocorrelationLags` lags (nil: all lags, as
    /// pymannkendall's default). Three lags, as Hamed & Rao suggest, keep the false-alarm rate
    /// near its nominal level: over all lags the test rejects about 10 % of white-noise series
    /// at α 0.05, over three about 5 %, and it still widens the variance for autocorrelated data.
    public func trend(
        days: Int, endingDaysAgo: Int = 0, minimumKnownFraction: Double = KnownFraction.ruleMinimum,
        seasonalModel: SeasonalModel? = .multiplicative, weeklyPeriod: Int = 7, quarterDays: Double = 365.25 / 4,
        autocorrelationLags: Int? = 3
    ) -> WindowTrend? {
        guard let window = window(days: days, endingDaysAgo: endingDaysAgo),
              KnownFraction.isSufficient(window, minimum: minimumKnownFraction)
        else { return nil }
        let values = Array(window)
        var adjusted = values
        var usedModel: SeasonalModel?
        if let seasonalModel {
            guard let deseasonalizer = try? Deseasonalizer(period: weeklyPeriod, model: seasonalModel),
                  let decomposition = deseasonalizer.decompose(values)
            else { return nil }
            adjusted = decomposition.adjusted
            usedModel = decomposition.model
        }
        guard let line = TrendTest.theilSen(adjusted),
              let test = TrendTest.hamedRao(adjusted, senSlope: line.slope, significance: 0.05, maxLag: autocorrelationLags)
        else { return nil }
        return WindowTrend(
            days: days, knownFraction: KnownFraction.of(values), adjusted: adjusted, seasonalModel: usedModel,
            line: line, test: test, quarterDays: quarterDays)
    }

    private func relativeChange(_ p: Double, days: Int, lag: Int, minimumKnownFraction: Double) -> Double? {
        guard let recent = percentile(p, days: days, minimumKnownFraction: minimumKnownFraction),
              let earlier = percentile(p, days: days, endingDaysAgo: lag, minimumKnownFraction: minimumKnownFraction),
              earlier > 0
        else { return nil }
        return recent / earlier - 1
    }
}
