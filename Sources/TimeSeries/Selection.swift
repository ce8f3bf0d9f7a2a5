/// Order statistics without sorting: quickselect.
enum Selection {
    /// The nearest-rank `p`-th percentile (0…100) of `values` (no NaNs), reordering them.
    static func percentile(_ values: inout [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let clamped = min(100, max(0, p))
        let rank = max(1, Int((clamped / 100 * Double(values.count)).rounded(.up)))
        return select(&values, Swift.min(rank, values.count) - 1)
    }

    /// The `k`-th smallest (0-based) of `values`, reordering them.
    static func select(_ values: inout [Double], _ k: Int) -> Double {
        values.withUnsafeMutableBufferPointer { buffer in
            var low = 0
            var high = buffer.count - 1
            while low < high {
                // Median of three as pivot.
                let middle = low + (high - low) / 2
                if buffer[middle] < buffer[low] { buffer.swapAt(middle, low) }
                if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
                if buffer[high] < buffer[middle] { buffer.swapAt(high, middle) }
                let pivot = buffer[middle]
                var i = low
                var j = high
                while i <= j {
                    while buffer[i] < pivot { i += 1 }
                    while buffer[j] > pivot { j -= 1 }
                    if i <= j {
                        buffer.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if k <= j {
                    high = j
                } else if k >= i {
                    low = i
                } else {
                    return buffer[k]
                }
            }
            return buffer[k]
        }
    }
}
