/// Which share of the exchange's switches one agent polls (`shard: i/N`), for exchanges that
/// run one agent per site or per shard and let one Prometheus (or a federation) carry the rest.
///
/// A switch belongs to shard `1 + hash(name) mod N`, with a fixed 64-bit FNV-1a hash of its
/// name: the choice needs no coordination between agents, every agent reading the same
/// `switches:` list agrees on it, and adding or removing a switch never moves another one.
public struct ShardSelection: Sendable, Hashable, CustomStringConvertible {
    /// This agent's shard, 1 … `count`.
    public let index: Int
    /// How many shards share the switches.
    public let count: Int

    /// A selection; nil unless 1 ≤ index ≤ count.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `i/N`, e.g. `2/3`; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let index = Int(parts[0]),
              let count = Int(parts[1]), count <= 1_000
        else { return nil }
        self.init(index: index, count: count)
    }

    /// Whether this shard polls the switch named `name`.
    public func contains(_ name: String) -> Bool {
        Self.shard(of: name, count: count) == index
    }

    /// The shard (1 … count) a switch named `name` belongs to.
    public static func shard(of name: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(max(1, count))) + 1
    }

    /// `i/N`.
    public var description: String { "\(index)/\(count)" }
}
