import CZlib

/// A small PNG writer (ISO/IEC 15948): 8-bit truecolour (RGB) or palette images, no
/// interlacing, every scanline with filter type 0. The image data is a zlib stream (RFC 1950,
/// with its Adler-32) of deflate blocks (RFC 1951) written by the system zlib: either stored
/// blocks, or blocks with the fixed Huffman codes (runs of one colour and rows like the row
/// above, which is most of a chart, compress well without dynamic codes). Every chunk carries
/// its CRC-32, also computed by zlib.
public struct PNGEncoder: Sendable {
    /// How the image data is deflated.
    public enum Compression: Sendable, Hashable {
        /// Stored (uncompressed) blocks: zlib at level 0.
        case stored
        /// Fixed-Huffman codes: zlib's `Z_FIXED` strategy at its default level.
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
        return try png(width: width, height: height, colourType: 2, palette: nil, rows: rgb, rowBytes: width * 3)
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
        return try png(width: width, height: height, colourType: 3, palette: plte, rows: indices, rowBytes: width)
    }

    // MARK: Structure

    private func png(
        width: Int, height: Int, colourType: UInt8, palette: [UInt8]?, rows: [UInt8], rowBytes: Int
    ) throws(PNGEncoderError) -> [UInt8] {
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
        Self.appendChunk("IDAT", try zlib(raw), to: &out)
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

    // MARK: zlib

    /// `data` as a zlib stream (header, deflate blocks, Adler-32 of `data`), written by the
    /// system zlib in one call; a zlib failure (out of memory) is an error.
    func zlib(_ data: [UInt8]) throws(PNGEncoderError) -> [UInt8] {
        let level: Int32
        let strategy: Int32
        switch compression {
        case .stored: (level, strategy) = (0, Z_DEFAULT_STRATEGY)
        case .fixedHuffman: (level, strategy) = (Z_DEFAULT_COMPRESSION, Z_FIXED)
        }
        guard data.count <= Int(UInt32.max) else {
            throw PNGEncoderError("\(data.count) bytes of image data are more than zlib takes in one call")
        }
        var stream = z_stream()
        var status = czlib_deflate_init_zlib(&stream, level, strategy)
        guard status == Z_OK else {
            throw PNGEncoderError("zlib could not start a deflate stream (status \(status))")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(data.count)))
        guard bound <= Int(UInt32.max) else {
            throw PNGEncoderError("\(data.count) bytes of image data are more than zlib takes in one call")
        }
        var output = [UInt8](repeating: 0, count: bound)
        let written = data.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                status = deflate(&stream, Z_FINISH)
                return out.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END else {
            throw PNGEncoderError("zlib could not deflate the image data (status \(status))")
        }
        output.removeSubrange(written...)
        return output
    }

    // MARK: Checksums

    /// The CRC-32 of `bytes` (ISO 3309, as PNG chunks and zip use it), by zlib.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: crc32_z(0, buffer.baseAddress, z_size_t(buffer.count)))
        }
    }
}
