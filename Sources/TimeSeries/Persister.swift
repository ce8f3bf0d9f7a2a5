public import Foundation

/// The state directory: a full snapshot plus a change log appended at each checkpoint.
///
/// - `snapshot.tsdb`: a header block, per series a series block and one ring block per ring,
///   a trailer. Written as `snapshot.tsdb.tmp`, fsynced, renamed, directory fsynced.
/// - `wal-<generation>.log`: change blocks appended and fsynced after the snapshot of that
///   generation started. Loading replays them over the snapshot; replaying a change already
///   in the snapshot is harmless.
// @unchecked Sendable: all its mutable state is behind a lock. `TimeSeriesStore` keeps it in
// its `persister` Mutex and touches it only inside `withLock`.
final class Persister: @unchecked Sendable {
    let directory: String
    let configuration: StoreConfiguration
    /// Generation of the current snapshot (0 = none yet).
    var generation: UInt64 = 0
    var snapshotBytes = 0
    var logBytes = 0
    /// Whether the next checkpoint must write a full snapshot (no snapshot yet, a damaged or
    /// failed log, or a change log that was dropped).
    var needsSnapshot = true

    static let snapshotName = "snapshot.tsdb"
    /// The format snapshots are written in: 2 = raw ring as one `XorCodec` stream, coarse
    /// rings as compressed `ChunkRing`s; 3 = the same, where a stream may also be a
    /// `ScaledCodec` stream (first byte 0xFF, which no format-2 stream starts with). Formats 1
    /// (every ring as plain Float64 rows) and 2 are read and migrated: the next checkpoint
    /// writes a format-3 snapshot.
    static let formatVersion = 3
    static let readableFormats = 1...3
    /// Bytes of a file read between two releases of the pages behind the reader.
    static let readWindow = 32 << 20

    var snapshotPath: String { directory + "/" + Self.snapshotName }
    func logPath(_ generation: UInt64) -> String { directory + "/wal-\(generation).log" }

    /// The open `lock` file whose POSIX lock keeps other processes out of the directory.
    private var lockDescriptor: Int32 = -1

    init(directory: URL, configuration: StoreConfiguration) throws {
        self.directory = directory.path
        self.configuration = configuration
        try FileIO.makeDirectory(self.directory)
        lockDescriptor = try FileIO.lockExclusively(self.directory + "/lock")
    }

    deinit {
        if lockDescriptor >= 0 { FileIO.closeDescriptor(lockDescriptor) }
    }

    /// What the file header records.
    struct Header: Codable {
        var format: Int
        var generation: UInt64
        var tiers: [Tier]
    }

    // MARK: - Load

