/// A backtest that could not run, with the reason.
public struct BacktestError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}
