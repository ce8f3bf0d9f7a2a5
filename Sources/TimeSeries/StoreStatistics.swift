/// Counters and gauges about the store, for the agent to export as metrics.
public struct StoreStatistics: Hashable, Sendable {
    /// Series currently held.
    public var seriesCount = 0
    /// The configured cap.
    public var maxSeries = 0
    /// Ring bytes each series would cost uncompressed with every row written (the
    /// configuration's `bytesPerSeries`): an upper bound, the consolidated tiers are compressed.
    public var bytesPerSeries = 0
    /// Bytes currently allocated for series: per series its raw ring and the tables of its
    /// compressed rings (`seriesLayout.totalBytes`), plus the compressed chunks themselves.
    public var bytesAllocated = 0
    /// Series whose last sample is older than `staleAfter`.
    public var staleSeries = 0
    /// Samples stored since start.
    public var samplesAccepted: UInt64 = 0
    /// Samples dropped because they were out of order or duplicates.
    public var samplesOutOfOrder: UInt64 = 0
    /// Seconds the newest sample lies ahead of the clock while polls are refused as out of
    /// order for it (the clock was set back); 0 otherwise (`TimeSeriesStore.newestSampleAhead`).
    public var newestSampleAheadSeconds: Double = 0
    /// Samples dropped because their series was refused over the cap.
    public var samplesRefusedOverCap: UInt64 = 0
    /// Distinct attempts to create a series beyond the cap.
    public var seriesRefusedOverCap: UInt64 = 0
    /// Samples dropped because their value was ±infinity or their timestamp before 1970 or
    /// more than `maxFutureSkew` ahead of the clock.
    public var samplesInvalid: UInt64 = 0
    /// Stale series whose slots were reclaimed.
    public var staleSeriesReclaimed: UInt64 = 0
    /// Checkpoints that succeeded.
    public var checkpoints: UInt64 = 0
    /// Checkpoints that failed (the store keeps running in memory).
    public var checkpointFailures: UInt64 = 0
    /// Seconds the last successful checkpoint took.
    public var lastCheckpointDuration: Double = 0
    /// Bytes the last successful checkpoint wrote.
    public var lastCheckpointBytes: Int = 0
    /// Whether the last successful checkpoint was a full snapshot (rather than a log append).
    public var lastCheckpointWasSnapshot = false
    /// Clock time of the last successful checkpoint (seconds since the epoch; 0 = never).
    public var lastCheckpointTime: Double = 0
    /// True while the last checkpoint failed for lack of space (ENOSPC/EDQUOT): the store runs
    /// in memory and the agent should raise a finding.
    public var diskFull = false
    /// The last persistence error, nil after a successful checkpoint.
    public var lastPersistenceError: String?
    /// Bytes of the current snapshot file.
    public var snapshotBytes = 0
    /// Bytes of the change log since that snapshot.
    public var logBytes = 0
    /// Blocks found damaged (bad checksum) when loading, whose contents were lost.
    public var blocksLostOnLoad = 0
    /// When the state directory was written with other tiers: those tiers (history was
    /// carried over into tiers of the same step; the rest starts empty). Nil otherwise.
    public var migratedFromTiers: String?
    /// When the state directory was written in an older file format: that format's version
    /// (its data was carried over; the next checkpoint writes the current format). Nil otherwise.
    public var migratedFromFormat: Int?
    /// Seconds the load at start took.
    public var loadDuration: Double = 0
    /// Change-log bytes dropped from memory because checkpoints kept failing.
    public var pendingLogBytesDropped: UInt64 = 0

    /// Creates zeroed statistics.
    public init() {}
}
