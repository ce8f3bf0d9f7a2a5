/// The engine behind `TimeSeriesStore`: preallocated slot state, one allocation per series (its
/// raw ring, and the compressed rings of its consolidated tiers: `SeriesLayout`), and the
/// append path. Not thread-safe: the store keeps it inside a `Mutex`.
// @unchecked Sendable: all its state (the slot table and the memory behind its pointers) is
// behind a lock. `TimeSeriesStore` keeps it in its `core` Mutex and touches it only inside
// `withLock`.
final class StoreCore: @unchecked Sendable {
    let configuration: StoreConfiguration
    let layouts: [TierLayout]
    /// `layouts` without arrays, for the append path.
    let hot: UnsafeMutablePointer<HotLayout>
    /// Where a series' parts lie in its allocation.
    let seriesLayout: SeriesLayout
    /// Bytes held by the compressed rings' chunks of all series.
    let chunkBytes: UnsafeMutablePointer<Int>
    /// Room to decode one chunk while reading.
    let decoded: UnsafeMutablePointer<UInt64>
    let rawStep: Double
    let capacity: Int

    /// Slot states, `capacity` of them, each followed by its coarse tier states in one
    /// 64-byte-aligned record (so the append path's state of a series shares cache lines).
    let slots: SlotTable
    let coarseCount: Int

    /// Key of each used slot.
    var keys: [SeriesKey?]
    var slotOfKey: [SeriesKey: Int32] = [:]
    /// The used slots of each metric name, so that selecting one metric's series does not scan every key.
    var slotsOfName: [String: Set<Int32>] = [:]
    /// Slots never used are `nextUnused...`; freed slots are in `freed`.
    var nextUnused: Int32 = 0
    var freed: [Int32] = []
    /// Counters and the change log of the append path, behind a pointer so that updating them
    /// needs no exclusivity checks.
    let hotState: UnsafeMutablePointer<HotState>

    /// Newest timestamp of any accepted sample.
    var latestTimestamp: Double {
        get { hotState.pointee.latest }
        set { hotState.pointee.latest = newValue }
    }

    var statistics = StoreStatistics()
    /// Whether the last telling batch (a poll) was mostly refused as out of order while the
    /// newest sample lay ahead of the clock: the wall clock was set back after running ahead.
    var refusingAhead = false

    /// Notes what became of one batch: mostly refused as out of order with the newest sample
    /// ahead of `now` sets `refusingAhead`; a batch with samples taken otherwise clears it.
    /// The batch that changes it says so in `outcome`.
    func note(_ outcome: inout BatchOutcome, now: Double) {
        let total = outcome.accepted + outcome.outOfOrder + outcome.refusedOverCap + outcome.invalid + outcome.staleHandle
        if outcome.outOfOrder * 2 > total, latestTimestamp > now {
            if !refusingAhead { outcome.startedRefusingAhead = latestTimestamp - now }
            refusingAhead = true
        } else if outcome.accepted > 0 {
            outcome.stoppedRefusingAhead = refusingAhead
            refusingAhead = false
        }
    }
    /// Keys already counted as refused over the cap (bounded, so refusals cannot grow memory).
    var refusedKeys: Set<SeriesKey> = []

    /// Whether changes are being logged (a persistent store whose log is trusted).
    var logging: Bool {
        get { hotState.pointee.logging }
        set {
            hotState.pointee.logging = newValue
            if !newValue { hotState.pointee.clearLog() }
        }
    }

    /// Takes the changes logged since the last call and starts a new log; nil if logging was
    /// off (then the caller must write a full snapshot). Logging is on afterwards.
    func takeLog() -> ChangeLog? {
        let wasLogging = hotState.pointee.logging
        let taken = hotState.pointee.fullChunks + [hotState.pointee.log]
        hotState.pointee.fullChunks = []
        hotState.pointee.fullChunkBytes = 0
        hotState.pointee.log = ByteWriter(capacity: HotState.chunkSize)
        hotState.pointee.logging = true
        guard wasLogging else {
            for chunk in taken { chunk.free() }
            return nil
        }
        return ChangeLog(taking: taken)
    }

