import Foundation
import Testing
@testable import TimeSeries

@Suite struct ScaledCodecTests {
    typealias Generator = CompressionTests.Generator

    func roundTrip(_ values: [UInt64], scale: Int64) -> (decoded: [UInt64], bytes: Int) {
        let capacity = ScaledCodec.capacity(forCount: values.count)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        let written = values.withUnsafeBufferPointer { ScaledCodec.encode($0.baseAddress!, count: $0.count, scale: scale, to: buffer) }
        let counted = values.withUnsafeBufferPointer { ScaledCodec.encode($0.baseAddress!, count: $0.count, scale: scale, to: nil) }
        #expect(written == counted)
        #expect(written <= capacity - 8)
        var output = [UInt64](repeating: 7, count: values.count)
        let count = output.withUnsafeMutableBufferPointer {
            ChunkStream.decode(UnsafeRawBufferPointer(start: buffer, count: written), into: $0.baseAddress!, capacity: $0.count)
        }
        #expect(count == values.count)
        return (output, written)
    }

    /// Rates made as a probe makes them: a counter delta over the poll, noisy.
    func rates(_ count: Int, scale: Int64, magnitude: UInt64, seed: UInt64) -> [Double] {
        var generator = Generator(state: seed)
        return (0..<count).map { _ in Double(magnitude + generator.next() % (magnitude / 5 + 1)) / Double(scale) }
    }

