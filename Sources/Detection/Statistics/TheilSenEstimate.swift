/// A Theil–Sen line: the median of pairwise slopes, the Conover intercept, and Sen's (1968)
/// rank-based confidence interval for the slope.
public struct TheilSenEstimate: Hashable, Sendable, Codable {
    /// The median pairwise slope, per unit of x.
    public let slope: Double
    /// The line's value at x = 0: median(y) − slope · median(x), over the known points.
    public let intercept: Double
    /// The lower confidence bound of the slope.
    public let lowerSlope: Double
    /// The upper confidence bound of the slope.
    public let upperSlope: Double
    /// The confidence level of the bounds, e.g. 0.95.
    public let confidence: Double
    /// How many known points the estimate used.
    public let count: Int

    /// An estimate from its parts.
    public init(slope: Double, intercept: Double, lowerSlope: Double, upperSlope: Double, confidence: Double, count: Int) {
        self.slope = slope
        self.intercept = intercept
        self.lowerSlope = lowerSlope
        self.upperSlope = upperSlope
        self.confidence = confidence
        self.count = count
    }

    /// The line's value at `x` (in the same unit as the slope's x).
    public func value(at x: Double) -> Double {
        intercept + slope * x
    }
}
