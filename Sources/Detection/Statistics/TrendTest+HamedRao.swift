extension TrendTest {
    /// The Mann–Kendall test with Hamed & Rao's (1998) variance correction for autocorrelation.
    ///
    /// The series is detrended with its Theil–Sen slope (each known value at its own time
    /// position), the detrended values are ranked, and the autocorrelation ρₖ of the ranks is
    /// computed for lags 1…`maxLag` (all lags n − 1 when nil). The lags whose ρₖ lies outside
    /// ±z₁₋α/₂/√n (α = `significance`) count towards
    /// n/n* = 1 + 2/(n(n−1)(n−2)) · Σ (n−k)(n−k−1)(n−k−2) ρₖ,
    /// which multiplies the Mann–Kendall variance. If strong negative autocorrelation would make
    /// the corrected variance non-positive, the uncorrected variance is used (factor 1).
    /// Nil when fewer than three values are known.
    public static func hamedRao(_ values: [Double], significance: Double = 0.05, maxLag: Int? = nil) -> TrendResult? {
        guard let sen = theilSen(values) else { return nil }
        return hamedRao(values, senSlope: sen.slope, significance: significance, maxLag: maxLag)
    }

    /// Hamed–Rao with the Theil–Sen slope (per step) already known.
    static func hamedRao(_ values: [Double], senSlope: Double, significance: Double, maxLag: Int?) -> TrendResult? {
        guard var plain = mannKendall(values) else { return nil }
        let n = plain.count
        var detrended: [Double] = []
        detrended.reserveCapacity(n)
        for (i, value) in values.enumerated() where !value.isNaN {
            detrended.append(value - senSlope * Double(i))
        }
        let ranks = TrendKernels.averageRanks(detrended)
        let mean = Double(n + 1) / 2
        let centred = ranks.map { $0 - mean }
        let lagLimit = min(max(maxLag ?? (n - 1), 0), n - 1)
        let bound = NormalDistribution.quantile(1 - significance / 2) / Double(n).squareRoot()
        var sum = 0.0
        centred.withUnsafeBufferPointer { r in
            var variance = 0.0
            for i in 0..<n { variance += r[i] * r[i] }
            guard variance > 0, lagLimit >= 1 else { return }
            for lag in 1...lagLimit {
                var covariance = 0.0
                for i in 0..<(n - lag) { covariance += r[i] * r[i + lag] }
                let rho = covariance / variance
                if rho > bound || rho < -bound {
                    let m = Double(n - lag)
                    sum += m * (m - 1) * (m - 2) * rho
                }
            }
        }
        let nn = Double(n)
        let factor = 1 + 2 / (nn * (nn - 1) * (nn - 2)) * sum
        guard factor > 0, factor.isFinite else { return plain }
        let variance = plain.variance * factor
        let z = TrendKernels.zScore(s: plain.s, variance: variance)
        plain = TrendResult(
            count: n, s: plain.s, variance: variance, varianceFactor: factor, z: z,
            p: NormalDistribution.twoSidedPValue(z), tau: plain.tau)
        return plain
    }
}
