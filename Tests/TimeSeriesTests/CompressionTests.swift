import Foundation
import Testing
@testable import TimeSeries

@Suite struct CompressionTests {
    /// A deterministic pseudo-random generator.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 33)
        }
    }

    /// Values of every kind the rings hold: noise, repeats, long repeats, unknowns, zeros, negatives.
    func sampleValues(_ count: Int, seed: UInt64) -> [UInt64] {
        var generator = Generator(state: seed)
        var values: [UInt64] = []
        while values.count < count {
            let kind = generator.next() % 6
            let length = Int(generator.next() % 300) + 1
            for _ in 0..<length {
                switch kind {
                case 0: values.append(Stored.encode(Double(generator.next() % 1_000_000_000) / 7.3))
                case 1: values.append(Stored.encode(1500))
                case 2: values.append(0)  // unknown
                case 3: values.append(Stored.encode(0))
                case 4: values.append(Stored.encode(-Double(generator.next() % 100)))
                default: values.append(generator.next())
                }
            }
        }
        return Array(values.prefix(count))
    }

    @Test func theCodecGivesBackEveryBit() {
        for seed in 1...20 {
            let values = sampleValues(5000, seed: UInt64(seed))
            var writer = ByteWriter()
            defer { writer.free() }
            values.withUnsafeBufferPointer { XorCodec.encode($0.baseAddress!, count: $0.count, into: &writer) }
            var output = [UInt64](repeating: 7, count: values.count)
            let result = output.withUnsafeMutableBufferPointer {
                XorCodec.decode(writer.bytes, into: $0.baseAddress!, capacity: $0.count)
            }
            #expect(result.count == values.count)
            #expect(output == values)
        }
    }

    @Test func aDamagedStreamNeverReadsPastItsEnd() {
        let values = sampleValues(1000, seed: 3)
        var writer = ByteWriter()
        defer { writer.free() }
        values.withUnsafeBufferPointer { XorCodec.encode($0.baseAddress!, count: $0.count, into: &writer) }
        var output = [UInt64](repeating: 0, count: 1000)
        for cut in stride(from: 0, to: writer.count, by: 7) {
            let prefix = UnsafeRawBufferPointer(rebasing: writer.bytes[0..<cut])
            let result = output.withUnsafeMutableBufferPointer { XorCodec.decode(prefix, into: $0.baseAddress!, capacity: $0.count) }
            #expect(result.count <= 1000)
        }
    }

    /// A compressed ring written with gaps reads back as a plain ring would.
    @Test func aCompressedRingReadsBackAsAPlainRing() {
        let geometry = ChunkRing.Geometry(rows: 300, chunkRows: 64)
        let header = UnsafeMutablePointer<ChunkRing.Header>.allocate(capacity: 1)
        header.initialize(to: ChunkRing.Header())
        let chunks = UnsafeMutablePointer<ChunkRing.Chunk>.allocate(capacity: geometry.chunkCount)
        chunks.initialize(repeating: ChunkRing.Chunk(), count: geometry.chunkCount)
        let allocated = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        allocated.initialize(to: 0)
        let decoded = UnsafeMutablePointer<UInt64>.allocate(capacity: geometry.chunkRows)
        defer {
            ChunkRing.clear(header, chunks, geometry, allocated: allocated)
            header.deallocate(); chunks.deallocate(); allocated.deallocate(); decoded.deallocate()
        }
        var generator = Generator(state: 42)
        var model: [Int64: UInt64] = [:]  // bucket → value; absent = unknown
        var bucket: Int64 = 1_000
        let values = sampleValues(20_000, seed: 9)
        for value in values {
            let gap = generator.next() % 50 == 0 ? Int64(generator.next() % 700) : 0  // sometimes longer than the ring
            bucket += 1 + gap
            ChunkRing.append(header, chunks, geometry, bucket: bucket, bits: value, allocated: allocated)
            model[bucket] = value
            if generator.next() % 97 == 0 {
                // Every bucket of the window reads as the model says.
                for wanted in (bucket - 299)...bucket {
                    let row = Int(wanted % geometry.physicalRows)
                    ChunkRing.decode(header, chunks, geometry, chunk: row / geometry.chunkRows, into: decoded)
                    #expect(decoded[row % geometry.chunkRows] == (model[wanted] ?? 0), "bucket \(wanted)")
                }
            }
        }
        #expect(allocated.pointee > 0)
        ChunkRing.clear(header, chunks, geometry, allocated: allocated)
        #expect(allocated.pointee == 0)
    }

    @Test func idleSeriesCostLittleAndMemoryFollowsTheData() throws {
        var configuration = StoreConfiguration()
        configuration.tiers = StoreConfiguration.defaultTiers(rawStep: 60)
        configuration.maxSeries = 100
        let clock = TestClock(1_700_000_000)
        let store = try TimeSeriesStore(configuration: configuration, directory: nil, clock: clock.function)
        let keys = (0..<20).map { SeriesKey(name: "ixp_interface_receive_bytes_per_second", labels: ["interface": "e\($0)"]) }
        let empty = store.statistics.bytesAllocated
        #expect(empty == 0)
        for minute in 0..<(40 * 1440) {  // 40 days, every rings' first lap and more
            clock.set(1_700_000_000 + Double(minute) * 60)
            for key in keys { store.append(key, timestamp: clock.now, value: 0) }
        }
        let statistics = store.statistics
        let perSeries = statistics.bytesAllocated / keys.count
        #expect(perSeries < statistics.bytesPerSeries / 10)
        // The coarse tiers of an idle series hold well under a byte per value.
        let coarseValues = 10_080 * 3 + 960 * 2 + 40 * 2
        let coarseBytes = perSeries - 2_880 * 8
        #expect(Double(coarseBytes) / Double(coarseValues) < 1)
    }

    @Test func aRowNeverWrittenCostsNothingOnDisk() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        var configuration = StoreConfiguration()
        configuration.tiers = StoreConfiguration.defaultTiers(rawStep: 60)
        configuration.maxSeries = 200
        let clock = TestClock(1_700_000_000)
        let store = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
        let keys = (0..<100).map { SeriesKey(name: "ixp_interface_receive_bytes_per_second", labels: ["interface": "e\($0)"]) }
        for minute in 0..<60 {
            clock.set(1_700_000_000 + Double(minute) * 60)
            for (index, key) in keys.enumerated() { store.append(key, timestamp: clock.now, value: Double(index * 1000 + minute % 7)) }
        }
        try store.checkpoint()
        let statistics = store.statistics
        #expect(statistics.lastCheckpointWasSnapshot)
        // An hour of 100 series: a few hundred bytes each, where every series used to take
        // its full capacity (476,960 bytes).
        #expect(statistics.snapshotBytes < keys.count * 2_000)
        #expect(statistics.bytesAllocated < keys.count * 30_000)
        let restored = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
        #expect(restored.statistics.blocksLostOnLoad == 0)
        for key in keys.prefix(3) {
            #expect(sameValues(restored.query(key, tier: 1, from: 1_700_000_000, to: clock.now, function: .maximum)?.values ?? [],
                               store.query(key, tier: 1, from: 1_700_000_000, to: clock.now, function: .maximum)?.values ?? []))
        }
    }
}
