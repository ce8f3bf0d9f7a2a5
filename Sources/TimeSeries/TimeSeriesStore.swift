public import Foundation
import Synchronization

/// The bounded, tiered, crash-safe time-series store: fixed-size round-robin rings per series,
/// consolidation into coarser tiers, checkpoints to a state directory, and range/aggregate
/// queries. Safe to use from any thread or task; appends never `await`.
///
/// ```swift
/// let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: stateURL)
/// if let handle = store.handle(for: key) {       // resolve once (nil: over the cap) …
///     store.append(handle: handle, timestamp: now, value: rate)   // … append many times
/// }
/// try store.checkpoint()                          // every `checkpointInterval` seconds
/// ```
public final class TimeSeriesStore: Sendable {
    /// The configuration the store runs with.
    public let configuration: StoreConfiguration
    /// The state directory, nil for a memory-only store.
    public let directory: URL?

    let core: Mutex<StoreCore>
    let persister: Mutex<Persister?>
    let clock: @Sendable () -> Double

    /// The wall clock: seconds since the epoch.
    public static let systemClock: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    /// Opens a store. With a `directory`, loads what an earlier run checkpointed there (damaged
    /// blocks are skipped and counted in `statistics.blocksLostOnLoad`) and persists to it;
    /// with nil, keeps everything in memory. `clock` gives "now" for staleness and statistics.
    ///
    /// Throws `StoreError.invalidConfiguration` for a bad configuration, `.io` if the directory
    /// cannot be created or read, and `.incompatibleState` if it holds data of other tiers.
    public init(
        configuration: StoreConfiguration = StoreConfiguration(),
        directory: URL?,
        clock: @escaping @Sendable () -> Double = TimeSeriesStore.systemClock
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        self.directory = directory
        self.clock = clock
        let core = StoreCore(configuration: configuration, logging: directory != nil)
        if let directory {
            let started = DispatchTime.now().uptimeNanoseconds
            let persister = try Persister(directory: directory, configuration: configuration)
            try persister.load(into: core)
            core.statistics.loadDuration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            self.persister = Mutex(persister)
        } else {
            self.persister = Mutex(nil)
        }
        self.core = Mutex(core)
    }

    // MARK: - Series

    /// The handle of `key`, creating the series if needed; nil if the cap refuses it (counted).
    public func handle(for key: SeriesKey) -> SeriesHandle? {
        let now = clock()
        return core.withLock { $0.handle(for: key, now: now) }
    }

    /// Whether the store holds `key`.
    public func contains(_ key: SeriesKey) -> Bool {
        core.withLock { $0.slotOfKey[key] != nil }
    }

    /// The keys of all series, or of those `selector` selects, sorted.
    public func keys(matching selector: SeriesSelector? = nil) -> [SeriesKey] {
        core.withLock { core -> [SeriesKey] in
            guard let selector else { return Array(core.slotOfKey.keys) }
            guard let slots = core.slotsOfName[selector.name] else { return [] }
            var keys: [SeriesKey] = []
            keys.reserveCapacity(slots.count)
            for slot in slots {
                if let key = core.keys[Int(slot)], selector.matches(key) { keys.append(key) }
            }
            return keys
        }.sorted()
    }

    /// The timestamp of the newest sample of `key`, nil if none.
    public func lastTimestamp(of key: SeriesKey) -> Double? {
        core.withLock { core in
            guard let slot = core.slotOfKey[key] else { return nil }
            let last = core.slots[Int(slot)].lastTimestamp
            return last.isFinite ? last : nil
        }
    }

    /// The newest raw value of `key` (the mean of the samples in its newest raw step) and the
    /// timestamp of its newest sample; nil if the series does not exist or has no sample.
    /// The value is NaN if that step only had unknown samples.
    public func latest(_ key: SeriesKey) -> (timestamp: Double, value: Double)? {
        core.withLock { core in
            guard let slot = core.slotOfKey[key] else { return nil }
            let state = core.slots[Int(slot)]
            guard state.lastTimestamp.isFinite, let data = state.data else { return nil }
            return (state.lastTimestamp, Stored.decode(data[state.rawRow]))
        }
    }

    /// `latest(_:)` of many keys under one lock, in the order of `keys`.
    public func latest(_ keys: [SeriesKey]) -> [(timestamp: Double, value: Double)?] {
        core.withLock { core in
            keys.map { key -> (timestamp: Double, value: Double)? in
                guard let slot = core.slotOfKey[key] else { return nil }
                let state = core.slots[Int(slot)]
                guard state.lastTimestamp.isFinite, let data = state.data else { return nil }
                return (state.lastTimestamp, Stored.decode(data[state.rawRow]))
            }
        }
    }

    /// Drops series without a sample for `reclaimAfter` seconds and frees their slots; returns
    /// how many. The agent calls this periodically (checkpoint does too).
    @discardableResult
    public func reclaimStale() -> Int {
        let now = clock()
        return core.withLock { $0.reclaimStale(now: now) }
    }

