/// The outcome of a Mann–Kendall-family trend test (plain, Hamed–Rao corrected, or seasonal).
///
/// The fields follow `pymannkendall`'s result tuple, so numbers can be compared one to one.
public struct TrendResult: Hashable, Sendable, Codable {
    /// The direction of a trend judged at a significance level.
    public enum Direction: String, Hashable, Sendable, Codable {
        /// Significantly increasing.
        case increasing
        /// Significantly decreasing.
        case decreasing
        /// No significant trend.
        case none
    }

    /// How many known (non-NaN) values the test used.
    public let count: Int
    /// The Mann–Kendall score S: concordant minus discordant pairs.
    public let s: Double
    /// The variance of S used for `z`: ties-corrected, and for Hamed–Rao multiplied by
    /// `varianceFactor`.
    public let variance: Double
    /// The autocorrelation correction n/n* that multiplied the variance (1 for the plain and the
    /// seasonal test).
    public let varianceFactor: Double
    /// The standardised statistic, with continuity correction: (S − sign S) / √variance.
    public let z: Double
    /// The two-sided p-value of `z` under the standard normal.
    public let p: Double
    /// Kendall's tau: S divided by the number of pairs.
    public let tau: Double

    /// A result from its parts.
    public init(count: Int, s: Double, variance: Double, varianceFactor: Double, z: Double, p: Double, tau: Double) {
        self.count = count
        self.s = s
        self.variance = variance
        self.varianceFactor = varianceFactor
        self.z = z
        self.p = p
        self.tau = tau
    }

    /// True when the two-sided p-value is below `alpha`.
    public func isSignificant(at alpha: Double = 0.05) -> Bool {
        p < alpha
    }

    /// The trend's direction at significance level `alpha` (two-sided).
    public func direction(at alpha: Double = 0.05) -> Direction {
        guard isSignificant(at: alpha) else { return .none }
        return z > 0 ? .increasing : (z < 0 ? .decreasing : .none)
    }
}
