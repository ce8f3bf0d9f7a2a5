/// Nearest-rank percentiles and medians of values that may contain unknowns (NaN), which are
/// skipped: the one definition of a percentile in the agent (95th-percentile billing, the
/// store's `percentile` aggregate, the rules' windows). Nearest rank means no interpolation:
/// the result is always one of the values.
public enum Percentile {
    /// The nearest-rank `p`-th percentile (0…100, clamped) of the known values: the smallest value
    /// with at least p % of the known values at or below it (rank ⌈p/100 · n⌉, at least 1).
    /// Nil when no value is known or `p` is NaN. Quickselect on a copy: O(n) expected.
    public static func nearestRank(_ values: some Sequence<Double>, _ p: Double) -> Double? {
        var known = values.filter { !$0.isNaN }
        return nearestRank(known: &known, p)
    }

    /// The nearest-rank percentiles `ps` (each 0…100) of the known values, in the order of `ps`;
    /// nil when no value is known or a `p` is NaN. One copy for all of them.
    public static func nearestRank(_ values: some Sequence<Double>, _ ps: [Double]) -> [Double]? {
        var known = values.filter { !$0.isNaN }
        var out: [Double] = []
        out.reserveCapacity(ps.count)
        for p in ps {
            guard let value = nearestRank(known: &known, p) else { return nil }
            out.append(value)
        }
        return out
    }

    /// The median of the known values (the mean of the two middle ones for an even count); nil
    /// when no value is known.
    public static func median(_ values: some Sequence<Double>) -> Double? {
        let median = OrderStatistics.median(ofKnown: values)
        return median.isNaN ? nil : median
    }

    /// The nearest-rank `p`-th percentile (0…100, clamped) of `known`, which holds no NaN,
    /// reordering it (selection, not a sort; no copy). Nil when `known` is empty or `p` is NaN.
    public static func nearestRank(known: inout [Double], _ p: Double) -> Double? {
        guard !known.isEmpty, !p.isNaN else { return nil }
        let clamped = min(100, max(0, p))
        let rank = min(known.count, max(1, Int((clamped / 100 * Double(known.count)).rounded(.up))))
        return known.withUnsafeMutableBufferPointer {
            OrderStatistics.select($0, rank - 1, low: 0, high: $0.count - 1)
        }
    }
}
