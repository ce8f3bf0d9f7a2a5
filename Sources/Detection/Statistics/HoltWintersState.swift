import Foundation

/// Incremental aberrant-behaviour detection with RRDtool's equations (Brutlag 2000): additive
/// Holt-Winters prediction with a seasonal deviation, confidence bands, and FAILURES. Without
/// robust updates and band floor, `HoltWintersRRDtoolTests` finds the same failure flags as the
/// real rrdtool at every step and predictions that converge to its own (the initialisations
/// differ: rrdtool starts from the first value and the first season).
///
/// Per known value y at phase p (step mod period), with ŷ = a + b·h + c_p (h: steps since the
/// last known value):
/// - violation when y lies outside ŷ ± scale · d_p (the deviation before this step);
/// - a ← α(y′ − c_p) + (1 − α)(a + b·h);  b ← β(a_new − a_old)/h + (1 − β)b;
/// - c_p ← γ(y′ − a) + (1 − γ)c_p;  d_p ← γ_δ|y − ŷ| + (1 − γ_δ)d_p;
///   where y′ is y, or with `robustUpdates` (the default) y clamped to the band;
/// - failure when at least `failureThreshold` of the last `failureWindow` steps were violations.
///
/// An unknown value (NaN or infinite) advances time without updating anything and is not a
/// violation, as RRDtool treats unknown. The first `warmupSeasons` seasons initialise the model:
/// level and slope from the season means, each phase's coefficient from the mean detrended value
/// of that phase, and every phase's deviation from the mean absolute residual of the warm-up
/// (pooled over phases). That residual underestimates the first prediction errors, which also
/// carry the noise of coefficients estimated from only k seasons, so it is scaled by
/// √((k+1)/(k−1)): the expected absolute prediction error when the residuals are the
/// coefficient-free noise. A warm-up season with less than half its values known is dropped and
/// the warm-up goes on. As RRDtool does, the seasonal coefficients and deviations are smoothed
/// over neighbouring phases at the end of every season (`smoothingWindow`).
///
/// The state is `Codable` so that the detector can persist it between runs; decoding checks that
/// the arrays fit the parameters.
public struct HoltWintersState: Sendable, Codable, Equatable {
    /// The settings.
    public let parameters: HoltWintersParameters
    /// Steps seen so far, known or not.
    public private(set) var steps: Int
    /// The smoothed level (intercept) at the last known step; 0 while warming up.
    public private(set) var level: Double
    /// The smoothed slope per step; 0 while warming up.
    public private(set) var slope: Double
    /// The seasonal coefficients, one per phase; empty while warming up.
    public private(set) var seasonal: [Double]
    /// The seasonal deviations, one per phase; empty while warming up.
    public private(set) var deviation: [Double]
    /// Steps since the last known value (1 right after a known value).
    private var stepsSinceKnown: Int
    /// The warm-up values (nil for unknown), starting at a season boundary; empty once warmed up.
    private var warmup: [Double?]
    /// The violation flags of the last `failureWindow` steps, a ring.
    private var violations: [Bool]
    /// Where the next flag goes in `violations`.
    private var violationCursor: Int

    /// A fresh model; throws when the parameters are out of range.
    public init(parameters: HoltWintersParameters) throws(StatisticsError) {
        try parameters.validate()
        self.parameters = parameters
        steps = 0
        level = 0
        slope = 0
        seasonal = []
        deviation = []
        stepsSinceKnown = 1
        warmup = []
        violations = [Bool](repeating: false, count: parameters.failureWindow)
        violationCursor = 0
    }

    /// True once the warm-up seasons are in and the model predicts.
    public var isWarmedUp: Bool { !seasonal.isEmpty }

    /// Takes the next value (NaN when unknown) and says how it compares with the prediction.
    public mutating func update(_ value: Double) -> HoltWintersStep {
        let period = parameters.period
        let phase = steps % period
        steps += 1
        guard isWarmedUp else {
            warmup.append(value.isFinite ? value : nil)
            if warmup.count == parameters.warmupSeasons * period { initialise() }
            return HoltWintersStep(
                value: value, prediction: .nan, lower: .nan, upper: .nan, isViolation: false, violationCount: 0,
                isFailure: false, isWarmingUp: true)
        }
        if phase == 0 && steps > 1 { smoothSeasonalArrays() }
        let h = Double(stepsSinceKnown)
        let prediction = level + slope * h + seasonal[phase]
        let halfWidth = max(parameters.bandScale * deviation[phase], parameters.minimumBandHalfWidth)
        let lower = prediction - halfWidth
        let upper = prediction + halfWidth
        var isViolation = false
        if value.isFinite {
            isViolation = value < lower || value > upper
            let cleaned = isViolation && parameters.robustUpdates ? min(max(value, lower), upper) : value
            let previousLevel = level
            level = parameters.alpha * (cleaned - seasonal[phase]) + (1 - parameters.alpha) * (level + slope * h)
            slope = parameters.beta * (level - previousLevel) / h + (1 - parameters.beta) * slope
            seasonal[phase] = parameters.gamma * (cleaned - level) + (1 - parameters.gamma) * seasonal[phase]
            deviation[phase] = parameters.deviationGamma * abs(value - prediction)
                + (1 - parameters.deviationGamma) * deviation[phase]
            stepsSinceKnown = 1
        } else {
            stepsSinceKnown += 1
        }
        violations[violationCursor] = isViolation
        violationCursor = (violationCursor + 1) % violations.count
        var count = 0
        for flag in violations where flag { count += 1 }
        return HoltWintersStep(
            value: value, prediction: prediction, lower: lower, upper: upper, isViolation: isViolation,
            violationCount: count, isFailure: count >= parameters.failureThreshold, isWarmingUp: false)
    }

