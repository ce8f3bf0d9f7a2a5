/// The same weeks a year earlier, as the seasonal gate of `falling_traffic` reads them: the
/// year-on-year change of the daily peaks' 95th percentile over the last `days` days, and the
/// trend of those days against the trend of the same weeks a year (52 weeks, so weekdays line
/// up) earlier. A fall that the same weeks also showed a year earlier, in an exchange that still
/// grew year on year, is the season, not a decline.
public struct SeasonalComparison: Sendable, Hashable {
    /// A year, in days: 52 weeks, so that weekdays line up.
    public static let yearDays = 364
    /// The longest window compared: a quarter.
    public static let maximumDays = 91

    /// The days compared (the last `days`, and the same weeks a year earlier).
    public let days: Int
    /// The relative change of the 95th percentile of daily peaks over those days, year on year
    /// (0.21: 21 % higher than the same weeks a year earlier).
    public let change: Double
    /// This year's trend over those days, as a relative change a quarter (weekly pattern removed).
    public let trend: Double
    /// The trend of the same weeks a year earlier, a relative change a quarter.
    public let yearAgoTrend: Double

    /// The comparison of `series` with the same weeks a year earlier, over the last quarter or,
    /// with less than 364 + 91 days of history, the days there are; nil with fewer than
    /// `minimumDays` to compare, or when either window has too little known to judge.
    public init?(_ series: DailyPeakSeries, historyDays: Int, minimumDays: Int, minimumKnownFraction: Double) {
        let days = min(Self.maximumDays, historyDays - Self.yearDays, series.peaks.count - Self.yearDays)
        guard days >= max(14, minimumDays),
              let recent = series.percentile(95, days: days, minimumKnownFraction: minimumKnownFraction),
              let earlier = series.percentile(95, days: days, endingDaysAgo: Self.yearDays, minimumKnownFraction: minimumKnownFraction),
              earlier > 0,
              let trend = series.trend(days: days, minimumKnownFraction: minimumKnownFraction),
              let yearAgo = series.trend(days: days, endingDaysAgo: Self.yearDays, minimumKnownFraction: minimumKnownFraction),
              trend.changePerQuarter.isFinite, yearAgo.changePerQuarter.isFinite
        else { return nil }
        self.days = days
        change = recent / earlier - 1
        self.trend = trend.changePerQuarter
        yearAgoTrend = yearAgo.changePerQuarter
    }

    /// Whether a fall is the season: the peaks grew more than `yearGrowth` year on year, and this
    /// year's trend is at most `margin` a quarter steeper than the same weeks' a year earlier.
    public func isSeasonal(yearGrowth: Double, margin: Double) -> Bool {
        change > yearGrowth && trend - yearAgoTrend > -margin
    }
}