    /// Removes one series and its history now; false if there was none.
    @discardableResult
    public func remove(_ key: SeriesKey) -> Bool {
        core.withLock { core in
            guard let slot = core.slotOfKey[key] else { return false }
            let generation = core.slots[Int(slot)].generation
            core.release(slot: slot)
            core.logRelease(slot: slot, generation: generation)
            return true
        }
    }

    // MARK: - Append

    /// Appends one sample by key (resolving or creating the series). Prefer handles on hot paths.
    @discardableResult
    public func append(_ key: SeriesKey, timestamp: Double, value: Double) -> AppendOutcome {
        let now = clock()
        return core.withLock { core in
            core.allowTimestamps(upTo: now)
            guard let handle = core.handle(for: key, now: now) else {
                core.statistics.samplesRefusedOverCap &+= 1
                return .refusedOverCap
            }
            return core.append(slot: handle.slot, generation: handle.generation, timestamp: timestamp, value: value)
        }
    }

    /// Appends one sample by key with an integer timestamp (seconds since the epoch).
    @discardableResult @_disfavoredOverload
    public func append(_ key: SeriesKey, timestamp: Int64, value: Double) -> AppendOutcome {
        append(key, timestamp: Double(timestamp), value: value)
    }

    /// Appends one sample to a resolved series: the fast path.
    @discardableResult
    public func append(handle: SeriesHandle, timestamp: Double, value: Double) -> AppendOutcome {
        let now = clock()
        return core.withLock {
            $0.allowTimestamps(upTo: now)
            return $0.append(slot: handle.slot, generation: handle.generation, timestamp: timestamp, value: value) }
    }

    /// Appends many samples addressed by key under one lock.
    @discardableResult
    public func append(_ samples: [Sample]) -> BatchOutcome {
        let now = clock()
        return core.withLock { core in
            core.allowTimestamps(upTo: now)
            var outcome = BatchOutcome()
            for sample in samples {
                guard let handle = core.handle(for: sample.key, now: now) else {
                    core.statistics.samplesRefusedOverCap &+= 1
                    outcome.count(.refusedOverCap)
                    continue
                }
                outcome.count(core.append(slot: handle.slot, generation: handle.generation, timestamp: sample.timestamp, value: sample.value))
            }
            core.note(&outcome, now: now)
            return outcome
        }
    }

    /// Appends many samples addressed by handle under one lock: the fastest path.
    @discardableResult
    public func append(_ samples: [HandleSample]) -> BatchOutcome {
        samples.withUnsafeBufferPointer { append($0) }
    }

    /// Appends many samples addressed by handle under one lock, from a buffer.
    @discardableResult
    public func append(_ samples: UnsafeBufferPointer<HandleSample>) -> BatchOutcome {
        let now = clock()
        return core.withLock { core in
            core.allowTimestamps(upTo: now)
            var accepted = 0
            var outcome = BatchOutcome()
            for sample in samples {
                let result = core.append(slot: sample.handle.slot, generation: sample.handle.generation, timestamp: sample.timestamp, value: sample.value)
                if result == .accepted { accepted += 1 } else { outcome.count(result) }
            }
            outcome.accepted = accepted
            core.note(&outcome, now: now)
            return outcome
        }
    }

    /// Appends one poll's values (all with the same timestamp) to many series under one lock.
    @discardableResult
    public func append(timestamp: Double, handles: [SeriesHandle], values: [Double]) -> BatchOutcome {
        let now = clock()
        return core.withLock { core in
            core.allowTimestamps(upTo: now)
            var outcome = BatchOutcome()
            for (handle, value) in zip(handles, values) {
                outcome.count(core.append(slot: handle.slot, generation: handle.generation, timestamp: timestamp, value: value))
            }
            core.note(&outcome, now: now)
            return outcome
        }
    }

    // MARK: - Statistics

    /// How many seconds the store's newest sample lies ahead of its clock while batches (polls)
    /// are refused for it: the wall clock ran ahead and was set back, and each series refuses
    /// samples until the clock passes its newest one. 0 otherwise, and again as soon as a
    /// batch's samples are taken.
    public var newestSampleAhead: Double {
        let now = clock()
        return core.withLock { $0.refusingAhead ? max(0, $0.latestTimestamp - now) : 0 }
    }

    /// Counters and gauges for the agent's metrics.
    public var statistics: StoreStatistics {
        let now = clock()
        return core.withLock { core in
            var statistics = core.currentStatistics
            statistics.seriesCount = core.seriesCount
            statistics.bytesAllocated = core.allocatedBytes
            let staleBefore = now - core.configuration.staleAfter
            var stale = 0
            for index in 0..<Int(core.nextUnused) where core.slots[index].data != nil && core.lastActivity(index) < staleBefore {
                stale += 1
            }
            statistics.staleSeries = stale
            statistics.newestSampleAheadSeconds = core.refusingAhead ? max(0, core.latestTimestamp - now) : 0
            return statistics
        }
    }
}
