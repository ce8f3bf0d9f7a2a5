/// A small PNG writer (ISO/IEC 15948): 8-bit truecolour (RGB) or palette images, no
/// interlacing, every scanline with filter type 0. The image data is a zlib stream (RFC 1950,
/// Adler-32) of deflate blocks (RFC 1951): either stored blocks, or one block with the fixed
/// Huffman codes whose only back-references are to the previous byte or to the byte one row up
/// (runs of one colour and rows like the row above, which is most of a chart). Every chunk
/// carries its CRC-32.
public struct PNGEncoder: Sendable {
    /// How the image data is deflated.
    public enum Compression: Sendable, Hashable {
        /// Stored (uncompressed) blocks.
        case stored
        /// Fixed-Huffman codes with run and row-above matches.
        case fixedHuffman
    }

    /// How the image data is deflated.
    public var compression: Compression

    /// An encoder; fixed-Huffman compression unless told otherwise.
    public init(compression: Compression = .fixedHuffman) {
        self.compression = compression
    }

    /// A truecolour PNG of `width` × `height` pixels; `rgb` holds three bytes (red, green, blue)
    /// per pixel, rows top to bottom.
    public func encode(rgb: [UInt8], width: Int, height: Int) throws(PNGEncoderError) -> [UInt8] {
        try Self.checkSize(width: width, height: height)
        guard rgb.count == width * height * 3 else {
            throw PNGEncoderError("\(rgb.count) bytes of pixel data for \(width)×\(height) RGB pixels; expected \(width * height * 3)")
        }
        return png(width: width, height: height, colourType: 2, palette: nil, rows: rgb, rowBytes: width * 3)
    }

    /// A palette PNG of `width` × `height` pixels; `indices` holds one palette index per pixel,
    /// rows top to bottom; `palette` has 1 to 256 colours.
    public func encode(indices: [UInt8], palette: [RGBColour], width: Int, height: Int) throws(PNGEncoderError) -> [UInt8] {
        try Self.checkSize(width: width, height: height)
        guard (1...256).contains(palette.count) else {
            throw PNGEncoderError("a PNG palette has 1 to 256 colours, not \(palette.count)")
        }
        guard indices.count == width * height else {
            throw PNGEncoderError("\(indices.count) palette indices for \(width)×\(height) pixels")
        }
        if let bad = indices.first(where: { Int($0) >= palette.count }) {
            throw PNGEncoderError("palette index \(bad) outside the palette of \(palette.count) colours")
        }
        var plte: [UInt8] = []
        plte.reserveCapacity(palette.count * 3)
        for colour in palette { plte += [colour.red, colour.green, colour.blue] }
        return png(width: width, height: height, colourType: 3, palette: plte, rows: indices, rowBytes: width)
    }

    // MARK: Structure

