import Foundation

/// Internal kernels shared by the statistics: selection, medians, ranks and tie counts. They work
/// on buffers the caller owns, so that hot loops allocate nothing.
enum OrderStatistics {
    /// Reorders `buffer[low...high]` so that `buffer[k]` holds the value it would hold if that
    /// range were sorted, smaller-or-equal values before it and greater-or-equal after; returns it.
    /// No NaNs allowed.
    ///
    /// Floyd & Rivest's SELECT (1975): on a large range, a recursive selection in a small sample
    /// around the expected position of `k` gives a pivot so close to the answer that one
    /// partition pass leaves only a sliver of the range — about n + min(k, n − k) comparisons
    /// instead of quickselect's ~3.4 n, which matters for the n(n−1)/2 slopes of Theil–Sen.
    @discardableResult
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int, low: Int, high: Int) -> Double {
        var left = low
        var right = high
        while right > left {
            if right - left > 600 {
                let n = Double(right - left + 1)
                let i = Double(k - left + 1)
                let z = log(n)
                let sample = 0.5 * exp(2 * z / 3)
                let spread = 0.5 * (z * sample * (n - sample) / n).squareRoot() * (i < n / 2 ? -1 : 1)
                let newLeft = max(left, Int((Double(k) - i * sample / n + spread).rounded(.down)))
                let newRight = min(right, Int((Double(k) + (n - i) * sample / n + spread).rounded(.down)))
                select(buffer, k, low: newLeft, high: newRight)
            }
            let pivot = buffer[k]
            var i = left
            var j = right
            buffer.swapAt(left, k)
            if buffer[right] > pivot { buffer.swapAt(right, left) }
            while i < j {
                buffer.swapAt(i, j)
                i += 1
                j -= 1
                while buffer[i] < pivot { i += 1 }
                while buffer[j] > pivot { j -= 1 }
            }
            if buffer[left] == pivot {
                buffer.swapAt(left, j)
            } else {
                j += 1
                buffer.swapAt(j, right)
            }
            if j <= k { left = j + 1 }
            if k <= j { right = j - 1 }
        }
        return buffer[k]
    }

    /// The median of `buffer[0..<count]` (mean of the two middle values for an even count),
    /// reordering it; NaN for an empty range. No NaNs allowed.
    static func median(_ buffer: UnsafeMutableBufferPointer<Double>, count: Int) -> Double {
        guard count > 0 else { return .nan }
        let upper = count / 2
        let upperValue = select(buffer, upper, low: 0, high: count - 1)
        if count % 2 == 1 { return upperValue }
        // After selection everything below `upper` is ≤ it: the lower middle is their maximum.
        var lowerValue = buffer[0]
        for i in 1..<upper where buffer[i] > lowerValue { lowerValue = buffer[i] }
        return (lowerValue + upperValue) / 2
    }

    /// The median of the known (non-NaN) values of `values`; NaN when none is known.
    static func median(ofKnown values: some Sequence<Double>) -> Double {
        var known = values.filter { !$0.isNaN }
        return known.withUnsafeMutableBufferPointer { median($0, count: $0.count) }
    }

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
