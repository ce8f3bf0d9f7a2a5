/// A growable little-endian byte buffer for the on-disk formats.
struct ByteWriter {
    private(set) var storage: UnsafeMutableRawPointer
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(64, capacity)
        storage = .allocate(byteCount: self.capacity, alignment: 16)
    }

    /// Frees the storage; the writer must not be used afterwards.
    func free() { storage.deallocate() }

    mutating func reset() { count = 0 }

    /// Drops the bytes after the first `length`.
    mutating func truncate(to length: Int) { count = min(count, max(0, length)) }

    @inline(__always) mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    @inline(never) mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newStorage.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    @inline(__always) mutating func write<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        storage.storeBytes(of: value.littleEndian, toByteOffset: count, as: T.self)
        count += MemoryLayout<T>.size
    }

    @inline(__always) mutating func write(_ value: Double) { write(value.bitPattern) }

    mutating func write(bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage + count).copyMemory(from: base, byteCount: bytes.count)
        count += bytes.count
    }

    mutating func write(string: String) {
        var copy = string
        copy.withUTF8 { utf8 in
            write(UInt32(utf8.count))
            write(bytes: UnsafeRawBufferPointer(utf8))
        }
    }

    mutating func write(key: SeriesKey) {
        write(string: key.name)
        write(UInt32(key.labels.count))
        for label in key.labels {
            write(string: label.name)
            write(string: label.value)
        }
    }

    /// Overwrites 8 bytes at `offset`.
    mutating func patch(_ value: UInt64, at offset: Int) {
        storage.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
    }

    mutating func patch(_ value: UInt32, at offset: Int) {
        storage.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }
}

/// Reads what `ByteWriter` wrote; every read is bounds-checked and throws on short input.
struct ByteReader {
    struct Short: Error {}

    let base: UnsafeRawPointer
    let count: Int
    var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) {
        base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        count = buffer.baseAddress == nil ? 0 : buffer.count
    }

    var remaining: Int { count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
        guard remaining >= MemoryLayout<T>.size else { throw Short() }
        let value = base.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    mutating func readDouble() throws -> Double { Double(bitPattern: try read(UInt64.self)) }

    mutating func readBytes(_ length: Int) throws -> UnsafeRawBufferPointer {
        guard length >= 0, remaining >= length else { throw Short() }
        defer { offset += length }
        return UnsafeRawBufferPointer(start: base + offset, count: length)
    }

    mutating func readString() throws -> String {
        let length = Int(try read(UInt32.self))
        guard length <= 1 << 20 else { throw Short() }
        return String(decoding: try readBytes(length), as: UTF8.self)
    }

    mutating func readKey() throws -> SeriesKey {
        let name = try readString()
        let labelCount = Int(try read(UInt32.self))
        guard labelCount <= 1024 else { throw Short() }
        var labels: [String: String] = [:]
        for _ in 0..<labelCount {
            let labelName = try readString()
            labels[labelName] = try readString()
        }
        return SeriesKey(name: name, labels: labels)
    }
}

extension ByteWriter {
    /// Counts `length` bytes written directly into `storage` after a `reserve`.
    @inline(__always) mutating func advance(_ length: Int) { count += length }
}