    init(configuration: StoreConfiguration, logging: Bool) {
        self.configuration = configuration
        let rawStepSeconds = configuration.tiers[0].step
        var layouts: [TierLayout] = []
        var ring = 0
        var chunk = 0
        for (index, tier) in configuration.tiers.enumerated() {
            let layout = TierLayout(tier: tier, rawStep: rawStepSeconds, xFilesFactor: configuration.xFilesFactor,
                                    firstRing: index == 0 ? -1 : ring, firstChunk: index == 0 ? 0 : chunk,
                                    rateScales: configuration.rateScales)
            if index > 0 {
                ring += tier.functions.count
                chunk += tier.functions.count * layout.geometry.chunkCount
            }
            layouts.append(layout)
        }
        self.layouts = layouts
        seriesLayout = SeriesLayout(layouts: layouts)
        chunkBytes = .allocate(capacity: 1)
        chunkBytes.initialize(to: 0)
        decoded = .allocate(capacity: layouts.dropFirst().map(\.geometry.chunkRows).max() ?? 1)
        hot = .allocate(capacity: layouts.count)
        hot.initialize(from: layouts.enumerated().map { HotLayout($0.element, parentStep: $0.offset == 0 ? $0.element.step : layouts[$0.offset - 1].step) }, count: layouts.count)
        rawStep = Double(rawStepSeconds)
        capacity = configuration.maxSeries
        coarseCount = layouts.count - 1
        slots = SlotTable(capacity: max(1, capacity), coarseCount: layouts.count - 1)
        keys = Array(repeating: nil, count: capacity)
        hotState = .allocate(capacity: 1)
        hotState.initialize(to: HotState(maxLogBytes: configuration.maxPendingLogBytes))
        hotState.pointee.logging = logging
        statistics.maxSeries = capacity
        statistics.bytesPerSeries = configuration.bytesPerSeries
    }

    deinit {
        for index in 0..<Int(nextUnused) {
            if let data = slots[index].data { freeSeries(data) }
        }
        chunkBytes.deallocate()
        decoded.deallocate()
        slots.deallocate()
        hot.deinitialize(count: layouts.count)
        hot.deallocate()
        hotState.pointee.clearLog()
        hotState.pointee.log.free()
        hotState.deinitialize(count: 1)
        hotState.deallocate()
    }

    var seriesCount: Int { slotOfKey.count }

    /// Frees a series' allocation and its compressed streams.
    func freeSeries(_ data: UnsafeMutablePointer<UInt64>) {
        seriesLayout.freeStreams(data, allocated: chunkBytes)
        Stored.free(data)
    }

    /// Bytes allocated for series: their allocations and their compressed streams.
    var allocatedBytes: Int { seriesCount * seriesLayout.totalBytes + chunkBytes.pointee }

