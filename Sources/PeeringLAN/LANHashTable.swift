import PacketCapture

/// A key of `LANHashTable`: fixed-size integers, hashed with a multiply-xor mix instead of
/// SipHash (the analyser looks up several keys per frame at millions of frames a second).
protocol LANHashKey: Equatable {
    /// 64 well-mixed bits of the key (before the per-process seed).
    var hashBits: UInt64 { get }
}

/// An open-addressing hash table (linear probing, no deletion) for the analyser's per-MAC and
/// per-address state, with a hard cap on entries: beyond `capacityLimit` inserts are refused,
/// so memory stays bounded whatever the LAN sends. Values are modified in place by slot.
///
/// The hash is seeded per process, so that a sender cannot choose keys that collide.
struct LANHashTable<Key: LANHashKey, Value> {
    private struct Slot {
        var used: Bool
        var key: Key
        var value: Value
    }

    private var slots: [Slot]
    private var mask: Int
    private var shift: UInt64
    private let empty: Slot
    private let seed = LANHashSeed.value
    /// Entries stored.
    private(set) var count = 0
    /// The most entries the table will hold.
    let capacityLimit: Int

    /// A table holding at most `limit` entries; `key` and `value` fill empty slots.
    init(limit: Int, placeholderKey key: Key, placeholderValue value: Value) {
        capacityLimit = max(1, limit)
        empty = Slot(used: false, key: key, value: value)
        let initial = 64
        slots = Array(repeating: empty, count: initial)
        mask = initial - 1
        shift = UInt64(64 - initial.trailingZeroBitCount)
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    private func home(_ key: Key) -> Int {
        Int(truncatingIfNeeded: ((key.hashBits ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot holding `key`, or nil.
    @inline(__always)
    func slot(of key: Key) -> Int? {
        var i = home(key)
        while slots[i].used {
            if slots[i].key == key { return i }
            i = (i &+ 1) & mask
        }
        return nil
    }

    /// True when `key` is present.
    @inline(__always)
    func contains(_ key: Key) -> Bool { slot(of: key) != nil }

    /// The value in `slot` (from `slot(of:)` or `insert`), read or modified in place.
    @inline(__always)
    subscript(slot slot: Int) -> Value {
        get { slots[slot].value }
        _modify { yield &slots[slot].value }
    }

    /// The value for `key`, or nil.
    func value(for key: Key) -> Value? {
        slot(of: key).map { slots[$0].value }
    }

    /// Inserts `key` (which must be absent) with `value`; returns its slot, or nil when the table
    /// is full (the caller counts the overflow).
    mutating func insert(_ key: Key, _ value: Value) -> Int? {
        guard count < capacityLimit else { return nil }
        if (count + 1) * 2 > slots.count { grow() }
        var i = home(key)
        while slots[i].used { i = (i &+ 1) & mask }
        slots[i] = Slot(used: true, key: key, value: value)
        count += 1
        return i
    }

    /// Sets the value for `key`, inserting it when absent; false when the table is full.
    @discardableResult
    mutating func set(_ key: Key, _ value: Value) -> Bool {
        if let slot = slot(of: key) {
            slots[slot].value = value
            return true
        }
        return insert(key, value) != nil
    }

    /// Every entry, in slot order (not sorted).
    var entries: [(key: Key, value: Value)] {
        var out: [(key: Key, value: Value)] = []
        out.reserveCapacity(count)
        for slot in slots where slot.used { out.append((slot.key, slot.value)) }
        return out
    }

    /// The number of values matching `predicate`.
    func count(where predicate: (Value) -> Bool) -> Int {
        var n = 0
        for slot in slots where slot.used && predicate(slot.value) { n += 1 }
        return n
    }

    private mutating func grow() {
        let old = slots
        let size = old.count * 2
        slots = Array(repeating: empty, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        for slot in old where slot.used {
            var j = home(slot.key)
            while slots[j].used { j = (j &+ 1) & mask }
            slots[j] = slot
        }
    }
}

/// The per-process seed of `LANHashTable`.
enum LANHashSeed {
    static let value: UInt64 = UInt64.random(in: 1...UInt64.max)
}

@inline(__always)
func lanMix(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let x = (a ^ (b &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x1656_67B1_9E37_79F9
    return x ^ (x >> 29)
}

extension MACAddress: LANHashKey {
    var hashBits: UInt64 { lanMix(rawValue, 0x5bd1_e995) }
}

extension IPAddress: LANHashKey {
    var hashBits: UInt64 { lanMix(high, low) }
}
