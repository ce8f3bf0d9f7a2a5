/// A bounds-checked big-endian (XDR) reader over a byte range: every read checks the bytes
/// it needs are there and throws `truncated` otherwise, so a datagram can never make the
/// decoder read past its end.
struct SFlowReader {
    let bytes: UnsafeRawBufferPointer
    /// The next byte to read.
    private(set) var offset: Int
    /// One past the last byte this reader may read.
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    /// Bytes left.
    var remaining: Int { end - offset }

    /// Throws `truncated` unless `count` bytes are left.
    @inline(__always)
    func need(_ count: Int, _ what: StaticString) throws(SFlowDecodeError) {
        guard count >= 0, count <= end - offset else {
            throw SFlowDecodeError(.truncated, "\(what) at offset \(offset) needs \(count) bytes, \(max(0, end - offset)) left")
        }
    }

    @inline(__always)
    mutating func u32(_ what: StaticString) throws(SFlowDecodeError) -> UInt32 {
        try need(4, what)
        let b = bytes
        let o = offset
        offset += 4
        return UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])
    }

    @inline(__always)
    mutating func u64(_ what: StaticString) throws(SFlowDecodeError) -> UInt64 {
        let high = try u32(what)
        let low = try u32(what)
        return UInt64(high) << 32 | UInt64(low)
    }

    /// Skips `count` bytes.
    mutating func skip(_ count: Int, _ what: StaticString) throws(SFlowDecodeError) {
        try need(count, what)
        offset += count
    }

    /// An XDR opaque of `length` bytes padded to four: returns its range and moves past the padding.
    mutating func opaque(length: Int, _ what: StaticString) throws(SFlowDecodeError) -> Range<Int> {
        let padded = (length + 3) & ~3
        try need(padded, what)
        defer { offset += padded }
        return offset..<offset + length
    }

    /// A sub-reader over the next `length` bytes (a sample or record); this reader moves past them.
    mutating func structure(length: Int, _ what: StaticString) throws(SFlowDecodeError) -> SFlowReader {
        try need(length, what)
        defer { offset += length }
        return SFlowReader(bytes, offset: offset, end: offset + length)
    }
}