    /// The state of coarse tier `tier + 1` (0-based among the coarse tiers) of a slot.
    @inline(__always) func tierState(_ slot: Int, _ tier: Int) -> UnsafeMutablePointer<TierState> {
        slots.tierState(slot, tier)
    }

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
        guard slots[Int(slot)].data != nil else {
            freed.append(slot)  // out of memory: refuse rather than hand out a dead handle
            return nil
        }
        if logging {
            makeLogRoom(64 + key.name.utf8.count + key.labels.reduce(0) { $0 + 8 + $1.name.utf8.count + $1.value.utf8.count })
            hotState.pointee.log.appendRegister(slot: slot, generation: slots[Int(slot)].generation, createdAt: now, key: key)
        }
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
        // Zeroed memory is all unknown; the kernel commits pages as rows are written.
        guard let data = Stored.allocate(bytes: seriesLayout.totalBytes) else { return }
        var state = SlotState()
        state.data = data
        state.generation = generation
        state.createdAt = now
        slots[index] = state
        for tier in 0..<coarseCount { tierState(index, tier).pointee = TierState() }
        keys[index] = key
        slotOfKey[key] = slot
        slotsOfName[key.name, default: []].insert(slot)
    }

    /// Frees a slot: its history is dropped and handles to it go stale.
    func release(slot: Int32) {
        let index = Int(slot)
        guard let data = slots[index].data, let key = keys[index] else { return }
        freeSeries(data)
        let generation = slots[index].generation &+ 1
        slots[index] = SlotState()
        slots[index].generation = generation
        keys[index] = nil
        slotOfKey[key] = nil
        if slotsOfName[key.name]?.remove(slot) != nil, slotsOfName[key.name]?.isEmpty == true { slotsOfName[key.name] = nil }
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
            logRelease(slot: Int32(index), generation: generation)
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
        let hotState = self.hotState
        guard state.pointee.generation == generation, let data = state.pointee.data else { return .staleHandle }
        guard timestamp > state.pointee.lastTimestamp else {
            hotState.pointee.outOfOrder &+= 1
            return .outOfOrder
        }
        // Timestamps from 1970 to year ~318,000; values finite or NaN (unknown).
        guard timestamp >= 0, timestamp <= hotState.pointee.futureLimit, timestamp < 1e13, !value.isInfinite else {
            hotState.pointee.invalid &+= 1
            return .invalid
        }
        state.pointee.lastTimestamp = timestamp
        if timestamp > hotState.pointee.latest { hotState.pointee.latest = timestamp }
        let bucket = Int64((timestamp / rawStep).rounded(.down))
        if bucket != state.pointee.rawBucket {
            advanceRaw(state, data: data, slot: Int(slot), to: bucket)
        }
        if !value.isNaN && state.pointee.rawCount < Int32.max {
            state.pointee.rawSum += value
            state.pointee.rawCount &+= 1
            data[state.pointee.rawRow] = Stored.encode(state.pointee.rawSum / Double(state.pointee.rawCount))
        }
        hotState.pointee.accepted &+= 1
        if hotState.pointee.logging {
            if hotState.pointee.log.count &+ 21 > hotState.pointee.log.capacity { makeLogRoom(21) }
            hotState.pointee.log.appendSample(slot: slot, timestamp: timestamp, value: value)
        }
        return .accepted
    }

    /// Closes the raw bucket being filled (feeding its primary value to the first coarse
    /// tier), marks skipped buckets unknown, and opens `bucket`.
    @inline(never)
    func advanceRaw(_ state: UnsafeMutablePointer<SlotState>, data: UnsafeMutablePointer<UInt64>, slot: Int, to bucket: Int64) {
        let raw = hot.pointee
        let old = state.pointee.rawBucket
        if old != SlotState.none {
            if coarseCount > 0 {
                let count = state.pointee.rawCount
                let primary = count > 0 ? state.pointee.rawSum / Double(count) : 0
                let known: Int32 = count > 0 ? 1 : 0
                let layout = hot + 1
                feed(slot: slot, tier: 1, layout: layout, data: data, bucket: old / layout.pointee.parentRatio,
                     sum: primary, known: known, minimum: primary, maximum: primary, last: primary)
            }
            if bucket &- old > 1 {
                fillUnknown(data, rows: raw.rows, from: old &+ 1, to: bucket &- 1)
            }
        }
        let row = raw.row(bucket)
        data[row] = 0  // unknown
        state.pointee.rawBucket = bucket
        state.pointee.rawRow = row
        state.pointee.rawSum = 0
        state.pointee.rawCount = 0
    }

    /// Adds consolidated data (`known` primary values with this sum/min/max/last) belonging to
    /// `bucket` of coarse tier `tier`, finalizing the tier's previous bucket when it changes.
    /// Each tier is fed by the one below it, so consolidating from the tier below equals
    /// consolidating the primary values directly.
    @inline(__always)
    func feed(slot: Int, tier: Int, layout: UnsafeMutablePointer<HotLayout>, data: UnsafeMutablePointer<UInt64>, bucket: Int64,
              sum: Double, known: Int32, minimum: Double, maximum: Double, last: Double) {
        let tierState = self.tierState(slot, tier &- 1)
        if bucket != tierState.pointee.bucket {
            if tierState.pointee.bucket != SlotState.none {
                finalize(slot: slot, tier: tier, tierState, layout: layout, data: data)
            }
            tierState.pointee.bucket = bucket
            tierState.pointee.sum = 0
            tierState.pointee.known = 0
            tierState.pointee.minimum = .infinity
            tierState.pointee.maximum = -.infinity
            tierState.pointee.last = .nan
        }
        if known > 0 {
            tierState.pointee.sum += sum
            tierState.pointee.known &+= known
            if minimum < tierState.pointee.minimum { tierState.pointee.minimum = minimum }
            if maximum > tierState.pointee.maximum { tierState.pointee.maximum = maximum }
            tierState.pointee.last = last
        }
    }

    /// Writes the consolidated row of the tier's current bucket (unknown below the xfiles
    /// factor) into the tier's compressed rings (which mark buckets skipped since the last
    /// written one unknown), and passes the bucket's data on to the next tier.
    @inline(never)
    func finalize(slot: Int, tier: Int, _ tierState: UnsafeMutablePointer<TierState>, layout pointer: UnsafeMutablePointer<HotLayout>, data: UnsafeMutablePointer<UInt64>) {
        let layout = pointer.pointee
        let bucket = tierState.pointee.bucket
        let state = tierState.pointee
        let known = state.known >= layout.minKnown
        let headers = seriesLayout.headers(data) + layout.firstRing
        let chunks = seriesLayout.chunks(data) + layout.firstChunk
        let chunkCount = layout.geometry.chunkCount
        func put(_ index: Int, _ value: Double) {
            ChunkRing.append(headers + index, chunks + index &* chunkCount, layout.geometry, bucket: bucket,
                             bits: known ? Stored.encode(value) : 0, allocated: chunkBytes)
        }
        if layout.averageIndex >= 0 { put(layout.averageIndex, state.sum / Double(state.known)) }
        if layout.minimumIndex >= 0 { put(layout.minimumIndex, state.minimum) }
        if layout.maximumIndex >= 0 { put(layout.maximumIndex, state.maximum) }
        if layout.lastIndex >= 0 { put(layout.lastIndex, state.last) }
        tierState.pointee.lastWritten = bucket
        if tier < coarseCount {
            let next = pointer + 1
            feed(slot: slot, tier: tier + 1, layout: next, data: data, bucket: bucket / next.pointee.parentRatio,
                 sum: state.sum, known: state.known, minimum: state.minimum, maximum: state.maximum, last: state.last)
        }
    }

    /// Sets the rows of buckets `from...to` of one ring to unknown.
    func fillUnknown(_ ring: UnsafeMutablePointer<UInt64>, rows: Int64, from: Int64, to: Int64) {
        guard to >= from else { return }
        let count = to - from + 1
        if count >= rows {
            ring.update(repeating: 0, count: Int(rows))
            return
        }
        let start = Int(from % rows)
        let first = min(Int(count), Int(rows) - start)
        (ring + start).update(repeating: 0, count: first)
        if first < Int(count) {
            ring.update(repeating: 0, count: Int(count) - first)
        }
    }

    /// Sets the newest timestamp appends accept: `now` plus the allowed skew.
    @inline(__always) func allowTimestamps(upTo now: Double) {
        hotState.pointee.futureLimit = now + configuration.maxFutureSkew
    }

    /// Stops logging because the pending log outgrew its limit (checkpoints keep failing); the
    /// next checkpoint writes a full snapshot.
    @inline(never)
    func dropLog() {
        hotState.pointee.droppedLogBytes &+= UInt64(hotState.pointee.logBytes)
        logging = false
    }

    /// Starts a new log chunk if the current one cannot take `bytes` more; drops the log if
    /// it has outgrown `maxPendingLogBytes`.
    @inline(never)
    func makeLogRoom(_ bytes: Int) {
        guard hotState.pointee.log.count + bytes > hotState.pointee.log.capacity, hotState.pointee.log.count > 0 else { return }
        let full = hotState.pointee.log
        hotState.pointee.fullChunks.append(full)
        hotState.pointee.fullChunkBytes += full.count
        hotState.pointee.log = ByteWriter(capacity: HotState.chunkSize)
        if hotState.pointee.fullChunkBytes > hotState.pointee.maxLogBytes { dropLog() }
    }

    /// Logs that a slot was released.
    func logRelease(slot: Int32, generation: UInt32) {
        guard logging else { return }
        makeLogRoom(16)
        hotState.pointee.log.appendRelease(slot: slot, generation: generation)
    }

    /// The statistics with the append path's counters folded in.
    var currentStatistics: StoreStatistics {
        var result = statistics
        result.samplesAccepted = hotState.pointee.accepted
        result.samplesOutOfOrder = hotState.pointee.outOfOrder
        result.samplesInvalid = hotState.pointee.invalid
        result.pendingLogBytesDropped = hotState.pointee.droppedLogBytes
        return result
    }

    // MARK: - Reading

    /// The newest bucket whose row is valid in tier `tier` of a slot, or `none`.
    func newestBucket(slot: Int, tier: Int) -> Int64 {
        tier == 0 ? slots[slot].rawBucket : tierState(slot, tier - 1).pointee.lastWritten
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
        let newest = newestBucket(slot: slot, tier: tier)
        let oldest = newest == SlotState.none ? Int64.max : newest - layout.rows + 1
        let geometry = layout.geometry
        let header = seriesLayout.headers(data) + max(0, layout.firstRing) + functionIndex
        let chunks = seriesLayout.chunks(data) + layout.firstChunk + functionIndex * geometry.chunkCount
        var decodedChunk = -1
        var bucket = first
        var index = 0
        while index < count {
            if bucket < oldest || bucket > newest {
                base[index] = .nan
                bucket += 1
                index += 1
                continue
            }
            // Copy a run inside the window without wrapping (and, for a compressed ring,
            // inside one chunk).
            let run = Int(min(last, newest) - bucket + 1)
            let source: UnsafeMutablePointer<UInt64>
            let length: Int
            if tier == 0 {
                let row = layout.row(bucket)
                length = min(run, Int(layout.rows) - row, count - index)
                source = data + row
            } else {
                let row = Int(bucket % geometry.physicalRows)
                let chunk = row / geometry.chunkRows
                if chunk != decodedChunk {
                    ChunkRing.decode(header, chunks, geometry, chunk: chunk, into: decoded)
                    decodedChunk = chunk
                }
                let offset = row % geometry.chunkRows
                length = min(run, geometry.chunkRows - offset, count - index)
                source = decoded + offset
            }
            let target = base + index
            for offset in 0..<length { target[offset] = Stored.decode(source[offset]) }
            bucket += Int64(length)
            index += length
        }
    }

    /// Writes `value` for `bucket` of coarse ring `index` (of tier `tier`) of a series; buckets
    /// must come in increasing order (skipped ones become unknown).
    func write(data: UnsafeMutablePointer<UInt64>, tier: Int, ring index: Int, bucket: Int64, value: Double) {
        let layout = layouts[tier]
        ChunkRing.append(seriesLayout.headers(data) + layout.firstRing + index,
                         seriesLayout.chunks(data) + layout.firstChunk + index * layout.geometry.chunkCount,
                         layout.geometry, bucket: bucket, bits: Stored.encode(value), allocated: chunkBytes)
    }
}
