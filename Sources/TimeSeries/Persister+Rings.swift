#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing the ring blocks of a snapshot.
///
/// - *ring* (kind 3, format 1): slot, generation, ring index, 0 (UInt32 each), then the ring's
///   `rows` Float64 values in row order (row = bucket mod rows). Read only: a format-1
///   snapshot's coarse rings are replayed bucket by bucket into compressed rings.
/// - *packed raw ring* (kind 6): slot, generation, 0, rows (UInt32 each), then the raw ring's
///   rows in row order as one `XorCodec` stream of their `Stored` bits, or (format 3, when
///   shorter) one `ScaledCodec` stream with the raw step as its scale.
/// - *compressed ring* (kind 5): slot, generation, ring index (1 + the coarse ring's number),
///   chunk rows, chunk count, pending repeats (UInt32 each), the newest bucket plus one (Int64),
///   the stream's previous value (UInt64), then per non-empty chunk its index and byte count
///   (UInt32 each) and its stream, exactly as it is held in memory: `XorCodec`, or from format
///   3 on `ScaledCodec` for a closed chunk that is shorter that way.
extension Persister {
    /// The tier of coarse ring `ring` and its position among that tier's rings.
    static func tierOfRing(_ ring: Int, in core: StoreCore) -> (tier: Int, index: Int)? {
        for (tier, layout) in core.layouts.enumerated().dropFirst()
        where ring >= layout.firstRing && ring < layout.firstRing + layout.functions.count {
            return (tier, ring - layout.firstRing)
        }
        return nil
    }

