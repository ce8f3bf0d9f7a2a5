import Foundation

/// Precomputed constants of one tier. The raw tier is one plain ring at the start of a
/// series' allocation; each coarse tier keeps one compressed `ChunkRing` per function.
struct TierLayout: Sendable {
    /// Seconds per row.
    let step: Int64
    /// Rows per ring (the window a reader sees).
    let rows: Int64
    /// Raw steps per row (1 for the raw tier).
    let ratio: Int64
    /// Known primary values a row needs to count as known (the xfiles factor).
    let minKnown: Int32
    /// The consolidation functions, in ring order.
    let functions: [ConsolidationFunction]
    /// Index of the tier's first ring among all coarse rings (-1 for the raw tier).
    let firstRing: Int
    /// Index of the first chunk of the tier's first ring in a series' chunk tables (coarse tiers).
    let firstChunk: Int
    /// The shape of the tier's compressed rings (coarse tiers).
    let geometry: ChunkRing.Geometry
    /// Position among `functions` of the average/minimum/maximum/last ring, or -1.
    let averageIndex: Int, minimumIndex: Int, maximumIndex: Int, lastIndex: Int

    init(tier: Tier, rawStep: Int, xFilesFactor: Double, firstRing: Int, firstChunk: Int, rateScales: [Int] = []) {
        step = Int64(tier.step)
        rows = Int64(tier.rows)
        ratio = Int64(tier.step / rawStep)
        // Known iff unknown/ratio <= xff, i.e. known >= ratio - floor(xff * ratio); at least one.
        let allowedUnknown = Int64((xFilesFactor * Double(ratio) + 1e-9).rounded(.down))
        minKnown = Int32(max(1, ratio - allowedUnknown))
        functions = tier.functions
        self.firstRing = firstRing
        self.firstChunk = firstChunk
        geometry = ChunkRing.Geometry(rows: tier.rows, bucketScale: tier.step, sampleScale: rawStep, rateScales: rateScales)
        averageIndex = tier.functions.firstIndex(of: .average) ?? -1
        minimumIndex = tier.functions.firstIndex(of: .minimum) ?? -1
        maximumIndex = tier.functions.firstIndex(of: .maximum) ?? -1
        lastIndex = tier.functions.firstIndex(of: .last) ?? -1
    }

    /// Raw ring row of bucket `bucket` (buckets are non-negative).
    @inline(__always) func row(_ bucket: Int64) -> Int { Int(bucket % rows) }
}

/// Per-slot state of the hot path; one per possible series, preallocated.
struct SlotState {
    /// The series' allocation (`SeriesLayout`: the raw ring as `Stored` bits, then the coarse
    /// rings' headers and chunk tables; all-zero memory reads as unknown), nil when the slot is free.
    var data: UnsafeMutablePointer<UInt64>?
    /// Bumped whenever the slot is reclaimed, so old handles go stale.
    var generation: UInt32 = 0
    /// Timestamp of the last accepted sample (-infinity before the first).
    var lastTimestamp: Double = -.infinity
    /// Clock time the series was created (for staleness of a series that never got a sample).
    var createdAt: Double = 0
    /// The raw bucket being filled (also the newest written raw row); `none` before the first sample.
    var rawBucket: Int64 = SlotState.none
    /// Raw ring row of `rawBucket`.
    var rawRow: Int = 0
    /// Sum and count of the known samples in `rawBucket`.
    var rawSum: Double = 0
    var rawCount: Int32 = 0

    static let none = Int64.min
}

/// Per-slot, per-coarse-tier consolidation state.
struct TierState {
    /// The bucket being consolidated, `SlotState.none` if none yet.
    var bucket: Int64 = SlotState.none
    /// The newest bucket written into the rings, `SlotState.none` if none yet.
    var lastWritten: Int64 = SlotState.none
    var sum: Double = 0
    var minimum: Double = .infinity
    var maximum: Double = -.infinity
    var last: Double = .nan
    var known: Int32 = 0
}

/// The constants of `TierLayout` the append path needs, without arrays (so reading one costs
/// no reference counting).
struct HotLayout {
    let step: Int64
    let rows: Int64
    let ratio: Int64
    /// Steps of the tier below per step of this one (1 for the raw tier).
    let parentRatio: Int64
    let minKnown: Int32
    let firstRing: Int
    let firstChunk: Int
    let ringCount: Int
    let geometry: ChunkRing.Geometry
    let averageIndex: Int, minimumIndex: Int, maximumIndex: Int, lastIndex: Int

