/// The trend of one window of daily values after the weekly pattern was removed: its Theil–Sen
/// line, its Hamed–Rao Mann–Kendall test, and the change per quarter relative to the line's
/// starting level.
public struct WindowTrend: Sendable {
    /// Days in the window.
    public let days: Int
    /// Fraction of the window's values that were known.
    public let knownFraction: Double
    /// The seasonally adjusted values the trend was judged on (NaN where unknown).
    public let adjusted: [Double]
    /// The model of the removed weekly pattern (nil when none was removed).
    public let seasonalModel: SeasonalModel?
    /// Theil–Sen line of the adjusted values, x in days from the window's first day.
    public let line: TheilSenEstimate
    /// The Mann–Kendall test with Hamed–Rao correction on the adjusted values (significant
    /// autocorrelation lags selected at α 0.05 among the lags `DailyPeakSeries.trend` was given).
    public let test: TrendResult
    /// Days per quarter used for `changePerQuarter`.
    public let quarterDays: Double

    /// A trend from its parts.
    public init(
        days: Int, knownFraction: Double, adjusted: [Double], seasonalModel: SeasonalModel?, line: TheilSenEstimate,
        test: TrendResult, quarterDays: Double
    ) {
        self.days = days
        self.knownFraction = knownFraction
        self.adjusted = adjusted
        self.seasonalModel = seasonalModel
        self.line = line
        self.test = test
        self.quarterDays = quarterDays
    }

    /// The line's level on the window's first day.
    public var startLevel: Double { line.value(at: 0) }

    /// The slope over a quarter as a fraction of `startLevel` (−0.1: falling 10 % a quarter);
    /// NaN when the starting level is not positive.
    public var changePerQuarter: Double {
        startLevel > 0 ? line.slope * quarterDays / startLevel : .nan
    }

    /// `changePerQuarter` at the confidence bounds of the slope: (lower, upper).
    public var changePerQuarterBounds: (lower: Double, upper: Double) {
        guard startLevel > 0 else { return (.nan, .nan) }
        return (line.lowerSlope * quarterDays / startLevel, line.upperSlope * quarterDays / startLevel)
    }

    /// True when the test finds a significant trend at `alpha` and the slope is negative.
    public func isSignificantlyFalling(at alpha: Double = 0.05) -> Bool {
        test.direction(at: alpha) == .decreasing && line.slope < 0
    }

    /// True when the test finds a significant trend at `alpha` and the slope is positive.
    public func isSignificantlyRising(at alpha: Double = 0.05) -> Bool {
        test.direction(at: alpha) == .increasing && line.slope > 0
    }
}