    /// Estimates level, slope, coefficients and deviation from the full warm-up buffer, or drops
    /// its first season when a season has too little data.
    private mutating func initialise() {
        let period = parameters.period
        let seasons = parameters.warmupSeasons
        var means = [Double](repeating: 0, count: seasons)
        for s in 0..<seasons {
            var sum = 0.0
            var count = 0
            for value in warmup[(s * period)..<((s + 1) * period)] {
                if let value {
                    sum += value
                    count += 1
                }
            }
            guard 2 * count >= period else {
                warmup.removeFirst(period)
                return
            }
            means[s] = sum / Double(count)
        }
        let centre = Double(period - 1) / 2
        let startSlope = (means[seasons - 1] - means[0]) / Double((seasons - 1) * period)
        func base(_ j: Int) -> Double { means[0] + startSlope * (Double(j) - centre) }

        var coefficients = [Double](repeating: 0, count: period)
        var counts = [Int](repeating: 0, count: period)
        for (j, value) in warmup.enumerated() {
            guard let value else { continue }
            coefficients[j % period] += value - base(j)
            counts[j % period] += 1
        }
        var estimatedSum = 0.0
        var estimated = 0
        for p in 0..<period where counts[p] > 0 {
            coefficients[p] /= Double(counts[p])
            estimatedSum += coefficients[p]
            estimated += 1
        }
        let offset = estimated > 0 ? estimatedSum / Double(estimated) : 0
        var residualSum = 0.0
        var residuals = 0
        for (j, value) in warmup.enumerated() {
            guard let value else { continue }
            residualSum += abs(value - base(j) - coefficients[j % period])
            residuals += 1
        }
        for p in 0..<period { coefficients[p] = counts[p] > 0 ? coefficients[p] - offset : 0 }
        let initialDeviation = residuals > 0
            ? residualSum / Double(residuals) * (Double(seasons + 1) / Double(seasons - 1)).squareRoot() : 0
        level = base(seasons * period - 1) + offset
        slope = startSlope
        seasonal = coefficients
        deviation = [Double](repeating: initialDeviation, count: period)
        stepsSinceKnown = 1
        warmup = []  // the next step starts a season, which smooths the new coefficients
    }

    /// Replaces the coefficients and deviations by their circular moving averages.
    private mutating func smoothSeasonalArrays() {
        let width = parameters.smoothingPhases
        guard width > 1 else { return }
        seasonal = Self.circularMovingAverage(seasonal, width: width)
        deviation = Self.circularMovingAverage(deviation, width: width)
    }

    private static func circularMovingAverage(_ values: [Double], width: Int) -> [Double] {
        let n = values.count
        let half = width / 2
        var sum = 0.0
        for offset in -half...half { sum += values[(offset + n) % n] }
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            out[i] = sum / Double(width)
            sum += values[(i + half + 1) % n] - values[(i - half + n) % n]
        }
        return out
    }

    private enum CodingKeys: String, CodingKey {
        case parameters, steps, level, slope, seasonal, deviation, stepsSinceKnown, warmup, violations, violationCursor
    }

    /// Decodes a persisted state, refusing one whose arrays do not fit its parameters.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        parameters = try container.decode(HoltWintersParameters.self, forKey: .parameters)
        steps = try container.decode(Int.self, forKey: .steps)
        level = try container.decode(Double.self, forKey: .level)
        slope = try container.decode(Double.self, forKey: .slope)
        seasonal = try container.decode([Double].self, forKey: .seasonal)
        deviation = try container.decode([Double].self, forKey: .deviation)
        stepsSinceKnown = try container.decode(Int.self, forKey: .stepsSinceKnown)
        warmup = try container.decode([Double?].self, forKey: .warmup)
        violations = try container.decode([Bool].self, forKey: .violations)
        violationCursor = try container.decode(Int.self, forKey: .violationCursor)
        func corrupt(_ message: String) -> DecodingError {
            .dataCorruptedError(forKey: .parameters, in: container, debugDescription: "Holt-Winters state: \(message)")
        }
        do {
            try parameters.validate()
        } catch {
            throw corrupt(error.message)
        }
        let period = parameters.period
        let warmedUp = !seasonal.isEmpty
        guard steps >= 0, stepsSinceKnown >= 1 else { throw corrupt("negative step counters") }
        guard !warmedUp || (seasonal.count == period && deviation.count == period && warmup.isEmpty) else {
            throw corrupt("seasonal arrays do not have \(period) phases")
        }
        guard warmedUp || (deviation.isEmpty && warmup.count < parameters.warmupSeasons * period
            && warmup.count <= steps && steps % period == warmup.count % period)
        else { throw corrupt("the warm-up buffer does not fit the parameters") }
        guard violations.count == parameters.failureWindow, (0..<violations.count).contains(violationCursor) else {
            throw corrupt("the violation window does not have \(parameters.failureWindow) steps")
        }
        guard level.isFinite, slope.isFinite, seasonal.allSatisfy(\.isFinite), deviation.allSatisfy(\.isFinite) else {
            throw corrupt("non-finite level, slope, coefficient or deviation")
        }
    }
}
