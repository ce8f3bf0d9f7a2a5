/// How much of a window is known: the rules judge only windows with enough data
/// (typically at least 80 % of the values known).
public enum KnownFraction {
    /// The rules' usual minimum: 80 % of a window known.
    public static let ruleMinimum = 0.8

    /// The fraction (0…1) of `values` that are known (not NaN); 0 for an empty window.
    public static func of(_ values: some Collection<Double>) -> Double {
        guard !values.isEmpty else { return 0 }
        var known = 0
        for value in values where !value.isNaN { known += 1 }
        return Double(known) / Double(values.count)
    }

    /// True when at least `minimum` (0…1) of the non-empty window `values` is known.
    public static func isSufficient(_ values: some Collection<Double>, minimum: Double = ruleMinimum) -> Bool {
        !values.isEmpty && of(values) >= minimum
    }
}
