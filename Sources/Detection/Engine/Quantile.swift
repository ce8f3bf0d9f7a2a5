import IXPCore

/// Nearest-rank percentiles for the rules' per-window statistics.
enum Quantile {
    /// The nearest-rank `p`-th percentile (0…100) of `values` (no NaNs), reordering them
    /// (selection, not a sort); NaN when empty.
    static func nearestRank(_ values: inout [Double], _ p: Double) -> Double {
        Percentile.nearestRank(known: &values, p) ?? .nan
    }
}
