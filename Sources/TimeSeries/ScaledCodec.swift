/// The byte stream of a closed chunk whose values are mostly integers over a fixed scale:
/// a rate made from a counter delta over a poll of `k` seconds is `n / k` for an integer `n`,
/// a consolidated average of such rates is `Σn / (k · count)`, a minimum or maximum is one of
/// them. Such a value is kept as the step from the previous `n` (a few bytes of noise) where
/// `XorCodec` keeps the XOR of two floats whose mantissa bits are all significant (7–8 bytes).
///
/// Lossless for every value: `n` is `v × k` rounded, and the stream also keeps the difference
/// between `v`'s bits and the bits of `Double(n) / Double(k)` (the residual, 0 for an exact
/// `n / k`, a few units in the last place for an average whose sum was rounded); a value
/// whose residual would cost more than its bits (not a multiple of `1 / k`, ±0 with the wrong
/// sign, infinities, NaN other than unknown) is kept whole.
///
///     0xFF, k as LEB128                 the stream's first bytes (0xFF never starts an
///                                       `XorCodec` stream: it would say t = 7, n = 8)
///     0x00…0x7F                         the previous value again, (byte + 1) times
///     0x80 | L << 3 | z   (L = 0…8)     a new value: L bytes (little-endian) of the zigzagged
///                                       step n − previous n; z = 0…6 the zigzagged residual,
///                                       z = 7: the residual's zigzag − 7 follows as LEB128
///     0xF8                              unknown
///     0xFF                              a value kept whole: 8 bytes of its `Stored` bits
///
/// `n` starts at 0, the previous value at unknown (0). Chunks are encoded this way when they
/// close (off the append path) and only when it is shorter than their `XorCodec` stream.
enum ScaledCodec {
    /// The first byte of a scaled stream.
    static let marker: UInt8 = 0xFF
    static let unknownControl: UInt8 = 0xF8
    static let wholeControl: UInt8 = 0xFF
    /// Largest |v × k| encoded as an integer (2^62, so steps between two never overflow).
    static let largestScaled = 4.611_686_018_427_387_904e18
    /// Most bytes one value takes (a whole value: control + 8).
    static let maximumValueBytes = 9

    @inline(__always) static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    @inline(__always) static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    @inline(__always) static func varintLength(_ value: UInt64) -> Int {
        value == 0 ? 1 : (70 &- value.leadingZeroBitCount) / 7
    }

    /// Room an encoding of `count` values may need (plus 8 bytes of slack for the stores).
    static func capacity(forCount count: Int) -> Int { 16 &+ count &* (maximumValueBytes &+ 1) &+ 8 }

