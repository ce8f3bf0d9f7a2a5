/// Framing of the state files: a sequence of blocks, each a 32-byte header then a payload
/// padded to a multiple of 8 bytes.
///
///     offset 0  magic      "TSB1" (0x31425354 little-endian)
///            4  kind       UInt32
///            8  length     UInt64, payload bytes before padding
///           16  checksum   UInt64, of the payload
///           24  reserved   UInt32, 0
///           28  headerSum  UInt32, low 32 bits of the checksum of bytes 0..<28
///
/// A block whose header or payload checksum does not match is lost on its own; the reader
/// resynchronises on the next valid header.
enum BlockFormat {
    static let magic: UInt32 = 0x3142_5354
    static let headerSize = 32

    enum Kind: UInt32 {
        /// JSON: format version, generation, tiers.
        case fileHeader = 1
        /// One series: slot, generation, state, key.
        case series = 2
        /// One ring of one series as plain Float64 rows (format 1; still read, for migration).
        case ring = 3
        /// JSON, as the file header: marks a complete snapshot.
        case fileTrailer = 4
        /// One coarse ring of one series, compressed (`ChunkRing` streams, format 2).
        case compressedRing = 5
        /// The raw ring of one series as one `XorCodec` stream of its rows (format 2).
        case packedRawRing = 6
        /// Change-log records.
        case changes = 10
    }

    /// Appends a block with `payload` written by `body` to `writer`.
    static func writeBlock(_ kind: Kind, to writer: inout ByteWriter, body: (inout ByteWriter) -> Void) {
        let headerOffset = writer.count
        writer.reserve(headerSize)
        for _ in 0..<4 { writer.write(UInt64(0)) }
        let payloadOffset = writer.count
        body(&writer)
        let length = writer.count - payloadOffset
        let padding = (8 - length % 8) % 8
        for _ in 0..<padding { writer.write(UInt8(0)) }
        let payload = UnsafeRawBufferPointer(start: writer.storage + payloadOffset, count: length)
        let sum = Checksum.hash(payload)
        writer.patch(UInt32(magic), at: headerOffset)
        writer.patch(kind.rawValue, at: headerOffset + 4)
        writer.patch(UInt64(length), at: headerOffset + 8)
        writer.patch(sum, at: headerOffset + 16)
        writer.patch(UInt32(0), at: headerOffset + 24)
        let headerSum = Checksum.hash(UnsafeRawBufferPointer(start: writer.storage + headerOffset, count: 28))
        writer.patch(UInt32(truncatingIfNeeded: headerSum), at: headerOffset + 28)
    }

    /// Appends the 32-byte header of a block holding `payload` to `writer`; returns the
    /// padding bytes (zeros) that must follow the payload.
    static func writeHeader(_ kind: Kind, payload: UnsafeRawBufferPointer, to writer: inout ByteWriter) -> Int {
        let headerOffset = writer.count
        writer.write(magic)
        writer.write(kind.rawValue)
        writer.write(UInt64(payload.count))
        writer.write(Checksum.hash(payload))
        writer.write(UInt32(0))
        let headerSum = Checksum.hash(UnsafeRawBufferPointer(start: writer.storage + headerOffset, count: 28))
        writer.write(UInt32(truncatingIfNeeded: headerSum))
        return (8 - payload.count % 8) % 8
    }

    /// One block read back.
    struct Block {
        var kind: UInt32
        var payload: UnsafeRawBufferPointer
        /// Offset just past the block (and its padding).
        var end: Int
    }

    /// What scanning a file found.
    struct Scan {
        var blocks: [Block] = []
        /// Damaged blocks (bad header or payload checksum) skipped.
        var damaged = 0
        /// Offset after the last good block.
        var goodEnd = 0
        /// Whether damage was found before the last good block (not only a torn tail).
        var damageInMiddle = false
    }

    /// Reads every intact block of `bytes`.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> Scan {
        var blocks: [Block] = []
        var scan = scan(bytes) { blocks.append($0) }
        scan.blocks = blocks
        return scan
    }

    /// Reads the intact blocks of `bytes` in order, handing each to `visit` as soon as it is
    /// found (so a caller can drop the pages behind it); the result has no `blocks`.
    static func scan(_ bytes: UnsafeRawBufferPointer, visit: (Block) throws -> Void) rethrows -> Scan {
        var scan = Scan()
        guard let base = bytes.baseAddress else { return scan }
        let size = bytes.count
        var offset = 0
        var inDamage = false
        var pendingDamage = false
        while offset + headerSize <= size {
            let header = UnsafeRawBufferPointer(start: base + offset, count: headerSize)
            let magicOK = header.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == magic.littleEndian
            let headerSum = UInt32(truncatingIfNeeded: Checksum.hash(UnsafeRawBufferPointer(start: base + offset, count: 28)))
            guard magicOK, UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 28, as: UInt32.self)) == headerSum else {
                if !inDamage { scan.damaged += 1; inDamage = true; pendingDamage = true }
                offset += 8
                continue
            }
            let kind = UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let length = UInt64(littleEndian: header.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            let sum = UInt64(littleEndian: header.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
            let padded = (length + 7) / 8 * 8
            guard length <= UInt64(size), UInt64(offset + headerSize) + padded <= UInt64(size) else {
                // Torn tail: the payload was never fully written.
                if !inDamage { scan.damaged += 1; inDamage = true; pendingDamage = true }
                offset += 8
                continue
            }
            let payload = UnsafeRawBufferPointer(start: base + offset + headerSize, count: Int(length))
            let end = offset + headerSize + Int(padded)
            inDamage = false
            if Checksum.hash(payload) == sum {
                if pendingDamage { scan.damageInMiddle = true }
                try visit(Block(kind: kind, payload: payload, end: end))
                scan.goodEnd = end
            } else {
                scan.damaged += 1
                pendingDamage = true
            }
            offset = end
        }
        if offset < size, !inDamage { scan.damaged += 1 }
        return scan
    }
}
