/// The engine behind `TimeSeriesStore`: preallocated slot state, one contiguous slab of values
/// per series, and the append path. Not thread-safe: the store keeps it inside a `Mutex`.
final class StoreCore: @unchecked Sendable {  // only touched inside the store's core mutex
    let configuration: StoreConfiguration
    let layouts: [TierLayout]
    let valuesPerSeries: Int
    let rawStep: Double
    let capacity: Int

    /// Slot states, `capacity` of them.
    let slots: UnsafeMutablePointer<SlotState>
    /// Coarse tier states, `capacity × (tiers - 1)` of them.
    let tierStates: UnsafeMutablePointer<TierState>
    let coarseCount: Int

    /// Key of each used slot.
    var keys: [SeriesKey?]
    var slotOfKey: [SeriesKey: Int32] = [:]
    /// Slots never used are `nextUnused...`; freed slots are in `freed`.
    var nextUnused: Int32 = 0
    var freed: [Int32] = []
    /// Newest timestamp of any accepted sample.
    var latestTimestamp: Double = -.infinity

    var statistics = StoreStatistics()
    /// Keys already counted as refused over the cap (bounded, so refusals cannot grow memory).
    var refusedKeys: Set<SeriesKey> = []

    /// Change log since the last checkpoint; nil for a memory-only store or while logging is off.
    var log: ChangeLog?

    init(configuration: StoreConfiguration, logging: Bool) {
        self.configuration = configuration
        let rawStepSeconds = configuration.tiers[0].step
        var layouts: [TierLayout] = []
        var offset = 0
        for tier in configuration.tiers {
            let layout = TierLayout(tier: tier, rawStep: rawStepSeconds, xFilesFactor: configuration.xFilesFactor, firstOffset: offset)
            offset += tier.rows * tier.functions.count
            layouts.append(layout)
        }
        self.layouts = layouts
        valuesPerSeries = offset
        rawStep = Double(rawStepSeconds)
        capacity = configuration.maxSeries
        coarseCount = layouts.count - 1
        slots = .allocate(capacity: max(1, capacity))
        slots.initialize(repeating: SlotState(), count: max(1, capacity))
        tierStates = .allocate(capacity: max(1, capacity * coarseCount))
        tierStates.initialize(repeating: TierState(), count: max(1, capacity * coarseCount))
        keys = Array(repeating: nil, count: capacity)
        log = logging ? ChangeLog() : nil
        statistics.maxSeries = capacity
        statistics.bytesPerSeries = configuration.bytesPerSeries
    }

    deinit {
        for index in 0..<Int(nextUnused) {
            slots[index].data?.deallocate()
        }
        slots.deinitialize(count: max(1, capacity))
        slots.deallocate()
        tierStates.deinitialize(count: max(1, capacity * coarseCount))
        tierStates.deallocate()
    }

    var seriesCount: Int { slotOfKey.count }

    // MARK: - Series

    /// The handle of `key`, creating the series if there is room; nil if refused over the cap.
    func handle(for key: SeriesKey, now: Double) -> SeriesHandle? {
        if let slot = slotOfKey[key] {
            return SeriesHandle(slot: slot, generation: slots[Int(slot)].generation)
        }
        guard let slot = takeFreeSlot() else {
            if refusedKeys.count < 100_000, refusedKeys.insert(key).inserted {
                statistics.seriesRefusedOverCap += 1
            }
            return nil
        }
        createSeries(key, slot: slot, generation: slots[Int(slot)].generation, now: now)
        log?.appendRegister(slot: slot, generation: slots[Int(slot)].generation, createdAt: now, key: key)
        return SeriesHandle(slot: slot, generation: slots[Int(slot)].generation)
    }

    func takeFreeSlot() -> Int32? {
        if let slot = freed.popLast() { return slot }
        guard Int(nextUnused) < capacity else { return nil }
        defer { nextUnused += 1 }
        return nextUnused
    }

    /// Claims a specific slot (replaying a log or loading a snapshot); false if out of range.
    func claim(slot: Int32) -> Bool {
        guard slot >= 0, Int(slot) < capacity else { return false }
        if slot >= nextUnused {
            var free = nextUnused
            while free < slot {
                freed.append(free)
                free += 1
            }
            nextUnused = slot + 1
            return true
        }
        if let index = freed.firstIndex(of: slot) {
            freed.remove(at: index)
            return true
        }
        return false
    }

