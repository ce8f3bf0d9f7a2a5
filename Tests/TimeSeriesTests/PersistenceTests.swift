import Foundation
import Testing
@testable import TimeSeries

@Suite struct PersistenceTests {
    /// Appends `count` samples a raw step apart to `keys`, starting at `start`.
    func fill(_ store: TimeSeriesStore, keys: [SeriesKey], start: Double, count: Int) {
        for index in 0..<count {
            for (offset, key) in keys.enumerated() {
                store.append(key, timestamp: start + Double(index) * 10, value: Double(index * 10 + offset))
            }
        }
    }

    func everything(_ store: TimeSeriesStore, _ key: SeriesKey) -> [[Double]] {
        var rings: [[Double]] = []
        for tier in 0..<2 {
            for function in tier == 0 ? [ConsolidationFunction.average] : [.average, .minimum, .maximum, .last] {
                rings.append(store.query(key, tier: tier, from: 2_000, to: 6_000, function: function)?.values ?? [])
            }
        }
        return rings
    }

    func same(_ lhs: [[Double]], _ rhs: [[Double]]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { sameValues($0, $1) }
    }

    @Test func checkpointAndRestoreGiveBackTheSameHistory() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let clock = TestClock(3_000)
        let store = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: clock.function)
        fill(store, keys: [keyA, keyB], start: 3_000, count: 20)
        try store.checkpoint()                      // first: a full snapshot
        #expect(store.statistics.lastCheckpointWasSnapshot)
        fill(store, keys: [keyA, keyB, keyC], start: 3_200, count: 5)
        try store.checkpoint()                      // then: the change log
        #expect(!store.statistics.lastCheckpointWasSnapshot)
        #expect(store.statistics.logBytes > 0)
        let expected = [keyA, keyB, keyC].map { everything(store, $0) }
        // Samples after the last checkpoint are not on disk.
        store.append(keyA, timestamp: 3_300, value: 999)

        let restored = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: clock.function)
        #expect(restored.keys() == [keyA, keyB, keyC].sorted())
        for (index, key) in [keyA, keyB, keyC].enumerated() {
            #expect(same(everything(restored, key), expected[index]))
        }
        #expect(restored.lastTimestamp(of: keyA) == 3_240)
        #expect(restored.statistics.blocksLostOnLoad == 0)
        // Consolidation continues where it left off, and a late duplicate is still refused.
        #expect(restored.append(keyA, timestamp: 3_240, value: 1) == .outOfOrder)
        #expect(restored.append(keyA, timestamp: 3_250, value: 1) == .accepted)
        try restored.checkpoint()
        let again = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: clock.function)
        #expect(again.lastTimestamp(of: keyA) == 3_250)
    }

    @Test func compactionWritesANewSnapshotAndDropsOldLogs() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        var configuration = smallConfiguration()
        configuration.compactionRatio = 1e-9
        let store = try TimeSeriesStore(configuration: configuration, directory: directory)
        fill(store, keys: [keyA], start: 3_000, count: 3)
        try store.checkpoint()
        fill(store, keys: [keyA], start: 3_100, count: 3)
        try store.checkpoint()                       // log tiny but over the tiny ratio: snapshot
        #expect(store.statistics.lastCheckpointWasSnapshot)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.filter { $0.hasPrefix("wal-") }.count <= 1)
        #expect(names.contains("snapshot.tsdb") && !names.contains("snapshot.tsdb.tmp"))
        let restored = try TimeSeriesStore(configuration: configuration, directory: directory)
        #expect(restored.lastTimestamp(of: keyA) == 3_120)
    }

    @Test func aCorruptedBlockLosesOnlyThatBlock() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let store = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: { 3_000 })
        fill(store, keys: [keyA, keyB], start: 3_000, count: 20)
        try store.checkpoint()
        let expectedA = everything(store, keyA)
        let expectedB = everything(store, keyB)

        // Flip one byte inside the payload of the raw ring block of the second series.
        let path = directory.appendingPathComponent("snapshot.tsdb").path
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let blocks = data.withUnsafeBytes { BlockFormat.scan($0).blocks.map { ($0.kind, $0.end, $0.payload.count) } }
        // Per series: the packed raw ring, then the 4 compressed rings of the 30 s tier.
        let rings = blocks.filter { $0.0 == BlockFormat.Kind.packedRawRing.rawValue || $0.0 == BlockFormat.Kind.compressedRing.rawValue }
        try #require(rings.count == 2 * 5)
        let victim = rings[5]  // series 2, ring 0 (raw)
        #expect(victim.0 == BlockFormat.Kind.packedRawRing.rawValue)
        data[victim.1 - (victim.2 + 7) / 8 * 8 + 12] ^= 0xFF  // inside the payload, not its padding
        try data.write(to: URL(fileURLWithPath: path))

        let restored = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: { 3_000 })
        #expect(restored.statistics.blocksLostOnLoad == 1)
        #expect(same(everything(restored, keyA), expectedA))
        let restoredB = everything(restored, keyB)
        #expect(restoredB[0].allSatisfy { $0.isNaN })                       // the lost raw ring
        #expect(same(Array(restoredB[1...]), Array(expectedB[1...])))   // the other rings intact
        #expect(restored.lastTimestamp(of: keyB) == 3_190)               // its state intact
    }

    /// Flips one byte in the payload of the `ordinal`-th block of `kind` in the snapshot.
    func corruptSnapshotBlock(in directory: URL, kind: BlockFormat.Kind, ordinal: Int) throws {
        let url = directory.appendingPathComponent("snapshot.tsdb")
        var data = try Data(contentsOf: url)
        let ends = data.withUnsafeBytes { BlockFormat.scan($0).blocks.filter { $0.kind == kind.rawValue }.map(\.end) }
        let end = try #require(ends.dropFirst(ordinal).first)
        let length = data.withUnsafeBytes { BlockFormat.scan($0).blocks.filter { $0.kind == kind.rawValue }.map(\.payload.count) }[ordinal]
        data[end - (length + 7) / 8 * 8 + min(length - 1, 12)] ^= 0x55  // inside the payload, not its padding
        try data.write(to: url)
    }

    @Test func aDamagedHeaderIsReplacedByTheTrailer() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        do {
            let store = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: { 3_000 })
            fill(store, keys: [keyA, keyB], start: 3_000, count: 20)
            try store.checkpoint()
        }
        try corruptSnapshotBlock(in: directory, kind: .fileHeader, ordinal: 0)
        let restored = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: { 3_000 })
        #expect(restored.statistics.blocksLostOnLoad == 1)
        #expect(restored.keys() == [keyA, keyB])
        #expect(restored.lastTimestamp(of: keyB) == 3_190)
    }

    @Test func aDamagedSeriesBlockLosesOnlyThatSeries() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        var expectedB: [[Double]] = []
        do {
            let store = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: { 3_000 })
            fill(store, keys: [keyA, keyB], start: 3_000, count: 20)
            try store.checkpoint()
            expectedB = everything(store, keyB)
        }
        try corruptSnapshotBlock(in: directory, kind: .series, ordinal: 0)  // keyA's (slot 0)
        let restored = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: { 3_000 })
        #expect(restored.keys() == [keyB])
        #expect(same(everything(restored, keyB), expectedB))
        #expect(restored.statistics.blocksLostOnLoad >= 1)
        // The lost series starts afresh when it is polled again.
        #expect(restored.append(keyA, timestamp: 3_200, value: 1) == .accepted)
    }

    @Test func aTornLogTailIsDetectedAndCutOff() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let store = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: { 3_000 })
        fill(store, keys: [keyA], start: 3_000, count: 5)
        try store.checkpoint()
        fill(store, keys: [keyA], start: 3_100, count: 2)
        try store.checkpoint()
        let afterFirstLog = everything(store, keyA)
        fill(store, keys: [keyA], start: 3_200, count: 2)
        try store.checkpoint()
        // Tear the last log block as a crash in the middle of write() would.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let log = try #require(names.first { $0.hasPrefix("wal-") })
        let path = directory.appendingPathComponent(log).path
        let size = try #require(FileIO.fileSize(path))
        try FileIO.truncate(path, to: size - 20)

        let restored = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: { 3_000 })
        #expect(restored.statistics.blocksLostOnLoad == 1)
        #expect(same(everything(restored, keyA), afterFirstLog))
        #expect(restored.lastTimestamp(of: keyA) == 3_110)
        // It keeps going: the torn tail was cut off, new checkpoints append cleanly.
        #expect(restored.append(keyA, timestamp: 3_300, value: 7) == .accepted)
        try restored.checkpoint()
        let again = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: { 3_000 })
        #expect(again.statistics.blocksLostOnLoad == 0)
        #expect(again.lastTimestamp(of: keyA) == 3_300)
    }

    @Test func aLeftoverTemporarySnapshotIsIgnored() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let store = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory)
        fill(store, keys: [keyA], start: 3_000, count: 5)
        try store.checkpoint()
        try Data(repeating: 0xAB, count: 1_000).write(to: directory.appendingPathComponent("snapshot.tsdb.tmp"))
        let restored = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory)
        #expect(restored.lastTimestamp(of: keyA) == 3_040)
        #expect(restored.statistics.blocksLostOnLoad == 0)
    }

    @Test func changedTiersCarryOverTheHistoryOfMatchingSteps() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        var before = StoreConfiguration()
        before.tiers = [
            Tier(name: "raw", step: 10, rows: 60, functions: [.average]),
            Tier(name: "1m", step: 60, rows: 100, functions: [.average, .maximum]),
            Tier(name: "10m", step: 600, rows: 50, functions: [.average]),
        ]
        var after = StoreConfiguration()   // e.g. the poll interval went from 10 s to 20 s
        after.tiers = [
            Tier(name: "raw", step: 20, rows: 30, functions: [.average]),
            Tier(name: "1m", step: 60, rows: 200, functions: [.average, .minimum, .maximum]),
            Tier(name: "10m", step: 600, rows: 50, functions: [.average, .maximum]),
        ]
        var minuteAverages: [Double] = [], minuteMaxima: [Double] = [], tenMinutes: [Double] = []
        do {
            let store = try TimeSeriesStore(configuration: before, directory: directory, clock: { 3_000 })
            for index in 0..<400 { store.append(keyA, timestamp: 3_000 + Double(index) * 10, value: Double(index % 17)) }
            try store.checkpoint()
            store.append(keyB, timestamp: 5_000, value: 1)   // only in the log
            try store.checkpoint()
            minuteAverages = store.query(keyA, tier: 1, from: 3_000, to: 6_990)?.values ?? []
            minuteMaxima = store.query(keyA, tier: 1, from: 3_000, to: 6_990, function: .maximum)?.values ?? []
            tenMinutes = store.query(keyA, tier: 2, from: 3_000, to: 6_990)?.values ?? []
        }
        #expect(minuteAverages.contains { !$0.isNaN })
        let migrated = try TimeSeriesStore(configuration: after, directory: directory, clock: { 3_000 })
        #expect(migrated.statistics.migratedFromTiers != nil)
        #expect(migrated.keys() == [keyA, keyB])
        #expect(migrated.lastTimestamp(of: keyA) == 6_990)
        #expect(sameValues(migrated.query(keyA, tier: 1, from: 3_000, to: 6_990)?.values ?? [], minuteAverages))
        #expect(sameValues(migrated.query(keyA, tier: 1, from: 3_000, to: 6_990, function: .maximum)?.values ?? [], minuteMaxima))
        #expect(migrated.query(keyA, tier: 1, from: 3_000, to: 6_990, function: .minimum)?.knownCount == 0)
        #expect(sameValues(migrated.query(keyA, tier: 2, from: 3_000, to: 6_990)?.values ?? [], tenMinutes))
        #expect(migrated.query(keyA, tier: 2, from: 3_000, to: 6_990, function: .maximum)?.knownCount == 0)
        #expect(migrated.query(keyA, tier: 0, from: 3_000, to: 6_990)?.knownCount == 0)
        // It carries on, and its first checkpoint writes the new shape.
        #expect(migrated.append(keyA, timestamp: 7_000, value: 3) == .accepted)
        try migrated.checkpoint()
        #expect(migrated.statistics.lastCheckpointWasSnapshot)
        #expect(try TimeSeriesStore.storedTiers(in: directory) == after.tiers)
    }

    @Test func aSnapshotWithoutHeaderAndTrailerIsRefusedWithAnExplanation() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        do {
            let store = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory)
            store.append(keyA, timestamp: 3_000, value: 1)
            try store.checkpoint()
        }
        try corruptSnapshotBlock(in: directory, kind: .fileHeader, ordinal: 0)
        try corruptSnapshotBlock(in: directory, kind: .fileTrailer, ordinal: 0)
        #expect {
            try TimeSeriesStore(configuration: smallConfiguration(), directory: directory)
        } throws: { error in
            "\(error)".contains("neither the header nor the trailer")
        }
    }

    @Test func reclaimedAndRecreatedSeriesSurviveReplay() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let clock = TestClock(3_000)
        var configuration = smallConfiguration()
        configuration.reclaimAfter = 600
        configuration.staleAfter = 60
        let store = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
        store.append(keyA, timestamp: 3_000, value: 1)
        try store.checkpoint()
        clock.set(4_000)
        store.append(keyB, timestamp: 4_000, value: 2)
        #expect(store.reclaimStale() == 1)             // A goes, its slot is free
        store.append(keyC, timestamp: 4_000, value: 3) // C takes A's slot
        try store.checkpoint()                          // logged
        let restored = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
        #expect(restored.keys() == [keyB, keyC].sorted())
        #expect(restored.query(keyC, tier: 0, from: 4_000, to: 4_000)?.values == [3])
    }

    @Test func aFullDiskKeepsTheStoreRunningAndIsReported() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        let store = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory, clock: { 3_000 })
        fill(store, keys: [keyA], start: 3_000, count: 5)
        // The kernel's /dev/full answers every write with ENOSPC: put it where the snapshot goes.
        let temporary = directory.appendingPathComponent("snapshot.tsdb.tmp").path
        try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: "/dev/full")
        #expect(throws: StoreError.self) { try store.checkpoint() }
        var statistics = store.statistics
        #expect(statistics.diskFull)
        #expect(statistics.checkpointFailures == 1)
        #expect(statistics.lastPersistenceError?.contains("No space") == true)
        // Still running in memory.
        #expect(store.append(keyA, timestamp: 3_100, value: 5) == .accepted)
        #expect(store.query(keyA, tier: 0, from: 3_100, to: 3_100)?.values == [5])
        // Space comes back: the next checkpoint writes everything.
        FileIO.remove(temporary)
        try store.checkpoint()
        statistics = store.statistics
        #expect(!statistics.diskFull && statistics.lastPersistenceError == nil)
        let restored = try TimeSeriesStore(configuration: smallConfiguration(), directory: directory)
        #expect(restored.lastTimestamp(of: keyA) == 3_100)
    }

    @Test func aFullFilesystemKeepsTheStoreRunning() throws {
        // A real tiny filesystem when this process may mount one (root on Linux); otherwise skip.
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return }
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", directory.path]) == 0 else { return }
        defer { _ = run("/bin/umount", [directory.path]) }
        let store = try TimeSeriesStore(configuration: smallConfiguration(maxSeries: 1_000), directory: directory, clock: { 3_000 })
        for index in 0..<600 {
            store.append(SeriesKey(name: "m", labels: ["i": "\(index)"]), timestamp: 3_000, value: 1)
        }
        #expect(throws: StoreError.self) { try store.checkpoint() }
        #expect(store.statistics.diskFull)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("snapshot.tsdb.tmp").path))
        #expect(store.append(SeriesKey(name: "m", labels: ["i": "1"]), timestamp: 3_010, value: 2) == .accepted)
        guard run("/bin/mount", ["-o", "remount,size=4m", directory.path]) == 0 else { return }
        try store.checkpoint()
        #expect(!store.statistics.diskFull)
        let restored = try TimeSeriesStore(configuration: smallConfiguration(maxSeries: 1_000), directory: directory)
        #expect(restored.statistics.seriesCount == 600)
    }

    func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