    @Test func specialValuesComeBackBitForBit() {
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan, -.nan, Double(bitPattern: 0x7FF8_0000_0000_0001),
                                  .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                  1e300, 9.2e18, -9.2e18, 4.7e18 / 60, 1.0 / 3, 0.1, 2.5, -7.25, 1e10, 80 / 1e10]
        var values = specials.map(Stored.encode)
        values.insert(0, at: 3)  // unknown
        values += [0, 0, Stored.encode(1), Stored.encode(1), 0]
        for scale: Int64 in [1, 3, 60, 300, 3_600, 86_400, Int64.max] {
            #expect(roundTrip(values, scale: scale).decoded == values, "scale \(scale)")
        }
    }

    @Test func valuesThatAreNotMultiplesOfTheScaleStayExact() {
        var generator = Generator(state: 11)
        let values = (0..<2_000).map { _ in Stored.encode(Double(bitPattern: generator.next() >> 2) * (generator.next() % 2 == 0 ? 1 : -1)) }
        for scale: Int64 in [1, 60, 7_919] {
            let result = roundTrip(values.filter { Stored.decode($0).isFinite || $0 == 0 }, scale: scale)
            #expect(result.decoded == values.filter { Stored.decode($0).isFinite || $0 == 0 })
        }
        let whole = roundTrip(values, scale: 60)
        #expect(whole.decoded == values)
        #expect(whole.bytes <= 2 + values.count * ScaledCodec.maximumValueBytes)
    }

    @Test func countersOverThePollAreSmallerThanTheirXorStream() {
        let values = rates(256, scale: 60, magnitude: 60_000_000_000, seed: 5).map(Stored.encode)
        let scaled = roundTrip(values, scale: 60)
        #expect(scaled.decoded == values)
        var writer = ByteWriter()
        defer { writer.free() }
        values.withUnsafeBufferPointer { XorCodec.encode($0.baseAddress!, count: $0.count, into: &writer) }
        // ~34 bits of noise: 5 bytes of step and a control byte, against 8 for the XOR of the floats.
        #expect(Double(scaled.bytes) / 256 < 6.2)
        #expect(scaled.bytes < writer.count * 4 / 5)
    }

    @Test func averagesOfRatesNeedOnlyASmallResidual() {
        let raw = rates(5 * 256, scale: 60, magnitude: 20_000_000, seed: 8)
        let averages = (0..<256).map { bucket in
            var sum = 0.0
            for index in (bucket * 5)..<(bucket * 5 + 5) { sum += raw[index] }
            return Stored.encode(sum / 5)
        }
        let result = roundTrip(averages, scale: 300)
        #expect(result.decoded == averages)
        #expect(Double(result.bytes) / 256 < 5.5)
    }

    @Test func hugeStepsAndMixedChunksRoundTrip() {
        var generator = Generator(state: 99)
        var values: [UInt64] = []
        for index in 0..<3_000 {
            switch generator.next() % 7 {
            case 0: values.append(Stored.encode(Double(Int64(bitPattern: generator.next()) >> 2) / 60))  // near ±2^61 / 60
            case 1: values.append(Stored.encode(Double(generator.next() % 1_000) / 60))
            case 2: values.append(0)
            case 3: values.append(Stored.encode(Double(index)))
            case 4: values.append(Stored.encode(-Double(generator.next() % 1_000_000) / 60))
            case 5: values.append(values.last ?? 0)
            default: values.append(Stored.encode(Double(generator.next() % 1_000_000) / 7.3))
            }
        }
        for scale: Int64 in [1, 60, 300] {
            #expect(roundTrip(values, scale: scale).decoded == values, "scale \(scale)")
        }
    }

    @Test func randomStreamsRoundTripWithEveryScale() {
        // Property: for any values and any scale ≥ 1, decode(encode(values)) == values.
        for seed in 1...30 {
            var generator = Generator(state: UInt64(seed) &* 7_777)
            let values = CompressionTests().sampleValues(Int(generator.next() % 2_000) + 1, seed: UInt64(seed))
            let scale = Int64(generator.next() % 100_000) + 1
            #expect(roundTrip(values, scale: scale).decoded == values, "seed \(seed) scale \(scale)")
            let scaledRates = rates(500, scale: scale, magnitude: generator.next() % (1 << 40) + 1, seed: UInt64(seed)).map(Stored.encode)
            #expect(roundTrip(scaledRates, scale: scale).decoded == scaledRates, "seed \(seed) scale \(scale)")
        }
    }

    @Test func aDamagedScaledStreamNeverReadsPastItsEnd() {
        var values = rates(500, scale: 60, magnitude: 1 << 36, seed: 2).map(Stored.encode)
        values += CompressionTests().sampleValues(500, seed: 4)
        let capacity = ScaledCodec.capacity(forCount: values.count)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        let written = values.withUnsafeBufferPointer { ScaledCodec.encode($0.baseAddress!, count: $0.count, scale: 60, to: buffer) }
        var output = [UInt64](repeating: 0, count: values.count)
        for cut in stride(from: 0, to: written, by: 5) {
            let count = output.withUnsafeMutableBufferPointer {
                ScaledCodec.decode(UnsafeRawBufferPointer(start: buffer, count: cut), into: $0.baseAddress!, capacity: $0.count)
            }
            #expect(count <= values.count)
            #expect(Array(output.prefix(count)) == Array(values.prefix(count)))
        }
        // Garbage after the marker: ends without crashing.
        var generator = Generator(state: 77)
        for _ in 0..<200 {
            var bytes = (0..<64).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            bytes[0] = ScaledCodec.marker
            let count = bytes.withUnsafeBytes { raw in
                output.withUnsafeMutableBufferPointer { ChunkStream.decode(raw, into: $0.baseAddress!, capacity: 100) }
            }
            #expect(count <= 100)
        }
    }

    /// A ring of rates: its closed chunks are re-encoded (smaller) and read back exactly.
    @Test func closedChunksOfRatesAreRecodedAndReadBack() {
        let geometry = ChunkRing.Geometry(rows: 1_000, chunkRows: 128, bucketScale: 300, sampleScale: 60)
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
        var values = rates(900, scale: 60, magnitude: 60_000_000_000, seed: 3).map(Stored.encode)
        values[10] = 0
        values[500] = Stored.encode(.infinity)
        values[501] = Stored.encode(-0.0)
        values[502] = Stored.encode(0.1)
        for (index, value) in values.enumerated() {
            ChunkRing.append(header, chunks, geometry, bucket: Int64(index), bits: value, allocated: allocated)
        }
        var recoded = 0
        for index in 0..<(values.count / geometry.chunkRows) {
            if let bytes = chunks[index].bytes, bytes.load(as: UInt8.self) == ScaledCodec.marker { recoded += 1 }
            ChunkRing.decode(header, chunks, geometry, chunk: index, into: decoded)
            let expected = Array(values[(index * geometry.chunkRows)..<((index + 1) * geometry.chunkRows)])
            #expect(Array(UnsafeBufferPointer(start: decoded, count: geometry.chunkRows)) == expected, "chunk \(index)")
        }
        #expect(recoded == values.count / geometry.chunkRows)
        // The bytes the ring counts are the bytes its chunks hold.
        var held = Int(header.pointee.open.capacity)
        for index in 0..<geometry.chunkCount { held += Int(chunks[index].capacity) }
        #expect(allocated.pointee == held)
        #expect(Double(allocated.pointee) / Double(values.count) < 6.5)
    }

    /// A store of noisy rates: every tier reads back bit for bit after a checkpoint and a restart.
    @Test func aStoreOfRatesRestartsBitForBit() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        var configuration = StoreConfiguration()
        configuration.maxSeries = 10
        let start = 1_700_000_040.0
        let clock = TestClock(start)
        let keys = (0..<3).map { SeriesKey(name: "ixp_interface_receive_bytes_per_second", labels: ["interface": "e\($0)"]) }
        let store = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
        var generator = Generator(state: 1)
        for minute in 0..<(4 * 1_440) {
            clock.set(start + Double(minute) * 60)
            for (index, key) in keys.enumerated() {
                let value: Double = switch index {
                case 0: Double(70_000_000_000 + generator.next() % 14_000_000_000) / 60
                case 1: minute % 500 == 7 ? .nan : Double(generator.next() % 300) / 60
                default: Double(generator.next() % 1_000) / 7.3
                }
                store.append(key, timestamp: clock.now, value: value)
            }
            if minute % 1_440 == 1_439 { try store.checkpoint() }
        }
        func everything(_ store: TimeSeriesStore, _ key: SeriesKey) -> [[UInt64]] {
            var rings: [[UInt64]] = []
            for (tier, functions) in [[ConsolidationFunction.average], [.average, .minimum, .maximum], [.average, .maximum]].enumerated() {
                for function in functions {
                    let values = store.query(key, tier: tier, from: start, to: clock.now, function: function)?.values ?? []
                    rings.append(values.map(\.bitPattern))
                }
            }
            return rings
        }
        let expected = keys.map { everything(store, $0) }
        #expect(expected[0][1].count > 1_000)
        try store.checkpoint()
        let restored = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
        #expect(restored.statistics.blocksLostOnLoad == 0)
        for (index, key) in keys.enumerated() {
            #expect(everything(restored, key) == expected[index], "series \(index)")
        }
    }

    /// A format-2 state directory (every stream `XorCodec`) is read as it is, reported as
    /// migrated, and rewritten as format 3 at the next checkpoint.
    @Test func aFormatTwoStateDirectoryIsReadAndRewritten() throws {
        let directory = try makeTemporaryDirectory()
        defer { cleanup(directory) }
        var configuration = StoreConfiguration()
        configuration.maxSeries = 10
        let start = 1_700_000_040.0
        let clock = TestClock(start)
        let keys = (0..<3).map { SeriesKey(name: "ixp_interface_oper_up", labels: ["interface": "e\($0)"]) }
        func everything(_ store: TimeSeriesStore) -> [[UInt64]] {
            keys.flatMap { key in
                [(0, ConsolidationFunction.average), (1, .average), (1, .maximum), (2, .average)].map { tier, function in
                    (store.query(key, tier: tier, from: start, to: clock.now, function: function)?.values ?? []).map(\.bitPattern)
                }
            }
        }
        let expected: [[UInt64]]
        do {
            let store = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
            for minute in 0..<(3 * 1_440) {
                clock.set(start + Double(minute) * 60)
                for (index, key) in keys.enumerated() where !(index == 2 && minute % 700 < 30) {
                    store.append(key, timestamp: clock.now, value: Double(index))
                }
            }
            try store.checkpoint()
            expected = everything(store)
        }
        // Rewrite the snapshot's header and trailer as format 2 (constant series: every stream is
        // `XorCodec`, so the rest is what a format-2 build wrote).
        let path = directory.appendingPathComponent("snapshot.tsdb")
        let original = try Data(contentsOf: path)
        var writer = ByteWriter()
        defer { writer.free() }
        var sawScaled = false
        original.withUnsafeBytes { bytes in
            for block in BlockFormat.scan(bytes).blocks {
                guard let kind = BlockFormat.Kind(rawValue: block.kind) else { continue }
                var payload = Data(block.payload)
                if kind == .fileHeader || kind == .fileTrailer {
                    let text = String(decoding: payload, as: UTF8.self)
                    #expect(text.contains("\"format\":3"))
                    payload = Data(text.replacingOccurrences(of: "\"format\":3", with: "\"format\":2").utf8)
                }
                if kind == .packedRawRing, block.payload.count > 16, block.payload[16] == ScaledCodec.marker { sawScaled = true }
                BlockFormat.writeBlock(kind, to: &writer) { w in payload.withUnsafeBytes { w.write(bytes: $0) } }
            }
        }
        #expect(!sawScaled)
        try Data(writer.bytes).write(to: path)
        do {
            let store = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
            #expect(store.statistics.migratedFromFormat == 2)
            #expect(store.statistics.blocksLostOnLoad == 0)
            #expect(everything(store) == expected)
            try store.checkpoint()
            #expect(store.statistics.lastCheckpointWasSnapshot)
        }
        let again = try TimeSeriesStore(configuration: configuration, directory: directory, clock: clock.function)
        #expect(again.statistics.migratedFromFormat == nil)
        #expect(everything(again) == expected)
        // The header's JSON keys come in no fixed order, so read the whole header block.
        let rewritten = try Data(contentsOf: path)
        let header = rewritten.withUnsafeBytes { bytes in
            BlockFormat.scan(bytes).blocks.first { $0.kind == BlockFormat.Kind.fileHeader.rawValue }
                .map { String(decoding: Data($0.payload), as: UTF8.self) }
        }
        #expect(header?.contains("\"format\":3") == true)
    }
}
