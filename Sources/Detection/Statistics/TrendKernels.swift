import Foundation

/// Internal kernels of the trend tests: Mann–Kendall scores, tie terms, variances and z, and
/// average ranks. They work on buffers the caller owns, so that hot loops allocate nothing.
/// (Selection and medians are IXPCore's `OrderStatistics`.)
enum TrendKernels {
    /// Σ t(t−1)(2t+5) over the groups of equal values — the ties term of the Mann–Kendall
    /// variance. Sorts `buffer`.
    static func tiesTerm(_ buffer: UnsafeMutableBufferPointer<Double>) -> Double {
        var buffer = buffer
        buffer.sort()
        var term = 0.0
        var i = 0
        while i < buffer.count {
            var j = i + 1
            while j < buffer.count && buffer[j] == buffer[i] { j += 1 }
            let t = Double(j - i)
            if t > 1 { term += t * (t - 1) * (2 * t + 5) }
            i = j
        }
        return term
    }

    /// The Mann–Kendall score S = Σ_{i<j} sign(x_j − x_i). No NaNs allowed.
    static func mannKendallScore(_ x: UnsafeBufferPointer<Double>) -> Double {
        var s = 0
        let n = x.count
        guard n > 1 else { return 0 }
        for i in 0..<(n - 1) {
            let xi = x[i]
            var local = 0
            for j in (i + 1)..<n {
                let xj = x[j]
                local += (xj > xi ? 1 : 0) - (xj < xi ? 1 : 0)
            }
            s += local
        }
        return Double(s)
    }

    /// The Mann–Kendall variance of S for `count` values with ties term `ties`.
    static func mannKendallVariance(count: Int, ties: Double) -> Double {
        let n = Double(count)
        return (n * (n - 1) * (2 * n + 5) - ties) / 18
    }

    /// Ranks 1…n of `values` with ties given their average rank (like `scipy.stats.rankdata`).
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i + 1
            while j < order.count && values[order[j]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 1) / 2  // mean of the 1-based ranks i+1 … j
            for k in i..<j { ranks[order[k]] = rank }
            i = j
        }
        return ranks
    }

    /// The z statistic of S with the usual continuity correction.
    static func zScore(s: Double, variance: Double) -> Double {
        guard variance > 0 else { return 0 }
        if s > 0 { return (s - 1) / variance.squareRoot() }
        if s < 0 { return (s + 1) / variance.squareRoot() }
        return 0
    }
}
