import CZlib

/// gzip compression (RFC 1952) with the system zlib, for `Content-Encoding: gzip` responses.
public enum Gzip {
    /// Why compression failed (zlib's own status code; it happens only when memory runs out).
    public struct Failure: Error, CustomStringConvertible {
        /// zlib's return code.
        public var code: Int32
        /// What it means.
        public var description: String { "gzip compression failed (zlib status \(code))" }
    }

    /// `bytes` as one gzip member. Level 1 is fastest, 9 smallest; 6 is zlib's default.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        try bytes.withUnsafeBufferPointer { try deflate($0, level: level) }
    }

    private static func deflate(_ input: UnsafeBufferPointer<UInt8>, level: Int32) throws -> [UInt8] {
        var stream = z_stream()
        var status = czlib_deflate_init_gzip(&stream, level)
        guard status == Z_OK else { throw Failure(code: status) }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        let written: Int = output.withUnsafeMutableBufferPointer { out in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            stream.next_out = out.baseAddress
            stream.avail_out = uInt(out.count)
            status = CZlib.deflate(&stream, Z_FINISH)
            return out.count - Int(stream.avail_out)
        }
        guard status == Z_STREAM_END else { throw Failure(code: status) }
        output.removeSubrange(written...)
        return output
    }
}
