// The replay (`Backtest`) and the family backtests live in the DetectionBacktest library, shared
// with Benchmarks/detection; every test file of this target sees them.
@_exported import DetectionBacktest

/// A clock a test sets (the replay's own).
typealias TestClock = BacktestClock
