import Synchronization

/// The clock of a replay: it moves only when the replay (or a test) sets it.
public final class BacktestClock: Sendable {
    private let value: Mutex<Double>

    /// A clock at `start` (seconds since 1970).
    public init(_ start: Double) { value = Mutex(start) }

    /// The time now; setting it moves the clock.
    public var now: Double {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
