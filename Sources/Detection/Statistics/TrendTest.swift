/// Non-parametric trend tests on evenly spaced series: Theil–Sen slopes with Sen's confidence
/// interval, the Mann–Kendall test, its Hamed–Rao (1998) correction for autocorrelation, and the
/// seasonal Mann–Kendall test of Hirsch et al. (1982).
///
/// Values are one per time step, oldest first; NaN marks an unknown value and is skipped (a
/// known value keeps its time position, so gaps do not shorten the time axis of the slope).
/// The tests return nil when fewer than three values are known.
///
/// The numbers match `pymannkendall` 1.4.3 (`original_test`, `hamed_rao_modification_test`,
/// `seasonal_test`, `sens_slope`, `seasonal_sens_slope`) and `scipy.stats.theilslopes` for the
/// confidence interval, with one deliberate difference: with unknown values, Hamed–Rao detrends
/// each value at its real time position (pymannkendall uses the position after dropping NaNs).
public enum TrendTest {
    /// The Mann–Kendall test (Mann 1945, Kendall 1975): S, its ties-corrected variance, Z with
    /// continuity correction, the two-sided p-value and Kendall's tau. Nil when fewer than three
    /// values are known.
    public static func mannKendall(_ values: [Double]) -> TrendResult? {
        var known = values.filter { !$0.isNaN }
        let n = known.count
        guard n >= 3 else { return nil }
        let s = known.withUnsafeBufferPointer { TrendKernels.mannKendallScore($0) }
        let ties = known.withUnsafeMutableBufferPointer { TrendKernels.tiesTerm($0) }
        let variance = TrendKernels.mannKendallVariance(count: n, ties: ties)
        let z = TrendKernels.zScore(s: s, variance: variance)
        return TrendResult(
            count: n, s: s, variance: variance, varianceFactor: 1, z: z,
            p: NormalDistribution.twoSidedPValue(z), tau: s / (0.5 * Double(n) * Double(n - 1)))
    }
}