    func createSeries(_ key: SeriesKey, slot: Int32, generation: UInt32, now: Double) {
        let index = Int(slot)
        let data = UnsafeMutablePointer<Double>.allocate(capacity: valuesPerSeries)
        data.initialize(repeating: .nan, count: valuesPerSeries)
        var state = SlotState()
        state.data = data
        state.generation = generation
        state.createdAt = now
        slots[index] = state
        for tier in 0..<coarseCount { tierStates[index * coarseCount + tier] = TierState() }
        keys[index] = key
        slotOfKey[key] = slot
    }

    /// Frees a slot: its history is dropped and handles to it go stale.
    func release(slot: Int32) {
        let index = Int(slot)
        guard let data = slots[index].data, let key = keys[index] else { return }
        data.deallocate()
        let generation = slots[index].generation &+ 1
        slots[index] = SlotState()
        slots[index].generation = generation
        keys[index] = nil
        slotOfKey[key] = nil
        freed.append(slot)
        refusedKeys.removeAll(keepingCapacity: true)
    }

    /// Seconds of inactivity of a slot at `now`.
    func lastActivity(_ index: Int) -> Double {
        max(slots[index].lastTimestamp, slots[index].createdAt)
    }

    /// Reclaims series without a sample for `reclaimAfter`; returns how many.
    func reclaimStale(now: Double) -> Int {
        var reclaimed = 0
        let limit = now - configuration.reclaimAfter
        for index in 0..<Int(nextUnused) where slots[index].data != nil && lastActivity(index) < limit {
            let generation = slots[index].generation
            release(slot: Int32(index))
            log?.appendRelease(slot: Int32(index), generation: generation)
            reclaimed += 1
        }
        statistics.staleSeriesReclaimed += UInt64(reclaimed)
        return reclaimed
    }

    // MARK: - Append: the hot path

    /// Appends one sample to a live handle.
    @inline(__always)
    func append(slot: Int32, generation: UInt32, timestamp: Double, value: Double) -> AppendOutcome {
        guard slot >= 0, Int(slot) < capacity else { return .staleHandle }
        let state = slots + Int(slot)
        guard state.pointee.generation == generation, let data = state.pointee.data else { return .staleHandle }
        guard timestamp > state.pointee.lastTimestamp else {
            statistics.samplesOutOfOrder &+= 1
            return .outOfOrder
        }
        // Timestamps from 1970 to year ~318,000; values finite or NaN (unknown).
        guard timestamp >= 0, timestamp < 1e13, !value.isInfinite else {
            statistics.samplesInvalid &+= 1
            return .invalid
        }
        state.pointee.lastTimestamp = timestamp
        if timestamp > latestTimestamp { latestTimestamp = timestamp }
        let bucket = Int64((timestamp / rawStep).rounded(.down))
        if bucket != state.pointee.rawBucket {
            advanceRaw(state, data: data, slot: Int(slot), to: bucket)
        }
        if !value.isNaN {
            state.pointee.rawSum += value
            state.pointee.rawCount += 1
            data[state.pointee.rawRow] = state.pointee.rawSum / Double(state.pointee.rawCount)
        }
        statistics.samplesAccepted &+= 1
        log?.appendSample(slot: slot, timestamp: timestamp, value: value)
        return .accepted
    }

    /// Closes the raw bucket being filled (feeding its primary value to the coarse tiers),
    /// marks skipped buckets unknown, and opens `bucket`.
    @inline(never)
    func advanceRaw(_ state: UnsafeMutablePointer<SlotState>, data: UnsafeMutablePointer<Double>, slot: Int, to bucket: Int64) {
        let raw = layouts[0]
        let old = state.pointee.rawBucket
        if old != SlotState.none {
            let primary = state.pointee.rawCount > 0 ? state.pointee.rawSum / Double(state.pointee.rawCount) : Double.nan
            if coarseCount > 0 {
                let base = tierStates + slot * coarseCount
                for tier in 0..<coarseCount {
                    feed(base + tier, layout: layouts[tier + 1], data: data, primaryBucket: old, value: primary)
                }
            }
            fillUnknown(data + raw.ringOffsets[0], layout: raw, from: old + 1, to: bucket - 1)
        }
        let row = raw.row(bucket)
        data[raw.ringOffsets[0] + row] = .nan
        state.pointee.rawBucket = bucket
        state.pointee.rawRow = raw.ringOffsets[0] + row
        state.pointee.rawSum = 0
        state.pointee.rawCount = 0
    }

