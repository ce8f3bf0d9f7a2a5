/// A series split by `Deseasonalizer` into a robust trend, one seasonal component per phase, and
/// the seasonally adjusted values.
public struct SeasonalDecomposition: Sendable {
    /// The period, in steps, of the removed seasonality.
    public let period: Int
    /// The model actually used (a multiplicative request falls back to additive when the level is
    /// not positive).
    public let model: SeasonalModel
    /// The centred moving median of the values; NaN within half a window of either end and where
    /// fewer than half the window's values are known.
    public let trend: [Double]
    /// The seasonal component of each phase (index i of the series has phase i mod `period`):
    /// offsets averaging 0 (additive) or factors averaging 1 (multiplicative). A phase without
    /// data gets the neutral 0 or 1.
    public let seasonal: [Double]
    /// The values with the seasonal component removed; NaN where the value is unknown.
    public let adjusted: [Double]

    /// A decomposition from its parts.
    public init(period: Int, model: SeasonalModel, trend: [Double], seasonal: [Double], adjusted: [Double]) {
        self.period = period
        self.model = model
        self.trend = trend
        self.seasonal = seasonal
        self.adjusted = adjusted
    }

    /// The seasonal component that applies to index `index` of the series.
    public func component(at index: Int) -> Double {
        guard period > 0, !seasonal.isEmpty else { return model == .additive ? 0 : 1 }
        let phase = ((index % period) + period) % period
        return seasonal[phase]
    }
}
