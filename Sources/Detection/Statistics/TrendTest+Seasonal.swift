import IXPCore

extension TrendTest {
    /// The seasonal Mann–Kendall test (Hirsch, Slack & Smith 1982; Hirsch & Slack 1984 without
    /// the covariance term): value i belongs to season i mod `period`; S, its ties-corrected
    /// variance and the pair count are summed over the seasons, each season skipping its own
    /// unknown values. Nil when `period` < 1 or fewer than three values are known.
    public static func seasonalMannKendall(_ values: [Double], period: Int) -> TrendResult? {
        guard period >= 1 else { return nil }
        var s = 0.0
        var variance = 0.0
        var pairs = 0.0
        var total = 0
        var season: [Double] = []
        season.reserveCapacity(values.count / period + 1)
        for phase in 0..<min(period, values.count) {
            season.removeAll(keepingCapacity: true)
            var i = phase
            while i < values.count {
                if !values[i].isNaN { season.append(values[i]) }
                i += period
            }
            let n = season.count
            guard n >= 2 else {
                total += n
                continue
            }
            s += season.withUnsafeBufferPointer { TrendKernels.mannKendallScore($0) }
            let ties = season.withUnsafeMutableBufferPointer { TrendKernels.tiesTerm($0) }
            variance += TrendKernels.mannKendallVariance(count: n, ties: ties)
            pairs += 0.5 * Double(n) * Double(n - 1)
            total += n
        }
        guard total >= 3, pairs > 0 else { return nil }
        let z = TrendKernels.zScore(s: s, variance: variance)
        return TrendResult(
            count: total, s: s, variance: variance, varianceFactor: 1, z: z,
            p: NormalDistribution.twoSidedPValue(z), tau: s / pairs)
    }

    /// The seasonal Theil–Sen slope (Hirsch et al. 1982): the median of the slopes between values
    /// of the same season, per cycle of `period` steps (as `pymannkendall.seasonal_sens_slope`);
    /// the intercept is median(y) − slope · median(i)/period over the known values, and the
    /// confidence bounds use Sen's rank rule with the summed seasonal Mann–Kendall variance
    /// (Gilbert 1987 §17.5). Nil when `period` < 1 or no season has two known values.
    public static func seasonalTheilSen(_ values: [Double], period: Int, confidence: Double = 0.95) -> TheilSenEstimate? {
        guard period >= 1, confidence > 0, confidence < 1 else { return nil }
        var slopes: [Double] = []
        var variance = 0.0
        var season: [Double] = []
        var seasonCycles: [Int] = []
        for phase in 0..<min(period, values.count) {
            season.removeAll(keepingCapacity: true)
            seasonCycles.removeAll(keepingCapacity: true)
            var i = phase
            while i < values.count {
                if !values[i].isNaN {
                    season.append(values[i])
                    seasonCycles.append(i / period)
                }
                i += period
            }
            let n = season.count
            guard n >= 2 else { continue }
            for a in 0..<(n - 1) {
                for b in (a + 1)..<n {
                    slopes.append((season[b] - season[a]) / Double(seasonCycles[b] - seasonCycles[a]))
                }
            }
            let ties = season.withUnsafeMutableBufferPointer { TrendKernels.tiesTerm($0) }
            variance += TrendKernels.mannKendallVariance(count: n, ties: ties)
        }
        guard !slopes.isEmpty else { return nil }
        let (slope, lower, upper) = slopes.withUnsafeMutableBufferPointer {
            medianAndBounds($0, variance: variance, confidence: confidence)
        }
        let knownPositions = values.indices.filter { !values[$0].isNaN }.map { Double($0) }
        let intercept = OrderStatistics.median(ofKnown: values)
            - OrderStatistics.median(ofKnown: knownPositions) / Double(period) * slope
        return TheilSenEstimate(
            slope: slope, intercept: intercept, lowerSlope: lower, upperSlope: upper,
            confidence: confidence, count: knownPositions.count)
    }
}
