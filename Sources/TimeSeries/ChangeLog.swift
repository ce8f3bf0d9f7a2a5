/// The changes since the last checkpoint, as log records: series registered, samples
/// accepted, slots released. Replaying them through the append path rebuilds the state, and
/// replaying one that is already in a snapshot is harmless (it is out of order, or the slot
/// already holds that generation).
final class ChangeLog: @unchecked Sendable {
    enum Tag: UInt8 {
        case register = 1
        case sample = 2
        case release = 3
    }

    var writer = ByteWriter(capacity: 1 << 16)

    var byteCount: Int { writer.count }

    func appendRegister(slot: Int32, generation: UInt32, createdAt: Double, key: SeriesKey) {
        writer.write(Tag.register.rawValue)
        writer.write(slot)
        writer.write(generation)
        writer.write(createdAt)
        writer.write(key: key)
    }

    @inline(__always) func appendSample(slot: Int32, timestamp: Double, value: Double) {
        writer.reserve(21)
        let pointer = writer.storage + writer.count
        pointer.storeBytes(of: Tag.sample.rawValue, as: UInt8.self)
        pointer.storeBytes(of: slot.littleEndian, toByteOffset: 1, as: Int32.self)
        pointer.storeBytes(of: timestamp.bitPattern.littleEndian, toByteOffset: 5, as: UInt64.self)
        pointer.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 13, as: UInt64.self)
        writer.advance(21)
    }

    func appendRelease(slot: Int32, generation: UInt32) {
        writer.write(Tag.release.rawValue)
        writer.write(slot)
        writer.write(generation)
    }

    init() {}

    deinit { writer.free() }
}
