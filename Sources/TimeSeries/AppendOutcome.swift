/// What became of one appended sample.
public enum AppendOutcome: Hashable, Sendable {
    /// Stored.
    case accepted
    /// Dropped and counted: its timestamp is not after the series' previous sample.
    case outOfOrder
    /// Dropped and counted: the series is new and the store already holds `maxSeries` series.
    case refusedOverCap
    /// Dropped and counted: the value is ±infinity (use NaN for "unknown"), or the timestamp
    /// is before 1970 or more than `maxFutureSkew` ahead of the store's clock.
    case invalid
    /// Dropped: the handle belongs to a series whose slot has since been reclaimed.
    case staleHandle
}

/// Counts of what became of a batch of samples.
public struct BatchOutcome: Hashable, Sendable {
    /// Samples stored.
    public var accepted = 0
    /// Samples dropped because they were not after their series' previous sample.
    public var outOfOrder = 0
    /// Samples dropped because their series was refused over the cap.
    public var refusedOverCap = 0
    /// Samples dropped because their timestamp or value was not finite (±infinity).
    public var invalid = 0
    /// Samples dropped because their handle was stale.
    public var staleHandle = 0
    /// Set on the batch that was mostly refused as out of order because the store's newest
    /// sample is ahead of the clock (the clock was set back), when the batch before was not:
    /// how many seconds ahead. Once per episode, for a log line.
    public var startedRefusingAhead: Double?
    /// Set on the first batch whose samples are taken again after such an episode.
    public var stoppedRefusingAhead = false

    /// Creates an empty outcome.
    public init() {}

    /// Adds one outcome.
    public mutating func count(_ outcome: AppendOutcome) {
        switch outcome {
        case .accepted: accepted += 1
        case .outOfOrder: outOfOrder += 1
        case .refusedOverCap: refusedOverCap += 1
        case .invalid: invalid += 1
        case .staleHandle: staleHandle += 1
        }
    }
}

/// A resolved series: an integer slot plus a generation that changes when the slot is
/// reclaimed, so a kept handle can never write into another series.
public struct SeriesHandle: Hashable, Sendable {
    /// Index of the series' slot.
    public let slot: Int32
    /// Generation of the slot when the handle was made.
    public let generation: UInt32

    /// Creates a handle (normally obtained from `TimeSeriesStore.handle(for:)`).
    public init(slot: Int32, generation: UInt32) {
        self.slot = slot
        self.generation = generation
    }
}

/// One sample addressed by key.
public struct Sample: Hashable, Sendable {
    /// The series.
    public var key: SeriesKey
    /// Seconds since the epoch.
    public var timestamp: Double
    /// The value (a rate or a gauge); NaN means unknown.
    public var value: Double

    /// Creates a sample.
    public init(key: SeriesKey, timestamp: Double, value: Double) {
        self.key = key
        self.timestamp = timestamp
        self.value = value
    }
}

/// One sample addressed by handle: the fast path.
public struct HandleSample: Hashable, Sendable {
    /// The series.
    public var handle: SeriesHandle
    /// Seconds since the epoch.
    public var timestamp: Double
    /// The value (a rate or a gauge); NaN means unknown.
    public var value: Double

    /// Creates a sample.
    public init(handle: SeriesHandle, timestamp: Double, value: Double) {
        self.handle = handle
        self.timestamp = timestamp
        self.value = value
    }
}
