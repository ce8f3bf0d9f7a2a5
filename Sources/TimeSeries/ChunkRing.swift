#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A consolidated tier's ring of one function of one series, kept compressed: its physical
/// rows are cut into chunks of `chunkRows`, each an `XorCodec` stream in its own allocation.
/// Coarse rows are written in bucket order (a tier only ever writes a bucket after the ones
/// before it), so the ring is append-only: the chunk holding the newest bucket is open and
/// grows; a chunk the writer leaves is closed (its buffer shrunk to its bytes); a chunk the
/// writer enters again on the next lap is dropped first.
///
/// The ring has `physicalRows` = `rows` rounded up to whole chunks plus one more chunk, so
/// the chunk the writer re-enters holds only rows older than the tier's window (`rows`
/// buckets up to the newest) and dropping it loses nothing a reader may ask for. An empty
/// chunk (no allocation) reads as unknown, so a ring costs nothing until written, and an
/// idle or constant series a few bytes per chunk.
///
/// Everything lives in the series' one allocation (`SeriesLayout`): a `RingHeader` per ring
/// and a table of `Chunk`s; all-zero memory is an empty ring.
enum ChunkRing {
    /// The state of one ring, with the chunk being written (so that an append touches the
    /// header and the stream's end, nothing else); zero = empty.
    struct Header {
        /// The newest bucket written plus one; 0 = nothing written yet.
        var newestPlusOne: Int64 = 0
        /// The last value written to the open chunk's stream (`Stored` bits).
        var previous: UInt64 = 0
        /// The open chunk (the one holding the newest bucket); its entry in the table stays
        /// empty until the writer leaves it.
        var open = Chunk()
        /// Repeats of `previous` written but not yet in the stream.
        var run: UInt32 = 0
        /// Physical row of the newest bucket.
        var newestRow: Int32 = 0
    }

    /// One chunk: its stream bytes, nil when empty (all unknown).
    struct Chunk {
        var bytes: UnsafeMutableRawPointer?
        var length: UInt32 = 0
        var capacity: UInt32 = 0
    }

    /// The shape of one tier's rings.
    struct Geometry: Sendable {
        /// Rows per chunk (a power of two).
        let chunkRows: Int
        /// Chunks per ring.
        let chunkCount: Int
        /// Physical rows: `chunkRows × chunkCount` ≥ the tier's rows + `chunkRows`.
        let physicalRows: Int64
        /// The scales a closed chunk tries for `ScaledCodec`, most likely first, without
        /// repeats: the tier's step in seconds (`bucketScale`: an average of rates over full
        /// buckets is Σn / step), the raw step (`sampleScale`: a rate over one poll, a minimum
        /// or a maximum is n / poll seconds), the probes' poll intervals
        /// (`StoreConfiguration.rateScales`), then 1. Scales below 1 (0 = none) are left out.
        let scales: [Int64]

        static let defaultChunkRows = 256

        init(rows: Int, chunkRows: Int = Geometry.defaultChunkRows, bucketScale: Int = 0, sampleScale: Int = 0, rateScales: [Int] = []) {
            var power = 1
            while power < chunkRows { power <<= 1 }
            self.chunkRows = power
            chunkCount = (rows + power - 1) / power + 1
            physicalRows = Int64(chunkCount * power)
            var scales: [Int64] = []
            for scale in [bucketScale, sampleScale] + rateScales + [1] where scale >= 1 && !scales.contains(Int64(scale)) {
                scales.append(Int64(scale))
            }
            self.scales = scales
        }
    }

    /// The open chunk of a ring.
    @inline(__always) static func openChunk(_ header: UnsafeMutablePointer<Header>) -> UnsafeMutablePointer<Chunk> {
        (UnsafeMutableRawPointer(header) + MemoryLayout<Header>.offset(of: \Header.open)!).assumingMemoryBound(to: Chunk.self)
    }

    /// Index of the open chunk, -1 for an empty ring.
    @inline(__always) static func openIndex(_ header: UnsafeMutablePointer<Header>, _ geometry: Geometry) -> Int {
        header.pointee.newestPlusOne == 0 ? -1 : Int(header.pointee.newestRow) / geometry.chunkRows
    }

    // MARK: - Writing

    /// Writes `bits` (a `Stored` value) for `bucket`, which must be after the newest bucket
    /// written; buckets skipped in between become unknown. `allocated` counts chunk bytes.
    @inline(__always)
    static func append(_ header: UnsafeMutablePointer<Header>, _ chunks: UnsafeMutablePointer<Chunk>, _ geometry: Geometry,
                       bucket: Int64, bits: UInt64, allocated: UnsafeMutablePointer<Int>) {
        let newestPlusOne = header.pointee.newestPlusOne
        if newestPlusOne != 0 && bucket == newestPlusOne {
            // The common case: the next bucket, no division.
            var row = Int(header.pointee.newestRow) &+ 1
            if row == Int(geometry.physicalRows) { row = 0 }
            if row & (geometry.chunkRows &- 1) == 0 { enterChunk(header, chunks, geometry, row: row, allocated: allocated) }
            add(header, openChunk(header), bits, allocated: allocated)
            header.pointee.newestRow = Int32(truncatingIfNeeded: row)
            header.pointee.newestPlusOne = bucket &+ 1
            return
        }
        appendSlowly(header, chunks, geometry, bucket: bucket, bits: bits, allocated: allocated)
    }