    /// Restores a format-1 ring block (plain Float64 rows); false if it does not fit.
    static func restorePlainRing(_ reader: inout ByteReader, ring ringIndex: Int, slot: Int, data: UnsafeMutablePointer<UInt64>, into core: StoreCore) -> Bool {
        guard (try? reader.read(UInt32.self)) != nil else { return false }
        if ringIndex == 0 {
            let rows = core.seriesLayout.rawRows
            guard let values = try? reader.readBytes(rows * 8), let source = values.baseAddress else { return false }
            restoreRing(from: source, into: data, rows: rows)
            return true
        }
        guard let (tier, index) = tierOfRing(ringIndex - 1, in: core) else { return false }
        let rows = Int(core.layouts[tier].rows)
        guard let values = try? reader.readBytes(rows * 8), let source = values.baseAddress else { return false }
        let newest = core.tierState(slot, tier - 1).pointee.lastWritten
        guard newest != SlotState.none, newest >= 0 else { return true }
        for bucket in max(0, newest - Int64(rows) + 1)...newest {
            let bits = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: Int(bucket % Int64(rows)) * 8, as: UInt64.self))
            core.write(data: data, tier: tier, ring: index, bucket: bucket, value: Double(bitPattern: bits))
        }
        return true
    }

    /// Restores a compressed coarse ring block; false if it does not fit this core's rings.
    static func restoreCompressedRing(_ reader: inout ByteReader, ring ringIndex: Int, data: UnsafeMutablePointer<UInt64>, into core: StoreCore) -> Bool {
        let layout = core.seriesLayout
        let ring = ringIndex - 1
        guard ring >= 0, ring < layout.ringCount,
              let chunkRows = try? reader.read(UInt32.self), let chunkCount = try? reader.read(UInt32.self),
              let run = try? reader.read(UInt32.self), let newestPlusOne = try? reader.read(Int64.self),
              let previous = try? reader.read(UInt64.self)
        else { return false }
        let geometry = layout.geometry[ring]
        guard Int(chunkRows) == geometry.chunkRows, Int(chunkCount) == geometry.chunkCount,
              Int(run) < XorCodec.maximumRun, newestPlusOne >= 0
        else { return false }
        let header = layout.headers(data) + ring
        let chunks = layout.chunks(data) + layout.firstChunk[ring]
        ChunkRing.clear(header, chunks, geometry, allocated: core.chunkBytes)
        guard newestPlusOne > 0 else { return true }
        let newestRow = Int32((newestPlusOne - 1) % geometry.physicalRows)
        let openIndex = Int(newestRow) / geometry.chunkRows
        let open = ChunkRing.openChunk(header)
        while reader.remaining > 0 {
            guard let index = try? reader.read(UInt32.self), let length = try? reader.read(UInt32.self),
                  Int(index) < geometry.chunkCount, chunks[Int(index)].bytes == nil, Int(index) != openIndex || open.pointee.bytes == nil,
                  let bytes = try? reader.readBytes(Int(length)), let source = bytes.baseAddress, length > 0,
                  Int(index) != openIndex || source.load(as: UInt8.self) != ScaledCodec.marker,  // the open chunk grows as XorCodec
                  let copy = malloc(Int(length))
            else {
                ChunkRing.clear(header, chunks, geometry, allocated: core.chunkBytes)
                return false
            }
            copy.copyMemory(from: source, byteCount: Int(length))
            let chunk = ChunkRing.Chunk(bytes: copy, length: length, capacity: length)
            if Int(index) == openIndex { open.pointee = chunk } else { chunks[Int(index)] = chunk }
            core.chunkBytes.pointee += Int(length)
        }
        header.pointee.newestPlusOne = newestPlusOne
        header.pointee.previous = previous
        header.pointee.run = run
        header.pointee.newestRow = newestRow
        return true
    }

    /// Restores a packed raw ring block; false if it does not fit.
    static func restorePackedRawRing(_ reader: inout ByteReader, data: UnsafeMutablePointer<UInt64>, scratch: UnsafeMutablePointer<UInt64>, into core: StoreCore) -> Bool {
        let rows = core.seriesLayout.rawRows
        guard let stored = try? reader.read(UInt32.self), Int(stored) == rows,
              let stream = try? reader.readBytes(reader.remaining)
        else { return false }
        let decoded = ChunkStream.decode(stream, into: scratch, capacity: rows)
        if decoded < rows { (scratch + decoded).update(repeating: 0, count: rows - decoded) }
        copySkippingUnknown(from: scratch, into: data, rows: rows)
        return true
    }

    /// Copies `Stored` values into fresh (zeroed = unknown) storage in 4 KiB pieces, skipping
    /// pieces that are all unknown so their pages stay uncommitted.
    static func copySkippingUnknown(from source: UnsafeMutablePointer<UInt64>, into target: UnsafeMutablePointer<UInt64>, rows: Int) {
        var start = 0
        while start < rows {
            let end = min(rows, start + 512)
            var anyKnown: UInt64 = 0
            for row in start..<end { anyKnown |= source[row] }
            if anyKnown != 0 { (target + start).update(from: source + start, count: end - start) }
            start = end
        }
    }

    /// Copies a ring's Float64 values from a file into fresh (zeroed = unknown) storage in
    /// 4 KiB pieces, skipping pieces that are all unknown so their pages stay uncommitted.
    static func restoreRing(from source: UnsafeRawPointer, into target: UnsafeMutablePointer<UInt64>, rows: Int) {
        let unknown = Stored.unknownBits
        var start = 0
        while start < rows {
            let end = min(rows, start + 512)
            var anyKnown: UInt64 = 0
            for row in start..<end {
                anyKnown |= UInt64(littleEndian: source.loadUnaligned(fromByteOffset: row &* 8, as: UInt64.self)) ^ unknown
            }
            if anyKnown != 0 {
                for row in start..<end {
                    target[row] = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: row &* 8, as: UInt64.self)) ^ unknown
                }
            }
            start = end
        }
    }

    /// Appends a series block and its ring blocks for slot `index` if it is in use.
    static func encodeSeries(_ core: StoreCore, index: Int, into writer: inout ByteWriter) {
        let state = core.slots[index]
        guard let data = state.data, let key = core.keys[index] else { return }
        BlockFormat.writeBlock(.series, to: &writer) { w in
            w.write(Int32(index))
            w.write(state.generation)
            w.write(state.createdAt)
            w.write(state.lastTimestamp)
            w.write(UInt64(bitPattern: state.rawBucket))
            w.write(state.rawSum)
            w.write(state.rawCount)
            for tier in 0..<core.coarseCount {
                let tierState = core.tierState(index, tier).pointee
                w.write(UInt64(bitPattern: tierState.bucket))
                w.write(UInt64(bitPattern: tierState.lastWritten))
                w.write(tierState.sum)
                w.write(tierState.minimum)
                w.write(tierState.maximum)
                w.write(tierState.last)
                w.write(tierState.known)
            }
            w.write(key: key)
        }
        let layout = core.seriesLayout
        BlockFormat.writeBlock(.packedRawRing, to: &writer) { w in
            w.write(Int32(index))
            w.write(state.generation)
            w.write(UInt32(0))
            w.write(UInt32(layout.rawRows))
            let start = w.count
            XorCodec.encode(data, count: layout.rawRows, into: &w)
            if w.count - start >= layout.rawRows * 3,  // noisy values: try them as integers over the poll steps
               let (scale, bytes) = ChunkStream.bestScale(data, count: layout.rawRows, scales: core.layouts[0].geometry.scales,
                                                          current: w.count - start) {
                w.truncate(to: start)
                w.reserve(ScaledCodec.capacity(forCount: layout.rawRows))
                let written = ScaledCodec.encode(data, count: layout.rawRows, scale: scale, to: w.storage + start)
                w.advance(min(written, bytes))
            }
        }
        let headers = layout.headers(data)
        let chunkTables = layout.chunks(data)
        for ring in 0..<layout.ringCount {
            let header = headers[ring]
            guard header.newestPlusOne > 0 else { continue }  // never written: nothing to keep
            let geometry = layout.geometry[ring]
            let chunks = chunkTables + layout.firstChunk[ring]
            BlockFormat.writeBlock(.compressedRing, to: &writer) { w in
                w.write(Int32(index))
                w.write(state.generation)
                w.write(UInt32(ring + 1))
                w.write(UInt32(geometry.chunkRows))
                w.write(UInt32(geometry.chunkCount))
                w.write(header.run)
                w.write(header.newestPlusOne)
                w.write(header.previous)
                let openIndex = ChunkRing.openIndex(headers + ring, geometry)
                for chunk in 0..<geometry.chunkCount {
                    let entry = chunk == openIndex ? header.open : chunks[chunk]
                    guard let bytes = entry.bytes, entry.length > 0 else { continue }
                    w.write(UInt32(chunk))
                    w.write(entry.length)
                    w.write(bytes: UnsafeRawBufferPointer(start: bytes, count: Int(entry.length)))
                }
            }
        }
    }
}
