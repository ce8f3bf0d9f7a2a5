import IXPCore

/// How long one connection (a member's ports, or the exchange's member ports together) has
/// until its traffic reaches the target share of its capacity, at the current trend of its
/// daily peaks: the projection `capacity_runway` judges.
///
/// The level is the 95th percentile of the last `level_days` daily peaks; the trend is the
/// Theil–Sen slope of the last `trend_days` daily peaks with the weekly pattern removed, and
/// counts only when the Mann–Kendall test (Hamed–Rao corrected) finds it significantly rising,
/// it grows at least `minimum_growth_per_quarter` of its level a quarter, and the lower bound of
/// its 95 % confidence interval is above zero; the days left are counted at that lower bound.
/// Anything else — flat, falling, noise, growth too slow to matter — has no runway limit:
/// "not at this trend".
public struct CapacityRunway: Sendable, Hashable {
    /// What the projection says.
    public enum Outlook: Sendable, Hashable {
        /// Too little history, or no capacity known.
        case notEnoughData
        /// The level is already at or over the target: `outgrown_ports` and `high_utilisation` speak about it.
        case alreadyFull
        /// No significant growth: the target is not reached at this trend.
        case notAtThisTrend
        /// The target is reached in this many days.
        case reaches(days: Double)
    }

    /// The outlook.
    public var outlook: Outlook
    /// The 95th percentile of the recent daily peaks, bytes/s; NaN when unknown.
    public var level: Double
    /// The capacity, bytes/s (summed port speeds); NaN when unknown.
    public var capacity: Double
    /// The trend, bytes/s per day; NaN when it was not judged.
    public var slopePerDay: Double
    /// The lower bound of the trend's 95 % confidence interval, bytes/s per day: the days left
    /// are counted at this slope. NaN when the full test was not made.
    public var slowestSlopePerDay: Double
    /// The trend's change per quarter relative to its starting level; NaN when not judged.
    public var growthPerQuarter: Double
    /// The trend test's p-value; NaN when not judged.
    public var p: Double

    /// A runway from its parts.
    public init(outlook: Outlook, level: Double = .nan, capacity: Double = .nan, slopePerDay: Double = .nan,
                slowestSlopePerDay: Double = .nan, growthPerQuarter: Double = .nan, p: Double = .nan) {
        self.outlook = outlook
        self.level = level
        self.capacity = capacity
        self.slopePerDay = slopePerDay
        self.slowestSlopePerDay = slowestSlopePerDay
        self.growthPerQuarter = growthPerQuarter
        self.p = p
    }

    /// The days left, when the target is reached at this trend.
    public var daysLeft: Double? {
        if case .reaches(let days) = outlook { return days }
        return nil
    }

    /// The level as a share of the capacity; NaN when either is unknown.
    public var utilisation: Double { capacity > 0 ? level / capacity : .nan }

    /// The runway of a connection with `peaks` (daily peaks, bytes/s, oldest first, ending
    /// yesterday; NaN where unknown) and `capacity` (bytes/s).
    public static func estimate(peaks: [Double], capacity: Double, thresholds: CapacityRunwayRule.Thresholds) -> CapacityRunway {
        let trendDays = max(1, Int(thresholds.trendDays.rounded()))
        let levelDays = max(1, Int(thresholds.levelDays.rounded()))
        let series = DailyPeakSeries(peaks: peaks)
        guard capacity.isFinite, capacity > 0,
              let trendWindow = series.window(days: trendDays),
              KnownFraction.isSufficient(trendWindow, minimum: thresholds.minimumKnown),
              let level = series.percentile(95, days: levelDays, minimumKnownFraction: thresholds.minimumKnown)
        else { return CapacityRunway(outlook: .notEnoughData, capacity: capacity > 0 ? capacity : .nan) }
        let target = thresholds.utilisationTarget * capacity
        guard level < target else { return CapacityRunway(outlook: .alreadyFull, level: level, capacity: capacity) }
        // A cheap look first (the full test costs a Theil–Sen line and a Mann–Kendall test per
        // connection): the rise from the median of the window's first third to that of its last
        // third, per day. Flat, falling, or so slow that even three times as fast would not reach
        // the target within the warning horizon: no need for the test.
        let values = Array(trendWindow)
        let third = max(1, values.count / 3)
        let early = values.prefix(third).filter { !$0.isNaN }, late = values.suffix(third).filter { !$0.isNaN }
        if !early.isEmpty, !late.isEmpty, values.count > third {
            let rise = (OrderStatistics.median(ofKnown: late) - OrderStatistics.median(ofKnown: early)) / Double(values.count - third)
            guard rise > 0, (target - level) / (3 * rise) <= thresholds.warningDays else {
                return CapacityRunway(outlook: .notAtThisTrend, level: level, capacity: capacity, slopePerDay: rise)
            }
        }
        guard let trend = series.trend(days: trendDays, minimumKnownFraction: thresholds.minimumKnown) else {
            return CapacityRunway(outlook: .notEnoughData, level: level, capacity: capacity)
        }
        let slope = trend.line.slope
        let slowest = trend.line.lowerSlope
        let growth = trend.changePerQuarter
        guard trend.isSignificantlyRising(at: thresholds.pValue), growth >= thresholds.minimumGrowthPerQuarter, slowest > 0 else {
            return CapacityRunway(outlook: .notAtThisTrend, level: level, capacity: capacity, slopePerDay: slope,
                                  slowestSlopePerDay: slowest, growthPerQuarter: growth, p: trend.test.p)
        }
        // The days left at the slowest growth the slope's 95 % confidence interval allows: noise
        // that happens to rise never shortens the runway to an alarm.
        return CapacityRunway(outlook: .reaches(days: (target - level) / slowest), level: level, capacity: capacity,
                              slopePerDay: slope, slowestSlopePerDay: slowest, growthPerQuarter: growth, p: trend.test.p)
    }
}
