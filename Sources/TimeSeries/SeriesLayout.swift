/// Where the parts of a series lie in its one zero-filled allocation (all-zero = no data):
///
///     [raw ring: rawRows × UInt64 `Stored` values]
///     [one `ChunkRing.Header` per coarse ring]
///     [the `ChunkRing.Chunk` tables of the coarse rings, one after the other]
///
/// The raw tier is a plain array (it is written many times per step and read by the fast
/// queries); the consolidated tiers are compressed `ChunkRing`s whose streams live in their own
/// allocations. Coarse rings are numbered across tiers in tier order, then function order.
struct SeriesLayout: Sendable {
    /// Rows of the raw ring.
    let rawRows: Int
    /// Byte offset of the ring headers.
    let headerOffset: Int
    /// Byte offset of the chunk tables.
    let chunkTableOffset: Int
    /// Coarse rings per series.
    let ringCount: Int
    /// Index of each coarse ring's first chunk in the chunk tables.
    let firstChunk: [Int]
    /// The geometry of each coarse ring.
    let geometry: [ChunkRing.Geometry]
    /// Bytes of the allocation.
    let totalBytes: Int

    init(layouts: [TierLayout]) {
        rawRows = Int(layouts[0].rows)
        var firstChunk: [Int] = []
        var geometry: [ChunkRing.Geometry] = []
        var chunks = 0
        for layout in layouts.dropFirst() {
            for _ in layout.functions {
                firstChunk.append(chunks)
                geometry.append(layout.geometry)
                chunks += layout.geometry.chunkCount
            }
        }
        self.firstChunk = firstChunk
        self.geometry = geometry
        ringCount = firstChunk.count
        headerOffset = rawRows * 8
        chunkTableOffset = headerOffset + ringCount * MemoryLayout<ChunkRing.Header>.stride
        totalBytes = chunkTableOffset + chunks * MemoryLayout<ChunkRing.Chunk>.stride
    }

    /// The ring headers of a series.
    @inline(__always) func headers(_ data: UnsafeMutablePointer<UInt64>) -> UnsafeMutablePointer<ChunkRing.Header> {
        (UnsafeMutableRawPointer(data) + headerOffset).assumingMemoryBound(to: ChunkRing.Header.self)
    }

    /// The chunk tables of a series.
    @inline(__always) func chunks(_ data: UnsafeMutablePointer<UInt64>) -> UnsafeMutablePointer<ChunkRing.Chunk> {
        (UnsafeMutableRawPointer(data) + chunkTableOffset).assumingMemoryBound(to: ChunkRing.Chunk.self)
    }

    /// Frees the streams of every coarse ring of a series (not the allocation itself).
    func freeStreams(_ data: UnsafeMutablePointer<UInt64>, allocated: UnsafeMutablePointer<Int>) {
        let headers = headers(data)
        let chunks = chunks(data)
        for ring in 0..<ringCount {
            ChunkRing.clear(headers + ring, chunks + firstChunk[ring], geometry[ring], allocated: allocated)
        }
    }
}
