import Foundation

/// Order statistics on buffers the caller owns, so that hot loops allocate nothing: selection
/// of the k-th smallest value, and medians. ``Percentile`` builds the nearest-rank percentiles
/// on them. No NaNs are allowed in the buffers (``median(ofKnown:)`` skips them first).
public enum OrderStatistics {
    /// Reorders `buffer[low...high]` so that `buffer[k]` holds the value it would hold if that
    /// range were sorted, smaller-or-equal values before it and greater-or-equal after; returns it.
    /// No NaNs allowed.
    ///
    /// Floyd & Rivest's SELECT (1975): on a large range, a recursive selection in a small sample
    /// around the expected position of `k` gives a pivot so close to the answer that one
    /// partition pass leaves only a sliver of the range — about n + min(k, n − k) comparisons
    /// instead of quickselect's ~3.4 n, which matters for the n(n−1)/2 slopes of Theil–Sen.
    @discardableResult
    public static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int, low: Int, high: Int) -> Double {
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
    public static func median(_ buffer: UnsafeMutableBufferPointer<Double>, count: Int) -> Double {
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
    public static func median(ofKnown values: some Sequence<Double>) -> Double {
        var known = values.filter { !$0.isNaN }
        return known.withUnsafeMutableBufferPointer { median($0, count: $0.count) }
    }
}