    /// Adds one primary value (NaN = unknown) of raw bucket `primaryBucket` to a coarse tier.
    @inline(__always)
    func feed(_ tierState: UnsafeMutablePointer<TierState>, layout: TierLayout, data: UnsafeMutablePointer<Double>, primaryBucket: Int64, value: Double) {
        let bucket = primaryBucket / layout.ratio
        if bucket != tierState.pointee.bucket {
            if tierState.pointee.bucket != SlotState.none {
                finalize(tierState, layout: layout, data: data)
            }
            tierState.pointee.bucket = bucket
            tierState.pointee.sum = 0
            tierState.pointee.known = 0
            tierState.pointee.minimum = .infinity
            tierState.pointee.maximum = -.infinity
            tierState.pointee.last = .nan
        }
        if !value.isNaN {
            tierState.pointee.sum += value
            tierState.pointee.known += 1
            if value < tierState.pointee.minimum { tierState.pointee.minimum = value }
            if value > tierState.pointee.maximum { tierState.pointee.maximum = value }
            tierState.pointee.last = value
        }
    }

    /// Writes the consolidated row of the tier's current bucket (unknown below the xfiles
    /// factor), after marking buckets skipped since the last written one unknown.
    func finalize(_ tierState: UnsafeMutablePointer<TierState>, layout: TierLayout, data: UnsafeMutablePointer<Double>) {
        let bucket = tierState.pointee.bucket
        let lastWritten = tierState.pointee.lastWritten
        if lastWritten != SlotState.none {
            for offset in layout.ringOffsets {
                fillUnknown(data + offset, layout: layout, from: lastWritten + 1, to: bucket - 1)
            }
        }
        let known = tierState.pointee.known >= layout.minKnown
        let row = layout.row(bucket)
        if layout.averageOffset >= 0 {
            data[layout.averageOffset + row] = known ? tierState.pointee.sum / Double(tierState.pointee.known) : .nan
        }
        if layout.minimumOffset >= 0 { data[layout.minimumOffset + row] = known ? tierState.pointee.minimum : .nan }
        if layout.maximumOffset >= 0 { data[layout.maximumOffset + row] = known ? tierState.pointee.maximum : .nan }
        if layout.lastOffset >= 0 { data[layout.lastOffset + row] = known ? tierState.pointee.last : .nan }
        tierState.pointee.lastWritten = bucket
    }

    /// Sets the rows of buckets `from...to` of one ring to unknown.
    func fillUnknown(_ ring: UnsafeMutablePointer<Double>, layout: TierLayout, from: Int64, to: Int64) {
        guard to >= from else { return }
        let count = to - from + 1
        if count >= layout.rows {
            ring.update(repeating: .nan, count: Int(layout.rows))
            return
        }
        let start = layout.row(from)
        let first = min(Int(count), Int(layout.rows) - start)
        (ring + start).update(repeating: .nan, count: first)
        if first < Int(count) {
            ring.update(repeating: .nan, count: Int(count) - first)
        }
    }

    // MARK: - Reading

    /// The newest bucket whose row is valid in tier `tier` of a slot, or `none`.
    func newestBucket(slot: Int, tier: Int) -> Int64 {
        tier == 0 ? slots[slot].rawBucket : tierStates[slot * coarseCount + tier - 1].lastWritten
    }

    /// Copies buckets `first...last` of one ring of a slot into `output` (NaN outside the ring's window).
    func read(slot: Int, tier: Int, function: ConsolidationFunction, first: Int64, last: Int64, into output: UnsafeMutableBufferPointer<Double>) {
        let layout = layouts[tier]
        let count = min(Int(last - first + 1), output.count)
        guard let base = output.baseAddress, count > 0 else { return }
        guard let data = slots[slot].data,
              let functionIndex = tier == 0 ? 0 : layout.functions.firstIndex(of: function)
        else {
            base.update(repeating: .nan, count: count)
            return
        }
        let ring = data + layout.ringOffsets[functionIndex]
        let newest = newestBucket(slot: slot, tier: tier)
        let oldest = newest == SlotState.none ? Int64.max : newest - layout.rows + 1
        var bucket = first
        var index = 0
        while index < count {
            if bucket < oldest || bucket > newest {
                base[index] = .nan
                bucket += 1
                index += 1
                continue
            }
            // Copy a run inside the window without wrapping.
            let row = layout.row(bucket)
            let run = Int(min(last, newest) - bucket + 1)
            let length = min(run, Int(layout.rows) - row, count - index)
            (base + index).update(from: ring + row, count: length)
            bucket += Int64(length)
            index += length
        }
    }
}