    /// Loads the snapshot and replays the logs of its generation and later into `core`. A
    /// snapshot written with other tiers is loaded with those and carried over into `core`'s
    /// tiers (see `StoreCore.adopt`); the next checkpoint then writes a full snapshot.
    func load(into core: StoreCore) throws {
        let wasLogging = core.logging
        core.logging = false
        core.hotState.pointee.futureLimit = .infinity
        defer { core.logging = wasLogging }
        var lost = 0
        var target = core
        var migratingFrom: StoreCore?
        if FileIO.fileSize(snapshotPath) != nil {
            let format = try FileIO.withMappedFile(snapshotPath) { bytes in
                let header = try readHeader(bytes)
                generation = header.generation
                if !Self.sameShape(header.tiers, configuration.tiers) {
                    var old = configuration
                    old.tiers = header.tiers
                    old.maxSeries = max(configuration.maxSeries, Self.countSeries(bytes))
                    do {
                        try old.validate()
                    } catch {
                        throw StoreError.incompatibleState(path: snapshotPath, reason: "its tiers \(Self.describe(header.tiers)) cannot be read: \(error)")
                    }
                    let oldCore = StoreCore(configuration: old, logging: false)
                    oldCore.hotState.pointee.futureLimit = .infinity
                    target = oldCore
                    migratingFrom = oldCore
                }
                try restoreSnapshot(bytes, into: target, lost: &lost)
                return header.format
            }
            snapshotBytes = FileIO.fileSize(snapshotPath) ?? 0
            needsSnapshot = format != Self.formatVersion
            if format != Self.formatVersion { core.statistics.migratedFromFormat = format }
        }
        // Logs: replay those of this generation or later, in order; drop older ones.
        var logs: [(UInt64, String)] = []
        for name in try FileIO.list(directory) where name.hasPrefix("wal-") && name.hasSuffix(".log") {
            guard let number = UInt64(name.dropFirst(4).dropLast(4)) else { continue }
            if number < generation {
                FileIO.remove(directory + "/" + name)
            } else {
                logs.append((number, directory + "/" + name))
            }
        }
        logs.sort { $0.0 < $1.0 }
        for (number, path) in logs {
            try FileIO.withMappedFile(path) { bytes in
                var dropped = 0
                let scan = BlockFormat.scan(bytes) { block in
                    if block.kind == BlockFormat.Kind.changes.rawValue, !replay(block.payload, into: target) { lost += 1 }
                    if block.end - dropped >= Self.readWindow { dropped = FileIO.dropPages(bytes, from: dropped, upTo: block.end) }
                }
                FileIO.dropPages(bytes, from: dropped, upTo: bytes.count)
                lost += scan.damaged
                if number == generation && !scan.damageInMiddle && logs.count == 1 {
                    // Keep appending to this log, after cutting off a torn tail.
                    if scan.goodEnd < bytes.count { try FileIO.truncate(path, to: scan.goodEnd) }
                    logBytes = scan.goodEnd
                } else if scan.damaged > 0 || number != generation {
                    needsSnapshot = true
                }
            }
            if number > generation { needsSnapshot = true }
        }
        if logs.isEmpty { logBytes = 0 }
        if let old = migratingFrom {
            let refused = core.adopt(from: old)
            core.statistics.seriesRefusedOverCap += UInt64(refused)
            core.statistics.migratedFromTiers = Self.describe(old.configuration.tiers)
            needsSnapshot = true
        }
        core.statistics.blocksLostOnLoad = lost
        core.statistics.snapshotBytes = snapshotBytes
        core.statistics.logBytes = logBytes
    }

