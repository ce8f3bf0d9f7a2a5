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
    /// The state of one ring; zero = empty.
    struct Header {
        /// The newest bucket written plus one; 0 = nothing written yet.
        var newestPlusOne: Int64 = 0
        /// The last value written to the open chunk's stream (`Stored` bits).
        var previous: UInt64 = 0
        /// Repeats of `previous` written but not yet in the stream.
        var run: UInt32 = 0
        var reserved: UInt32 = 0
    }

    /// One chunk: its stream bytes, nil when empty (all unknown).
    struct Chunk {
        var bytes: UnsafeMutableRawPointer?
        var length: UInt32 = 0
        var capacity: UInt32 = 0
    }

    /// The shape of one tier's rings.
    struct Geometry: Sendable {
        /// Rows per chunk.
        let chunkRows: Int
        /// Chunks per ring.
        let chunkCount: Int
        /// Physical rows: `chunkRows × chunkCount` ≥ the tier's rows + `chunkRows`.
        let physicalRows: Int64

        static let defaultChunkRows = 256

        init(rows: Int, chunkRows: Int = Geometry.defaultChunkRows) {
            self.chunkRows = chunkRows
            chunkCount = (rows + chunkRows - 1) / chunkRows + 1
            physicalRows = Int64(chunkCount * chunkRows)
        }
    }

    // MARK: - Writing

    /// Writes `bits` (a `Stored` value) for `bucket`, which must be after the newest bucket
    /// written; buckets skipped in between become unknown. `allocated` counts chunk bytes.
    static func append(_ header: UnsafeMutablePointer<Header>, _ chunks: UnsafeMutablePointer<Chunk>, _ geometry: Geometry,
                       bucket: Int64, bits: UInt64, allocated: UnsafeMutablePointer<Int>) {
        let newestPlusOne = header.pointee.newestPlusOne
        let physicalRows = geometry.physicalRows
        if newestPlusOne == 0 || bucket &- newestPlusOne &+ 1 >= physicalRows || bucket < newestPlusOne {
            // First write, a gap longer than the ring, or (never from the store) a write into
            // the past: start afresh, the rows before `bucket` in its chunk unknown.
            clear(header, chunks, geometry, allocated: allocated)
            let row = Int(bucket % physicalRows)
            let chunk = chunks + row / geometry.chunkRows
            for _ in 0..<(row % geometry.chunkRows) { add(header, chunk, 0, allocated: allocated) }
            add(header, chunk, bits, allocated: allocated)
        } else {
            var next = newestPlusOne
            while next <= bucket {
                let row = Int(next % physicalRows)
                let chunk = row / geometry.chunkRows
                if row % geometry.chunkRows == 0 {
                    let previousChunk = (chunk == 0 ? geometry.chunkCount : chunk) &- 1
                    close(header, chunks + previousChunk, allocated: allocated)
                    drop(chunks + chunk, allocated: allocated)
                    header.pointee.previous = 0
                    header.pointee.run = 0
                }
                add(header, chunks + chunk, next == bucket ? bits : 0, allocated: allocated)
                next &+= 1
            }
        }
        header.pointee.newestPlusOne = bucket &+ 1
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
        let capacity = max(32, needed, Int(chunk.pointee.capacity) * 2)
        guard let base = realloc(chunk.pointee.bytes, capacity) else { return nil }
        allocated.pointee &+= capacity &- Int(chunk.pointee.capacity)
        chunk.pointee.bytes = base
        chunk.pointee.capacity = UInt32(capacity)
        return base + Int(chunk.pointee.length)
    }

    /// Closes the open chunk: writes its pending repeats and shrinks its buffer to its bytes.
    static func close(_ header: UnsafeMutablePointer<Header>, _ chunk: UnsafeMutablePointer<Chunk>, allocated: UnsafeMutablePointer<Int>) {
        let run = Int(header.pointee.run)
        if run > 0, let target = room(chunk, 1, allocated: allocated) {
            XorCodec.writeRun(run, to: target)
            chunk.pointee.length &+= 1
        }
        header.pointee.run = 0
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
        header.pointee = Header()
    }

    // MARK: - Reading

    /// Decodes chunk `index` into `output` (`chunkRows` values, `Stored` bits; rows the chunk
    /// does not hold are unknown). The open chunk gets its pending repeats.
    static func decode(_ header: UnsafeMutablePointer<Header>, _ chunks: UnsafeMutablePointer<Chunk>, _ geometry: Geometry,
                       chunk index: Int, into output: UnsafeMutablePointer<UInt64>) {
        let chunk = chunks[index]
        var count = 0
        if let base = chunk.bytes {
            count = XorCodec.decode(UnsafeRawBufferPointer(start: base, count: Int(chunk.length)), into: output, capacity: geometry.chunkRows).count
        }
        let newestPlusOne = header.pointee.newestPlusOne
        if newestPlusOne > 0 && Int((newestPlusOne - 1) % geometry.physicalRows) / geometry.chunkRows == index {
            let run = min(Int(header.pointee.run), geometry.chunkRows - count)
            (output + count).update(repeating: header.pointee.previous, count: run)
            count += run
        }
        if count < geometry.chunkRows { (output + count).update(repeating: 0, count: geometry.chunkRows - count) }
    }

    /// Bytes the ring's chunks hold (their streams).
    static func streamBytes(_ chunks: UnsafeMutablePointer<Chunk>, _ geometry: Geometry) -> Int {
        var total = 0
        for index in 0..<geometry.chunkCount { total += Int(chunks[index].length) }
        return total
    }
}
