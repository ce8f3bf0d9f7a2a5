import IXPCore

extension TrendTest {
    /// The Theil–Sen estimate of `values`' slope per unit of x, where value i sits at
    /// x = i · `spacing`; unknown values are skipped but keep their positions.
    ///
    /// The confidence interval is Sen's (1968, eq. 2.6; Gilbert 1987 §16.5): with N ordered
    /// pairwise slopes and C = z₁₋α/₂ · √Var(S) (the ties-corrected Mann–Kendall variance), the
    /// bounds are the slopes of 1-based ranks round((N − C)/2) and round((N + C)/2) + 1, as
    /// `scipy.stats.theilslopes` computes them. Nil when fewer than two values are known, or
    /// `spacing` is not positive, or `confidence` is not within (0, 1).
    public static func theilSen(_ values: [Double], spacing: Double = 1, confidence: Double = 0.95) -> TheilSenEstimate? {
        guard spacing > 0, spacing.isFinite, confidence > 0, confidence < 1 else { return nil }
        var positions: [Int] = []
        var known: [Double] = []
        positions.reserveCapacity(values.count)
        known.reserveCapacity(values.count)
        for (i, value) in values.enumerated() where !value.isNaN {
            positions.append(i)
            known.append(value)
        }
        let n = known.count
        guard n >= 2 else { return nil }
        let pairCount = n * (n - 1) / 2
        var slopes = [Double](unsafeUninitializedCapacity: pairCount) { buffer, initialized in
            var k = 0
            known.withUnsafeBufferPointer { y in
                positions.withUnsafeBufferPointer { t in
                    for i in 0..<(n - 1) {
                        let yi = y[i]
                        let ti = t[i]
                        for j in (i + 1)..<n {
                            buffer[k] = (y[j] - yi) / (Double(t[j] - ti) * spacing)
                            k += 1
                        }
                    }
                }
            }
            initialized = k
        }
        var ties = known
        let variance = TrendKernels.mannKendallVariance(
            count: n, ties: ties.withUnsafeMutableBufferPointer { TrendKernels.tiesTerm($0) })
        let (slope, lower, upper) = slopes.withUnsafeMutableBufferPointer {
            medianAndBounds($0, variance: variance, confidence: confidence)
        }
        let medianY = OrderStatistics.median(ofKnown: known)
        let medianX = OrderStatistics.median(ofKnown: positions.map { Double($0) * spacing })
        return TheilSenEstimate(
            slope: slope, intercept: medianY - slope * medianX, lowerSlope: lower, upperSlope: upper,
            confidence: confidence, count: n)
    }

    /// The median of `slopes` and Sen's confidence bounds, selecting in place.
    static func medianAndBounds(
        _ slopes: UnsafeMutableBufferPointer<Double>, variance: Double, confidence: Double
    ) -> (median: Double, lower: Double, upper: Double) {
        let count = slopes.count
        guard count > 0 else { return (.nan, .nan, .nan) }
        let upperMiddle = count / 2
        let upperMiddleValue = OrderStatistics.select(slopes, upperMiddle, low: 0, high: count - 1)
        var median = upperMiddleValue
        if count % 2 == 0 {
            var lowerMiddleValue = slopes[0]
            for i in 1..<upperMiddle where slopes[i] > lowerMiddleValue { lowerMiddleValue = slopes[i] }
            median = (lowerMiddleValue + upperMiddleValue) / 2
        }
        let c = NormalDistribution.quantile(1 - (1 - confidence) / 2) * max(0, variance).squareRoot()
        let n = Double(count)
        let lowerIndex = max(Int(((n - c) / 2).rounded(.toNearestOrEven)) - 1, 0)
        let upperIndex = min(Int(((n + c) / 2).rounded(.toNearestOrEven)), count - 1)
        // After the selection, everything left of `upperMiddle` is ≤ it and everything right ≥ it.
        let lower: Double
        if lowerIndex < upperMiddle {
            lower = OrderStatistics.select(slopes, lowerIndex, low: 0, high: upperMiddle - 1)
        } else if lowerIndex == upperMiddle {
            lower = upperMiddleValue
        } else {
            lower = OrderStatistics.select(slopes, lowerIndex, low: upperMiddle + 1, high: count - 1)
        }
        let upper: Double
        if upperIndex > upperMiddle {
            upper = OrderStatistics.select(slopes, upperIndex, low: upperMiddle + 1, high: count - 1)
        } else if upperIndex == upperMiddle {
            upper = upperMiddleValue
        } else {
            upper = OrderStatistics.select(slopes, upperIndex, low: 0, high: upperMiddle - 1)
        }
        return (median, lower, upper)
    }
}
