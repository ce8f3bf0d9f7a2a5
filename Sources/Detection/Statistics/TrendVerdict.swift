/// The falling-traffic early warning on daily peaks: "the deseasonalised daily peaks of the last
/// `windowDays` fall significantly at ≥ X % a quarter and are still falling in the latest
/// `recentDays`".
///
/// The weekly pattern is removed from the window (`Deseasonalizer`); the adjusted values must
/// show a significant downward Hamed–Rao Mann–Kendall trend, their Theil–Sen slope must be at
/// least `minimumDeclinePerQuarter` of the line's starting level per quarter, and the last
/// `recentDays` adjusted values must still be falling: their Theil–Sen slope is negative, or its
/// confidence interval still holds the window's slope. (Two weeks of noisy peaks give a loose
/// slope: with 4 % day-to-day noise, a decline of 30 % over two quarters shows a non-negative
/// two-week point estimate about one time in four. What must not pass is a clear turn: a
/// recent slope significantly above the window's.)
public struct TrendVerdict: Sendable {
    /// The decision, or why there is none.
    public enum Outcome: String, Hashable, Sendable, Codable {
        /// All conditions hold.
        case falling
        /// The window is out of range, under the known fraction, or too short to deseasonalise.
        case insufficientData
        /// The trend is not a significant decline.
        case notSignificant
        /// The decline is significant but slower than the minimum per quarter.
        case tooSlow
        /// The latest days no longer fall.
        case notStillFalling
    }

    /// The decision.
    public let outcome: Outcome
    /// The window's trend (nil with `insufficientData`).
    public let trend: WindowTrend?
    /// The Theil–Sen line (95 % interval) of the latest days' adjusted values (nil when not
    /// reached).
    public let recent: TheilSenEstimate?

    /// A verdict from its parts.
    public init(outcome: Outcome, trend: WindowTrend?, recent: TheilSenEstimate?) {
        self.outcome = outcome
        self.trend = trend
        self.recent = recent
    }

    /// True when the early warning holds.
    public var isFalling: Bool { outcome == .falling }

    /// Judges the last days of `series` against `criteria`.
    public static func earlyWarning(_ series: DailyPeakSeries, criteria: FallingTrendCriteria) -> TrendVerdict {
        guard criteria.recentDays >= 2, criteria.recentDays <= criteria.windowDays,
              let trend = series.trend(
                days: criteria.windowDays, minimumKnownFraction: criteria.minimumKnownFraction,
                seasonalModel: criteria.seasonalModel, weeklyPeriod: criteria.weeklyPeriod,
                quarterDays: criteria.quarterDays, autocorrelationLags: criteria.autocorrelationLags)
        else { return TrendVerdict(outcome: .insufficientData, trend: nil, recent: nil) }
        guard trend.isSignificantlyFalling(at: criteria.significance) else {
            return TrendVerdict(outcome: .notSignificant, trend: trend, recent: nil)
        }
        let change = trend.changePerQuarter
        guard change.isFinite, change <= -criteria.minimumDeclinePerQuarter else {
            return TrendVerdict(outcome: .tooSlow, trend: trend, recent: nil)
        }
        guard let recent = TrendTest.theilSen(Array(trend.adjusted.suffix(criteria.recentDays))) else {
            return TrendVerdict(outcome: .insufficientData, trend: trend, recent: nil)
        }
        guard recent.slope < 0 || recent.lowerSlope <= trend.line.slope else {
            return TrendVerdict(outcome: .notStillFalling, trend: trend, recent: recent)
        }
        return TrendVerdict(outcome: .falling, trend: trend, recent: recent)
    }
}