    init(_ layout: TierLayout, parentStep: Int64) {
        step = layout.step
        rows = layout.rows
        ratio = layout.ratio
        parentRatio = max(1, layout.step / max(1, parentStep))
        minKnown = layout.minKnown
        firstRing = layout.firstRing
        firstChunk = layout.firstChunk
        ringCount = layout.functions.count
        geometry = layout.geometry
        averageIndex = layout.averageIndex
        minimumIndex = layout.minimumIndex
        maximumIndex = layout.maximumIndex
        lastIndex = layout.lastIndex
    }

    @inline(__always) func row(_ bucket: Int64) -> Int { Int(bucket % rows) }
}

/// Counters and the change log of the append path.
struct HotState {
    var accepted: UInt64 = 0
    var outOfOrder: UInt64 = 0
    var invalid: UInt64 = 0
    var latest: Double = -.infinity
    /// Samples with later timestamps are invalid (the clock plus `maxFutureSkew`, refreshed
    /// at every public append; infinite while replaying the log).
    var futureLimit: Double = .infinity
    var logging = false
    /// The change-log chunk being filled; full chunks wait in `fullChunks` (no copying on growth).
    var log = ByteWriter(capacity: HotState.chunkSize)
    var fullChunks: [ByteWriter] = []
    var fullChunkBytes = 0
    var maxLogBytes: Int

    static let chunkSize = 1 << 20

    /// Bytes logged since the last checkpoint.
    var logBytes: Int { fullChunkBytes + log.count }

    /// Frees every chunk and starts an empty one.
    mutating func clearLog() {
        for chunk in fullChunks { chunk.free() }
        fullChunks = []
        fullChunkBytes = 0
        log.reset()
    }
    var droppedLogBytes: UInt64 = 0

    init(maxLogBytes: Int) { self.maxLogBytes = maxLogBytes }
}

/// One 64-byte-aligned record per slot: its `SlotState` in the first 64 bytes, then one
/// 64-byte line per coarse tier's `TierState`.
struct SlotTable {
    let base: UnsafeMutableRawPointer
    let recordSize: Int
    let count: Int

    static let line = 64

    init(capacity: Int, coarseCount: Int) {
        precondition(MemoryLayout<SlotState>.size <= Self.line && MemoryLayout<TierState>.size <= Self.line)
        count = capacity
        recordSize = Self.line * (1 + coarseCount)
        base = .allocate(byteCount: capacity * recordSize, alignment: 128)
        for index in 0..<capacity {
            (base + index * recordSize).initializeMemory(as: SlotState.self, to: SlotState())
            for tier in 0..<coarseCount {
                (base + index * recordSize + Self.line * (tier + 1)).initializeMemory(as: TierState.self, to: TierState())
            }
        }
    }

    func deallocate() { base.deallocate() }

    @inline(__always) static func + (table: SlotTable, index: Int) -> UnsafeMutablePointer<SlotState> {
        let offset: Int = index &* table.recordSize
        return (table.base + offset).assumingMemoryBound(to: SlotState.self)
    }

    @inline(__always) func tierState(_ index: Int, _ tier: Int) -> UnsafeMutablePointer<TierState> {
        let offset: Int = index &* recordSize &+ Self.line &* (tier &+ 1)
        return (base + offset).assumingMemoryBound(to: TierState.self)
    }

    subscript(index: Int) -> SlotState {
        @inline(__always) get { (self + index).pointee }
        @inline(__always) nonmutating set { (self + index).pointee = newValue }
    }
}

/// How ring values are kept in memory: the bits of the Float64 XOR the bits of the canonical
/// NaN, so that zeroed memory (fresh from the kernel, untouched and costing nothing) reads as
/// unknown and marking rows unknown is a memset. Files hold plain Float64.
enum Stored {
    static let unknownBits: UInt64 = Double.nan.bitPattern

    @inline(__always) static func encode(_ value: Double) -> UInt64 { value.bitPattern ^ unknownBits }
    @inline(__always) static func decode(_ bits: UInt64) -> Double { Double(bitPattern: bits ^ unknownBits) }

    /// Zero-filled storage of `bytes` (all unknown), pages committed only when written.
    static func allocate(bytes: Int) -> UnsafeMutablePointer<UInt64>? {
        calloc(max(1, (bytes + 7) / 8), 8)?.assumingMemoryBound(to: UInt64.self)
    }

    static func free(_ pointer: UnsafeMutablePointer<UInt64>) {
        Foundation.free(pointer)
    }
}
