/// What one `HoltWintersState.update` saw: the prediction for the step, its confidence band, and
/// whether the value violated the band and the recent violations make a failure.
public struct HoltWintersStep: Hashable, Sendable {
    /// The observed value (NaN when unknown).
    public let value: Double
    /// The predicted value: level + slope + seasonal coefficient; NaN while warming up.
    public let prediction: Double
    /// The lower band: prediction − scale · seasonal deviation; NaN while warming up.
    public let lower: Double
    /// The upper band: prediction + scale · seasonal deviation; NaN while warming up.
    public let upper: Double
    /// The known value lay outside the band.
    public let isViolation: Bool
    /// How many of the last `failureWindow` steps (this one included) were violations.
    public let violationCount: Int
    /// At least `failureThreshold` of the last `failureWindow` steps were violations.
    public let isFailure: Bool
    /// The model is still collecting its first seasons and judges nothing.
    public let isWarmingUp: Bool

    /// A step from its parts.
    public init(
        value: Double, prediction: Double, lower: Double, upper: Double, isViolation: Bool, violationCount: Int,
        isFailure: Bool, isWarmingUp: Bool
    ) {
        self.value = value
        self.prediction = prediction
        self.lower = lower
        self.upper = upper
        self.isViolation = isViolation
        self.violationCount = violationCount
        self.isFailure = isFailure
        self.isWarmingUp = isWarmingUp
    }
}