    private func png(width: Int, height: Int, colourType: UInt8, palette: [UInt8]?, rows: [UInt8], rowBytes: Int) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        Self.appendBigEndian(UInt32(width), to: &header)
        Self.appendBigEndian(UInt32(height), to: &header)
        header += [8, colourType, 0, 0, 0]  // bit depth, colour type, deflate, filter method 0, no interlace
        Self.appendChunk("IHDR", header, to: &out)
        if let palette { Self.appendChunk("PLTE", palette, to: &out) }
        // Each scanline is preceded by its filter type (0, none).
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * height)
        for row in 0..<height {
            raw.append(0)
            raw += rows[(row * rowBytes)..<((row + 1) * rowBytes)]
        }
        Self.appendChunk("IDAT", zlib(raw, stride: rowBytes + 1), to: &out)
        Self.appendChunk("IEND", [], to: &out)
        return out
    }

    private static func checkSize(width: Int, height: Int) throws(PNGEncoderError) {
        guard width > 0, height > 0, width <= 16_384, height <= 16_384 else {
            throw PNGEncoderError("image size \(width)×\(height) outside 1…16384 pixels a side")
        }
    }

    static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &out)
        let typed = Array(type.utf8) + data
        out += typed
        appendBigEndian(crc32(typed), to: &out)
    }

    static func appendBigEndian(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    // MARK: zlib and deflate

    /// `data` as a zlib stream: header (deflate, 32 KiB window, no dictionary), deflate blocks,
    /// Adler-32 of `data`. `stride` is the distance to the byte one row up.
    func zlib(_ data: [UInt8], stride: Int) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]  // CMF: deflate, 32 KiB; FLG: check bits, fastest
        switch compression {
        case .stored: out += Self.storedBlocks(data)
        case .fixedHuffman: out += Self.fixedHuffmanBlock(data, stride: stride)
        }
        Self.appendBigEndian(Self.adler32(data), to: &out)
        return out
    }

    /// Stored deflate blocks of at most 65535 bytes each; the last one has BFINAL set.
    static func storedBlocks(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + data.count / 65_535 * 5 + 5)
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let final: UInt8 = offset + length == data.count ? 1 : 0
            out.append(final)  // BFINAL, BTYPE 00, then padding to the byte
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        return out
    }

    /// One final deflate block with the fixed Huffman codes (BTYPE 01). Matches are greedy,
    /// tried at distance 1 and at distance `stride` (the row above), 3 to 258 bytes long.
    static func fixedHuffmanBlock(_ data: [UInt8], stride: Int) -> [UInt8] {
        var bits = BitWriter()
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE 01, fixed codes
        let distances = [1, stride].filter { $0 >= 1 && $0 <= 32_768 }
        var index = 0
        while index < data.count {
            var bestLength = 0
            var bestDistance = 0
            for distance in distances where distance <= index {
                let limit = min(258, data.count - index)
                var length = 0
                while length < limit && data[index + length] == data[index + length - distance] { length += 1 }
                if length > bestLength {
                    bestLength = length
                    bestDistance = distance
                }
            }
            if bestLength >= 3 {
                writeLength(bestLength, to: &bits)
                writeDistance(bestDistance, to: &bits)
                index += bestLength
            } else {
                writeLiteral(Int(data[index]), to: &bits)
                index += 1
            }
        }
        writeLiteral(256, to: &bits)  // end of block
        return bits.finish()
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                                     131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                                       2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
                                        13, 13]

    /// A literal/length symbol 0…287 in its fixed Huffman code (RFC 1951 §3.2.6).
    private static func writeLiteral(_ symbol: Int, to bits: inout BitWriter) {
        switch symbol {
        case 0...143: bits.writeHuffman(0x30 + symbol, count: 8)
        case 144...255: bits.writeHuffman(0x190 + symbol - 144, count: 9)
        case 256...279: bits.writeHuffman(symbol - 256, count: 7)
        default: bits.writeHuffman(0xC0 + symbol - 280, count: 8)
        }
    }

    private static func writeLength(_ length: Int, to bits: inout BitWriter) {
        var code = lengthBase.count - 1
        while lengthBase[code] > length { code -= 1 }
        writeLiteral(257 + code, to: &bits)
        if lengthExtra[code] > 0 { bits.write(UInt32(length - lengthBase[code]), count: lengthExtra[code]) }
    }

    private static func writeDistance(_ distance: Int, to bits: inout BitWriter) {
        var code = distanceBase.count - 1
        while distanceBase[code] > distance { code -= 1 }
        bits.writeHuffman(code, count: 5)
        if distanceExtra[code] > 0 { bits.write(UInt32(distance - distanceBase[code]), count: distanceExtra[code]) }
    }

    // MARK: Checksums

    private static let crcTable: [UInt32] = (0..<256).map { byte in
        var value = UInt32(byte)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// The CRC-32 of `bytes` (ISO 3309, as PNG chunks and zip use it).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// The Adler-32 of `bytes` (RFC 1950).
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            // 5552 bytes is the most that cannot overflow 32 bits before the modulo.
            let end = min(bytes.count, index + 5_552)
            while index < end {
                a += UInt32(bytes[index])
                b += a
                index += 1
            }
            a %= 65_521
            b %= 65_521
        }
        return (b << 16) | a
    }
}

/// Bits into bytes, least significant bit first, as deflate packs them.
private struct BitWriter {
    var bytes: [UInt8] = []
    var buffer: UInt64 = 0
    var filled = 0

    /// `count` bits of `value`, least significant first (header fields and extra bits).
    mutating func write(_ value: UInt32, count: Int) {
        buffer |= UInt64(value & ((1 << UInt32(count)) - 1)) << UInt64(filled)
        filled += count
        while filled >= 8 {
            bytes.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            filled -= 8
        }
    }

    /// A Huffman code of `count` bits, which deflate packs most significant bit first.
    mutating func writeHuffman(_ code: Int, count: Int) {
        var reversed: UInt32 = 0
        for bit in 0..<count where code & (1 << (count - 1 - bit)) != 0 { reversed |= 1 << UInt32(bit) }
        write(reversed, count: count)
    }

    /// The bytes, the last one padded with zero bits.
    mutating func finish() -> [UInt8] {
        if filled > 0 { bytes.append(UInt8(buffer & 0xFF)) }
        buffer = 0
        filled = 0
        return bytes
    }
}