    /// The snapshot's header (or, if that block is damaged, its trailer): the header is looked
    /// for in the first MiB, the trailer (rarely needed) by walking the whole file.
    func readHeader(_ bytes: UnsafeRawBufferPointer) throws -> Header {
        var found: Header?
        var unsupported: Int?
        func consider(_ block: BlockFormat.Block) {
            guard found == nil, unsupported == nil,
                  block.kind == BlockFormat.Kind.fileHeader.rawValue || block.kind == BlockFormat.Kind.fileTrailer.rawValue,
                  let header = try? JSONDecoder().decode(Header.self, from: Data(block.payload))
            else { return }
            if Self.readableFormats.contains(header.format) { found = header } else { unsupported = header.format }
        }
        _ = BlockFormat.scan(UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, 1 << 20)])) { consider($0) }
        if found == nil && unsupported == nil {
            var dropped = 0
            _ = BlockFormat.scan(bytes) { block in
                consider(block)
                if block.end - dropped >= Self.readWindow { dropped = FileIO.dropPages(bytes, from: dropped, upTo: block.end) }
            }
            FileIO.dropPages(bytes, from: dropped, upTo: bytes.count)
        }
        if let unsupported {
            throw StoreError.incompatibleState(path: snapshotPath, reason: "snapshot format \(unsupported) is not one of the supported \(Self.readableFormats.map(String.init).joined(separator: ", "))")
        }
        guard let found else {
            throw StoreError.incompatibleState(path: snapshotPath, reason: "neither the header nor the trailer block of the snapshot is intact; move the file away to start afresh")
        }
        return found
    }

    /// Series blocks in a snapshot (to size a core for a snapshot of other tiers).
    static func countSeries(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var dropped = 0
        _ = BlockFormat.scan(bytes) { block in
            if block.kind == BlockFormat.Kind.series.rawValue { count += 1 }
            if block.end - dropped >= readWindow { dropped = FileIO.dropPages(bytes, from: dropped, upTo: block.end) }
        }
        FileIO.dropPages(bytes, from: dropped, upTo: bytes.count)
        return count
    }

    /// Restores every series of a snapshot (format 1 or 2) into `core`, walking the file once
    /// and releasing the pages behind it, so that a restart never holds the whole file.
    func restoreSnapshot(_ bytes: UnsafeRawBufferPointer, into core: StoreCore, lost: inout Int) throws {
        var currentSlot: Int32 = -1
        var currentGeneration: UInt32 = 0
        var damaged = 0
        let unpacked = UnsafeMutablePointer<UInt64>.allocate(capacity: core.seriesLayout.rawRows)
        defer { unpacked.deallocate() }
        var dropped = 0
        let scan = BlockFormat.scan(bytes) { block in
            defer {
                if block.end - dropped >= Self.readWindow { dropped = FileIO.dropPages(bytes, from: dropped, upTo: block.end) }
            }
            var reader = ByteReader(block.payload)
            switch block.kind {
            case BlockFormat.Kind.series.rawValue:
                currentSlot = -1
                guard let (slot, generation) = try? restoreSeries(&reader, into: core) else {
                    damaged += 1
                    return
                }
                currentSlot = slot
                currentGeneration = generation
            case BlockFormat.Kind.ring.rawValue, BlockFormat.Kind.compressedRing.rawValue, BlockFormat.Kind.packedRawRing.rawValue:
                guard let slot = try? reader.read(Int32.self), let generation = try? reader.read(UInt32.self),
                      let ringIndex = try? reader.read(UInt32.self),
                      slot == currentSlot, generation == currentGeneration, let data = core.slots[Int(slot)].data
                else {
                    damaged += 1
                    return
                }
                let restored: Bool
                switch block.kind {
                case BlockFormat.Kind.ring.rawValue:
                    restored = Self.restorePlainRing(&reader, ring: Int(ringIndex), slot: Int(slot), data: data, into: core)
                case BlockFormat.Kind.compressedRing.rawValue:
                    restored = Self.restoreCompressedRing(&reader, ring: Int(ringIndex), data: data, into: core)
                default:
                    restored = ringIndex == 0 && Self.restorePackedRawRing(&reader, data: data, scratch: unpacked, into: core)
                }
                if !restored { damaged += 1 }
            default:
                return
            }
        }
        FileIO.dropPages(bytes, from: dropped, upTo: bytes.count)
        lost += scan.damaged + damaged
    }

    /// Reads one series block and creates the series with its state; returns its slot and generation.
    func restoreSeries(_ reader: inout ByteReader, into core: StoreCore) throws -> (Int32, UInt32) {
        let slot = try reader.read(Int32.self)
        let generation = try reader.read(UInt32.self)
        var state = SlotState()
        state.createdAt = try reader.readDouble()
        state.lastTimestamp = try reader.readDouble()
        state.rawBucket = Int64(bitPattern: try reader.read(UInt64.self))
        state.rawSum = try reader.readDouble()
        state.rawCount = try reader.read(Int32.self)
        var tiers: [TierState] = []
        for _ in 0..<core.coarseCount {
            var tier = TierState()
            tier.bucket = Int64(bitPattern: try reader.read(UInt64.self))
            tier.lastWritten = Int64(bitPattern: try reader.read(UInt64.self))
            tier.sum = try reader.readDouble()
            tier.minimum = try reader.readDouble()
            tier.maximum = try reader.readDouble()
            tier.last = try reader.readDouble()
            tier.known = try reader.read(Int32.self)
            tiers.append(tier)
        }
        let key = try reader.readKey()
        guard core.slotOfKey[key] == nil, core.claim(slot: slot) else { throw ByteReader.Short() }
        core.createSeries(key, slot: slot, generation: generation, now: state.createdAt)
        let index = Int(slot)
        state.data = core.slots[index].data
        state.generation = generation
        if state.rawBucket != SlotState.none {
            state.rawRow = core.layouts[0].row(max(0, state.rawBucket))
        }
        core.slots[index] = state
        for (tierIndex, tier) in tiers.enumerated() { core.tierState(index, tierIndex).pointee = tier }
        if state.lastTimestamp > core.latestTimestamp { core.latestTimestamp = state.lastTimestamp }
        return (slot, generation)
    }

    /// Replays one block of change records; false if it held a malformed record.
    func replay(_ payload: UnsafeRawBufferPointer, into core: StoreCore) -> Bool {
        var reader = ByteReader(payload)
        do {
            while reader.remaining > 0 {
                let tag = try reader.read(UInt8.self)
                switch ChangeLog.Tag(rawValue: tag) {
                case .sample:
                    let slot = try reader.read(Int32.self)
                    let timestamp = try reader.readDouble()
                    let value = try reader.readDouble()
                    guard slot >= 0, Int(slot) < core.capacity else { continue }
                    _ = core.append(slot: slot, generation: core.slots[Int(slot)].generation, timestamp: timestamp, value: value)
                case .register:
                    let slot = try reader.read(Int32.self)
                    let generation = try reader.read(UInt32.self)
                    let createdAt = try reader.readDouble()
                    let key = try reader.readKey()
                    guard slot >= 0, Int(slot) < core.capacity else { continue }
                    let index = Int(slot)
                    if core.slots[index].data != nil {
                        if core.slots[index].generation == generation { continue }
                        if core.slots[index].generation > generation { continue }
                        core.release(slot: slot)
                    }
                    if let other = core.slotOfKey[key] { core.release(slot: other) }
                    guard core.claim(slot: slot) else { continue }
                    core.createSeries(key, slot: slot, generation: generation, now: createdAt)
                case .release:
                    let slot = try reader.read(Int32.self)
                    let generation = try reader.read(UInt32.self)
                    guard slot >= 0, Int(slot) < core.capacity else { continue }
                    if core.slots[Int(slot)].data != nil && core.slots[Int(slot)].generation == generation {
                        core.release(slot: slot)
                    }
                case nil:
                    return false
                }
            }
        } catch {
            return false
        }
        return true
    }

    static func sameShape(_ lhs: [Tier], _ rhs: [Tier]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.step == $1.step && $0.rows == $1.rows && $0.functions == $1.functions }
    }

    static func describe(_ tiers: [Tier]) -> String {
        tiers.map { "\($0.step)s×\($0.rows) \($0.functions.map(\.rawValue).joined(separator: "/"))" }.joined(separator: ", ")
    }
}

extension Persister {
    /// The tiers recorded in the snapshot of `directory`, nil if it has none.
    static func storedTiers(in directory: String) throws -> [Tier]? {
        let path = directory + "/" + snapshotName
        guard FileIO.fileSize(path) != nil else { return nil }
        return try FileIO.withMappedFile(path) { bytes in
            // The header is the first block (read from the first MiB); the trailer is the last.
            var scan = BlockFormat.scan(UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, 1 << 20)]))
            if !scan.blocks.contains(where: { $0.kind == BlockFormat.Kind.fileHeader.rawValue }) { scan = BlockFormat.scan(bytes) }
            for block in scan.blocks where block.kind == BlockFormat.Kind.fileHeader.rawValue || block.kind == BlockFormat.Kind.fileTrailer.rawValue {
                if let header = try? JSONDecoder().decode(Header.self, from: Data(block.payload)) { return header.tiers }
            }
            return nil
        }
    }
}

extension TimeSeriesStore {
    /// The tiers a state directory's snapshot was written with, nil if there is no snapshot:
    /// a tool that opens an existing directory (e.g. an import) can use them.
    public static func storedTiers(in directory: URL) throws -> [Tier]? {
        try Persister.storedTiers(in: directory.path)
    }
}