    /// Encodes `count` `Stored` values with scale `scale` (≥ 1) at `target` (nil: only count),
    /// which must have `capacity(forCount:)` bytes; returns the bytes the stream takes.
    static func encode(_ values: UnsafePointer<UInt64>, count: Int, scale: Int64, to target: UnsafeMutableRawPointer?) -> Int {
        var position = 0
        @inline(__always) func put(_ byte: UInt8) {
            target?.storeBytes(of: byte, toByteOffset: position, as: UInt8.self)
            position &+= 1
        }
        @inline(__always) func putVarint(_ value: UInt64) {
            var rest = value
            while rest >= 0x80 {
                put(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            put(UInt8(truncatingIfNeeded: rest))
        }
        put(marker)
        putVarint(UInt64(scale))
        let k = Double(scale)
        var previous: UInt64 = 0
        var previousN: Int64 = 0
        var run = 0
        for index in 0..<count {
            let value = values[index]
            if value == previous {
                run &+= 1
                if run == XorCodec.maximumRun {
                    put(UInt8(truncatingIfNeeded: run &- 1))
                    run = 0
                }
                continue
            }
            if run > 0 {
                put(UInt8(truncatingIfNeeded: run &- 1))
                run = 0
            }
            previous = value
            if value == 0 {
                put(unknownControl)
                continue
            }
            let bits = value ^ Stored.unknownBits
            let scaled = Double(bitPattern: bits) * k
            if scaled.magnitude < largestScaled {  // false for NaN and infinities
                let n = Int64(scaled.rounded())
                let residual = zigzag(Int64(bitPattern: bits &- (Double(n) / k).bitPattern))
                let step = zigzag(n &- previousN)
                let length = (71 &- step.leadingZeroBitCount) >> 3  // 0…8 bytes
                let extra = residual < 7 ? 0 : varintLength(residual &- 7)
                if 1 &+ length &+ extra <= maximumValueBytes {
                    put(0x80 | UInt8(truncatingIfNeeded: length << 3) | UInt8(truncatingIfNeeded: min(residual, 7)))
                    target?.storeBytes(of: step.littleEndian, toByteOffset: position, as: UInt64.self)
                    position &+= length
                    if residual >= 7 { putVarint(residual &- 7) }
                    previousN = n
                    continue
                }
            }
            put(wholeControl)
            target?.storeBytes(of: value.littleEndian, toByteOffset: position, as: UInt64.self)
            position &+= 8
        }
        if run > 0 { put(UInt8(truncatingIfNeeded: run &- 1)) }
        return position
    }

    /// Decodes a scaled stream into at most `capacity` values; returns how many it gave. A
    /// malformed stream ends the decoding where it breaks, never reading past `bytes`.
    static func decode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt64>, capacity: Int) -> Int {
        guard let base = bytes.baseAddress, bytes.count >= 2, base.load(as: UInt8.self) == marker else { return 0 }
        let length = bytes.count
        var position = 1
        @inline(__always) func readVarint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while position < length, shift < 64 {
                let byte = base.load(fromByteOffset: position, as: UInt8.self)
                position &+= 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift &+= 7
            }
            return nil
        }
        @inline(__always) func readBytes(_ size: Int) -> UInt64 {
            if position &+ 8 <= length {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                return size == 8 ? word : word & ((1 << UInt64(size << 3)) &- 1)
            }
            var value: UInt64 = 0
            for index in 0..<size {
                value |= UInt64(base.load(fromByteOffset: position &+ index, as: UInt8.self)) << UInt64(index << 3)
            }
            return value
        }
        guard let scale = readVarint(), scale >= 1, scale <= UInt64(Int64.max) else { return 0 }
        let k = Double(Int64(scale))
        var previous: UInt64 = 0
        var previousN: Int64 = 0
        var count = 0
        while position < length && count < capacity {
            let control = base.load(fromByteOffset: position, as: UInt8.self)
            position &+= 1
            if control < 0x80 {
                let run = min(Int(control) &+ 1, capacity &- count)
                (output + count).update(repeating: previous, count: run)
                count &+= run
                continue
            }
            if control == unknownControl {
                previous = 0
            } else if control == wholeControl {
                guard position &+ 8 <= length else { break }
                previous = readBytes(8)
                position &+= 8
            } else {
                let size = Int((control >> 3) & 0x0F)
                guard size <= 8, position &+ size <= length else { break }
                let step = readBytes(size)
                position &+= size
                var residual = UInt64(control & 7)
                if residual == 7 {
                    guard let more = readVarint() else { break }
                    residual &+= more
                }
                previousN &+= unzigzag(step)
                let bits = (Double(previousN) / k).bitPattern &+ UInt64(bitPattern: unzigzag(residual))
                previous = bits ^ Stored.unknownBits
            }
            output[count] = previous
            count &+= 1
        }
        return count
    }
}

/// A chunk's stream in either encoding: `XorCodec` (what an open chunk grows as) or
/// `ScaledCodec` (what a closed chunk may be re-encoded as), told apart by the first byte.
enum ChunkStream {
    /// Decodes either kind of stream; returns how many values it gave.
    static func decode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt64>, capacity: Int) -> Int {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        if base.load(as: UInt8.self) == ScaledCodec.marker {
            return ScaledCodec.decode(bytes, into: output, capacity: capacity)
        }
        return XorCodec.decode(bytes, into: output, capacity: capacity).count
    }

    /// The scale among `scales` whose `ScaledCodec` stream of the values is shortest, if that
    /// is shorter than `current` bytes.
    static func bestScale(_ values: UnsafePointer<UInt64>, count: Int, scales: [Int64], current: Int) -> (scale: Int64, bytes: Int)? {
        var best: (scale: Int64, bytes: Int)?
        for scale in scales where scale >= 1 {
            let bytes = ScaledCodec.encode(values, count: count, scale: scale, to: nil)
            if bytes < (best?.bytes ?? current) { best = (scale, bytes) }
        }
        return best
    }
}
