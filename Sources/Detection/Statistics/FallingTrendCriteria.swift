/// The thresholds of the falling-traffic early warning; the rule that uses it owns the values.
public struct FallingTrendCriteria: Hashable, Sendable, Codable {
    /// Days judged for the trend (the issue: the last 90).
    public var windowDays: Int
    /// The latest days that must still be falling (the issue: two weeks).
    public var recentDays: Int
    /// The least decline per quarter, as a fraction of the starting level (the issue: 0.10).
    public var minimumDeclinePerQuarter: Double
    /// The least known fraction of the window (the issue: 0.8).
    public var minimumKnownFraction: Double
    /// The test's significance level, two-sided.
    public var significance: Double
    /// Days per quarter.
    public var quarterDays: Double
    /// The weekly period, in days, removed before judging.
    public var weeklyPeriod: Int
    /// How the weekly pattern combines with the level (nil: judge the raw peaks).
    public var seasonalModel: SeasonalModel?
    /// Autocorrelation lags of the Hamed–Rao correction (nil: all); see `DailyPeakSeries.trend`.
    public var autocorrelationLags: Int?

    /// Criteria from the rule's thresholds.
    public init(
        windowDays: Int, recentDays: Int, minimumDeclinePerQuarter: Double, minimumKnownFraction: Double,
        significance: Double = 0.05, quarterDays: Double = 365.25 / 4, weeklyPeriod: Int = 7,
        seasonalModel: SeasonalModel? = .multiplicative, autocorrelationLags: Int? = 3
    ) {
        self.windowDays = windowDays
        self.recentDays = recentDays
        self.minimumDeclinePerQuarter = minimumDeclinePerQuarter
        self.minimumKnownFraction = minimumKnownFraction
        self.significance = significance
        self.quarterDays = quarterDays
        self.weeklyPeriod = weeklyPeriod
        self.seasonalModel = seasonalModel
        self.autocorrelationLags = autocorrelationLags
    }
}
