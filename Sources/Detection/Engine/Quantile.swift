/// Nearest-rank percentiles for the rules' per-window statistics.
enum Quantile {
    /// The nearest-rank `p`-th percentile (0…100) of `values` (no NaNs), sorting them in place;
    /// NaN when empty.
    static func nearestRank(_ values: inout [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        values.sort()
        let rank = max(1, Int((min(100, max(0, p)) / 100 * Double(values.count)).rounded(.up)))
        return values[min(rank, values.count) - 1]
    }
}
