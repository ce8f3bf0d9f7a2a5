/// The changes since the last checkpoint, as log records: series registered, samples
/// accepted, slots released. Replaying them through the append path rebuilds the state, and
/// replaying one that is already in a snapshot is harmless (it is out of order, or the slot
/// already holds that generation).
///
/// Records (little-endian): `1 slot:i32 generation:u32 createdAt:f64 key` (register),
/// `2 slot:i32 timestamp:f64 value:f64` (sample), `3 slot:i32 generation:u32` (release).
// @unchecked Sendable: immutable once taken from the store core. `chunks` is a constant, and the
// bytes behind its pointers are never written after `StoreCore` hands them over; they are freed
// only in `deinit`, when the last reference is gone.
final class ChangeLog: @unchecked Sendable {
    enum Tag: UInt8 {
        case register = 1
        case sample = 2
        case release = 3
    }

    /// The records, in chunks; no record spans two chunks.
    let chunks: [ByteWriter]

    init(taking chunks: [ByteWriter]) { self.chunks = chunks }

    var byteCount: Int { chunks.reduce(0) { $0 + $1.count } }

    deinit { for chunk in chunks { chunk.free() } }
}

extension ByteWriter {
    mutating func appendRegister(slot: Int32, generation: UInt32, createdAt: Double, key: SeriesKey) {
        write(ChangeLog.Tag.register.rawValue)
        write(slot)
        write(generation)
        write(createdAt)
        write(key: key)
    }

    @inline(__always) mutating func appendSample(slot: Int32, timestamp: Double, value: Double) {
        reserve(21)
        let pointer = storage + count
        pointer.storeBytes(of: ChangeLog.Tag.sample.rawValue, as: UInt8.self)
        pointer.storeBytes(of: slot.littleEndian, toByteOffset: 1, as: Int32.self)
        pointer.storeBytes(of: timestamp.bitPattern.littleEndian, toByteOffset: 5, as: UInt64.self)
        pointer.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 13, as: UInt64.self)
        advance(21)
    }

    mutating func appendRelease(slot: Int32, generation: UInt32) {
        write(ChangeLog.Tag.release.rawValue)
        write(slot)
        write(generation)
    }
}