    /// `append` after a gap, into an empty ring, or (never from the store) into the past.
    @inline(never)
    static func appendSlowly(_ header: UnsafeMutablePointer<Header>, _ chunks: UnsafeMutablePointer<Chunk>, _ geometry: Geometry,
                             bucket: Int64, bits: UInt64, allocated: UnsafeMutablePointer<Int>) {
        let newestPlusOne = header.pointee.newestPlusOne
        if newestPlusOne == 0 || bucket &- newestPlusOne &+ 1 >= geometry.physicalRows || bucket < newestPlusOne {
            // Start afresh, the rows before `bucket` in its chunk unknown.
            clear(header, chunks, geometry, allocated: allocated)
            let row = Int(bucket % geometry.physicalRows)
            let open = openChunk(header)
            for _ in 0..<(row & (geometry.chunkRows &- 1)) { add(header, open, 0, allocated: allocated) }
            add(header, open, bits, allocated: allocated)
            header.pointee.newestRow = Int32(row)
            header.pointee.newestPlusOne = bucket &+ 1
            return
        }
        var next = newestPlusOne
        while next <= bucket {
            append(header, chunks, geometry, bucket: next, bits: next == bucket ? bits : 0, allocated: allocated)
            next &+= 1
        }
    }

    /// Moves the writer into the chunk starting at `row`: closes the open chunk into its table
    /// entry and drops what the new one held from the previous lap.
    @inline(never)
    static func enterChunk(_ header: UnsafeMutablePointer<Header>, _ chunks: UnsafeMutablePointer<Chunk>, _ geometry: Geometry,
                           row: Int, allocated: UnsafeMutablePointer<Int>) {
        let open = openChunk(header)
        close(header, open, geometry, allocated: allocated)
        let leaving = Int(header.pointee.newestRow) / geometry.chunkRows
        drop(chunks + leaving, allocated: allocated)
        chunks[leaving] = open.pointee
        open.pointee = Chunk()
        drop(chunks + row / geometry.chunkRows, allocated: allocated)
        header.pointee.previous = 0
        header.pointee.run = 0
    }

    /// Adds one value to the open chunk's stream.
    @inline(__always)
    static func add(_ header: UnsafeMutablePointer<Header>, _ chunk: UnsafeMutablePointer<Chunk>, _ bits: UInt64, allocated: UnsafeMutablePointer<Int>) {
        let previous = header.pointee.previous
        if bits == previous {
            header.pointee.run &+= 1
            if header.pointee.run == UInt32(XorCodec.maximumRun) {
                guard let target = room(chunk, 1, allocated: allocated) else { return }
                XorCodec.writeRun(XorCodec.maximumRun, to: target)
                chunk.pointee.length &+= 1
                header.pointee.run = 0
            }
            return
        }
        let run = Int(header.pointee.run)
        guard let target = room(chunk, 1 &+ XorCodec.maximumValueBytes, allocated: allocated) else { return }
        var written = 0
        if run > 0 {
            XorCodec.writeRun(run, to: target)
            written = 1
            header.pointee.run = 0
        }
        written &+= XorCodec.writeValue(bits ^ previous, to: target + written)
        chunk.pointee.length &+= UInt32(written)
        header.pointee.previous = bits
    }

    /// The end of the chunk's stream with room for `bytes` more (plus slack for an 8-byte
    /// store); nil if memory ran out (the value is then lost, the stream stays consistent).
    @inline(__always)
    static func room(_ chunk: UnsafeMutablePointer<Chunk>, _ bytes: Int, allocated: UnsafeMutablePointer<Int>) -> UnsafeMutableRawPointer? {
        let needed = Int(chunk.pointee.length) &+ bytes &+ 8
        if let base = chunk.pointee.bytes, needed <= Int(chunk.pointee.capacity) {
            return base + Int(chunk.pointee.length)
        }
        return grow(chunk, needed, allocated: allocated)
    }

    @inline(never)
    static func grow(_ chunk: UnsafeMutablePointer<Chunk>, _ needed: Int, allocated: UnsafeMutablePointer<Int>) -> UnsafeMutableRawPointer? {
        let capacity = max(64, needed, Int(chunk.pointee.capacity) * 2)
        guard let base = realloc(chunk.pointee.bytes, capacity) else { return nil }
        allocated.pointee &+= capacity &- Int(chunk.pointee.capacity)
        chunk.pointee.bytes = base
        chunk.pointee.capacity = UInt32(capacity)
        return base + Int(chunk.pointee.length)
    }

