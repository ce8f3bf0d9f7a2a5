/// The byte stream that compresses a run of ring values (their `Stored` bits), Gorilla-style
/// but byte-aligned so that decoding is a few instructions a value:
///
///     0x00…0x7F  the previous value again, (byte + 1) times (1…128 repeats)
///     0x80…0xFF  a new value: bits 3–5 = t, bits 0–2 = n − 1; then n bytes (little-endian)
///                of (value XOR previous) >> (8 t): the XOR without its t trailing and
///                8 − t − n leading zero bytes
///
/// A stream starts from the previous value 0, i.e. unknown (`Stored` keeps unknown as 0), so a
/// constant series costs a few bytes per stream, an unknown stretch one byte per 128 rows, and
/// NaN gaps come back bit for bit (the codec is lossless).
enum XorCodec {
    /// Longest repeat one byte says.
    static let maximumRun = 128
    /// Most bytes one value takes (its control byte and eight bytes of XOR).
    static let maximumValueBytes = 9

    /// Writes the control byte and significant bytes of `difference` (non-zero) at `target`,
    /// which must have room for 9 bytes plus 7 slack bytes; returns how many bytes it took.
    @inline(__always)
    static func writeValue(_ difference: UInt64, to target: UnsafeMutableRawPointer) -> Int {
        let trailing = difference.trailingZeroBitCount >> 3
        let leading = difference.leadingZeroBitCount >> 3
        let count = 8 &- trailing &- leading
        target.storeBytes(of: UInt8(truncatingIfNeeded: 0x80 | (trailing << 3) | (count &- 1)), as: UInt8.self)
        (target + 1).storeBytes(of: (difference >> UInt64(trailing << 3)).littleEndian, as: UInt64.self)
        return 1 &+ count
    }

    /// Writes a repeat of `count` (1…128) at `target`.
    @inline(__always)
    static func writeRun(_ count: Int, to target: UnsafeMutableRawPointer) {
        target.storeBytes(of: UInt8(truncatingIfNeeded: count &- 1), as: UInt8.self)
    }

    /// Decodes a stream into at most `capacity` values; returns how many it gave and the
    /// last value (the previous value a continuation would XOR against). A malformed stream
    /// (a value cut short) ends the decoding where it breaks, never reading past `bytes`.
    static func decode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt64>, capacity: Int) -> (count: Int, last: UInt64) {
        guard let base = bytes.baseAddress else { return (0, 0) }
        let length = bytes.count
        var position = 0
        var previous: UInt64 = 0
        var count = 0
        while position < length && count < capacity {
            let control = Int(base.load(fromByteOffset: position, as: UInt8.self))
            position &+= 1
            if control < 0x80 {
                let run = min(control &+ 1, capacity &- count)
                (output + count).update(repeating: previous, count: run)
                count &+= run
                continue
            }
            let trailing = (control >> 3) & 7
            let size = (control & 7) &+ 1
            guard position &+ size <= length else { break }
            var difference: UInt64 = 0
            if position &+ 8 <= length {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                difference = size == 8 ? word : word & ((1 << UInt64(size << 3)) &- 1)
            } else {
                for index in 0..<size {
                    difference |= UInt64(base.load(fromByteOffset: position &+ index, as: UInt8.self)) << UInt64(index << 3)
                }
            }
            position &+= size
            previous ^= difference << UInt64(trailing << 3)
            output[count] = previous
            count &+= 1
        }
        return (count, previous)
    }

    /// Encodes `count` values into `writer` as one stream.
    static func encode(_ values: UnsafePointer<UInt64>, count: Int, into writer: inout ByteWriter) {
        var previous: UInt64 = 0
        var run = 0
        writer.reserve(count * maximumValueBytes + 16)
        for index in 0..<count {
            let value = values[index]
            if value == previous {
                run &+= 1
                if run == maximumRun {
                    writeRun(run, to: writer.storage + writer.count)
                    writer.advance(1)
                    run = 0
                }
                continue
            }
            if run > 0 {
                writeRun(run, to: writer.storage + writer.count)
                writer.advance(1)
                run = 0
            }
            writer.advance(writeValue(value ^ previous, to: writer.storage + writer.count))
            previous = value
        }
        if run > 0 {
            writeRun(run, to: writer.storage + writer.count)
            writer.advance(1)
        }
    }
}
