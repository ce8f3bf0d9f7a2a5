/// The settings of RRDtool-style aberrant-behaviour detection (`HoltWintersState`).
///
/// The defaults are RRDtool's: α 0.1, β 0.0035, γ 0.1 for the seasonal coefficients and the
/// seasonal deviation, bands at ±2 deviations, a failure when 7 of the last 9 steps violated them.
public struct HoltWintersParameters: Hashable, Sendable, Codable {
    /// Steps in one season, e.g. 288 five-minute steps a day, 24 hours, or 168 hours a week.
    public var period: Int
    /// Smoothing of the level (intercept), 0 < α < 1.
    public var alpha: Double
    /// Smoothing of the slope, 0 ≤ β < 1.
    public var beta: Double
    /// Smoothing of the seasonal coefficients, 0 < γ < 1.
    public var gamma: Double
    /// Smoothing of the seasonal deviation, 0 < γ_δ < 1 (RRDtool's `dev_gamma`, γ by default).
    public var deviationGamma: Double
    /// Half-width of the confidence band in seasonal deviations (RRDtool's δ, 2 by default).
    public var bandScale: Double
    /// A floor under the band's half-width, in the series' unit, so that a perfectly clean
    /// warm-up does not make every later wobble a violation (0: no floor, as in RRDtool).
    public var minimumBandHalfWidth: Double
    /// The FAILURES window: how many recent steps are looked at.
    public var failureWindow: Int
    /// How many violations within `failureWindow` make a failure.
    public var failureThreshold: Int
    /// Robust updates (Gelper, Fried & Croux 2010, with the band as the Huber bound): a value
    /// outside the band updates the level, slope and seasonal coefficient as if it lay on the
    /// band's edge, while the deviation still learns from the full error. One spike then no longer
    /// drags the level and causes a run of violations after it; a sustained change still fails
    /// at once and widens the bands over the following seasons. False: RRDtool's plain updates.
    public var robustUpdates: Bool
    /// RRDtool's smoothing window, as a fraction of the period: at the end of every season the
    /// seasonal coefficients and deviations are replaced by their circular moving average over
    /// this many phases (rounded to an odd count; below 3 phases nothing is smoothed). It damps
    /// the noise of per-phase estimates; 0 turns it off. RRDtool's default is 0.05.
    public var smoothingWindow: Double
    /// Full seasons collected before the model starts predicting (at least 2: the level, slope,
    /// seasonal coefficients and the initial deviation are estimated from them).
    public var warmupSeasons: Int

    /// Parameters with RRDtool's defaults for `period` steps a season.
    public init(
        period: Int, alpha: Double = 0.1, beta: Double = 0.0035, gamma: Double = 0.1, deviationGamma: Double? = nil,
        bandScale: Double = 2, minimumBandHalfWidth: Double = 0, failureWindow: Int = 9, failureThreshold: Int = 7,
        robustUpdates: Bool = true, smoothingWindow: Double = 0.05, warmupSeasons: Int = 2
    ) {
        self.period = period
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.deviationGamma = deviationGamma ?? gamma
        self.bandScale = bandScale
        self.minimumBandHalfWidth = minimumBandHalfWidth
        self.failureWindow = failureWindow
        self.failureThreshold = failureThreshold
        self.robustUpdates = robustUpdates
        self.smoothingWindow = smoothingWindow
        self.warmupSeasons = warmupSeasons
    }

    /// The smoothing window in phases (odd), or 1 when nothing is smoothed.
    var smoothingPhases: Int {
        let phases = Int((smoothingWindow * Double(period)).rounded())
        let odd = phases % 2 == 0 ? phases + 1 : phases
        return odd >= 3 ? min(odd, period % 2 == 0 ? period - 1 : period) : 1
    }

    /// Throws when a parameter is out of range; the message names it.
    public func validate() throws(StatisticsError) {
        func check(_ ok: Bool, _ message: @autoclosure () -> String) throws(StatisticsError) {
            if !ok { throw StatisticsError("Holt-Winters: \(message())") }
        }
        try check(period >= 2, "period must be at least 2 steps, got \(period)")
        try check(period <= 1_000_000, "period must be at most 1000000 steps, got \(period)")
        try check(alpha > 0 && alpha < 1, "alpha must be in (0, 1), got \(alpha)")
        try check(beta >= 0 && beta < 1, "beta must be in [0, 1), got \(beta)")
        try check(gamma > 0 && gamma < 1, "gamma must be in (0, 1), got \(gamma)")
        try check(deviationGamma > 0 && deviationGamma < 1, "deviation gamma must be in (0, 1), got \(deviationGamma)")
        try check(bandScale > 0 && bandScale.isFinite, "band scale must be positive, got \(bandScale)")
        try check(
            minimumBandHalfWidth >= 0 && minimumBandHalfWidth.isFinite,
            "minimum band half-width must be zero or positive, got \(minimumBandHalfWidth)")
        try check(failureWindow >= 1 && failureWindow <= 1_000, "failure window must be 1…1000 steps, got \(failureWindow)")
        try check(
            failureThreshold >= 1 && failureThreshold <= failureWindow,
            "failure threshold must be 1…\(failureWindow) (the window), got \(failureThreshold)")
        try check(
            smoothingWindow >= 0 && smoothingWindow <= 1, "smoothing window must be in [0, 1] of the period, got \(smoothingWindow)")
        try check(warmupSeasons >= 2 && warmupSeasons <= 100, "warm-up must be 2…100 seasons, got \(warmupSeasons)")
    }
}