    /// Closes the open chunk: writes its pending repeats, re-encodes it with `ScaledCodec` if
    /// that is shorter, and shrinks its buffer to its bytes.
    static func close(_ header: UnsafeMutablePointer<Header>, _ chunk: UnsafeMutablePointer<Chunk>, _ geometry: Geometry,
                      allocated: UnsafeMutablePointer<Int>) {
        let run = Int(header.pointee.run)
        if run > 0, let target = room(chunk, 1, allocated: allocated) {
            XorCodec.writeRun(run, to: target)
            chunk.pointee.length &+= 1
        }
        header.pointee.run = 0
        recode(chunk, geometry, allocated: allocated)
        let length = Int(chunk.pointee.length)
        guard let base = chunk.pointee.bytes, length < Int(chunk.pointee.capacity) else { return }
        if length == 0 {
            drop(chunk, allocated: allocated)
        } else if let shrunk = realloc(base, length) {
            allocated.pointee &-= Int(chunk.pointee.capacity) &- length
            chunk.pointee.bytes = shrunk
            chunk.pointee.capacity = UInt32(length)
        }
    }

    /// Streams shorter than this stay as they are (constant or mostly unknown chunks).
    static let smallestRecoded = 64

    /// Replaces a closed chunk's `XorCodec` stream by its `ScaledCodec` stream with the best of
    /// the geometry's scales, if that is shorter; the chunk's buffer is then exactly its bytes.
    static func recode(_ chunk: UnsafeMutablePointer<Chunk>, _ geometry: Geometry, allocated: UnsafeMutablePointer<Int>) {
        let length = Int(chunk.pointee.length)
        guard let base = chunk.pointee.bytes, length >= smallestRecoded,
              base.load(as: UInt8.self) != ScaledCodec.marker
        else { return }
        let rows = geometry.chunkRows
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: rows) { buffer in
            guard let values = buffer.baseAddress else { return }
            let count = XorCodec.decode(UnsafeRawBufferPointer(start: base, count: length), into: values, capacity: rows).count
            guard let (scale, bytes) = ChunkStream.bestScale(values, count: count, scales: geometry.scales, current: length) else { return }
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: ScaledCodec.capacity(forCount: count), alignment: 8)
            defer { scratch.deallocate() }
            let written = ScaledCodec.encode(values, count: count, scale: scale, to: scratch)
            guard written == bytes, let replacement = malloc(written) else { return }
            replacement.copyMemory(from: scratch, byteCount: written)
            allocated.pointee &+= written &- Int(chunk.pointee.capacity)
            free(base)
            chunk.pointee = Chunk(bytes: replacement, length: UInt32(written), capacity: UInt32(written))
        }
    }

    /// Frees one chunk (it reads as unknown).
    static func drop(_ chunk: UnsafeMutablePointer<Chunk>, allocated: UnsafeMutablePointer<Int>) {
        guard let base = chunk.pointee.bytes else { return }
        allocated.pointee &-= Int(chunk.pointee.capacity)
        free(base)
        chunk.pointee = Chunk()
    }

    /// Frees every chunk and empties the ring.
    static func clear(_ header: UnsafeMutablePointer<Header>, _ chunks: UnsafeMutablePointer<Chunk>, _ geometry: Geometry, allocated: UnsafeMutablePointer<Int>) {
        for index in 0..<geometry.chunkCount { drop(chunks + index, allocated: allocated) }
        drop(openChunk(header), allocated: allocated)
        header.pointee = Header()
    }

    // MARK: - Reading

    /// Decodes chunk `index` into `output` (`chunkRows` values, `Stored` bits; rows the chunk
    /// does not hold are unknown). The open chunk gets its pending repeats.
    static func decode(_ header: UnsafeMutablePointer<Header>, _ chunks: UnsafeMutablePointer<Chunk>, _ geometry: Geometry,
                       chunk index: Int, into output: UnsafeMutablePointer<UInt64>) {
        let isOpen = index == openIndex(header, geometry)
        let chunk = isOpen ? header.pointee.open : chunks[index]
        var count = 0
        if let base = chunk.bytes {
            count = ChunkStream.decode(UnsafeRawBufferPointer(start: base, count: Int(chunk.length)), into: output, capacity: geometry.chunkRows)
        }
        if isOpen {
            let run = min(Int(header.pointee.run), geometry.chunkRows - count)
            (output + count).update(repeating: header.pointee.previous, count: run)
            count += run
        }
        if count < geometry.chunkRows { (output + count).update(repeating: 0, count: geometry.chunkRows - count) }
    }
}
