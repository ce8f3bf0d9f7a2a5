import ProbeKit
import Testing

@Suite("shard selection")
struct ShardSelectionTests {
    @Test("i/N parses; anything else does not")
    func parsing() {
        #expect(ShardSelection(parsing: "1/2") == ShardSelection(index: 1, count: 2))
        #expect(ShardSelection(parsing: "3/3")?.description == "3/3")
        for bad in ["0/2", "3/2", "1/0", "1", "1/2/3", "a/b", "-1/2", "", "1/", "/2", "1/1001"] {
            #expect(ShardSelection(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("every name is in exactly one shard, and the choice never depends on the other names")
    func partition() throws {
        let names = (1...500).map { "switch-\($0)" }
        for count in [1, 2, 3, 5] {
            let shards = try (1...count).map { try #require(ShardSelection(index: $0, count: count)) }
            var sizes = Array(repeating: 0, count: count)
            for name in names {
                let owners = shards.filter { $0.contains(name) }
                #expect(owners.count == 1, "\(name) in \(owners.count) shards of \(count)")
                sizes[ShardSelection.shard(of: name, count: count) - 1] += 1
            }
            // A fair hash: no shard gets less than half its share of 500 names.
            #expect(sizes.allSatisfy { $0 > names.count / count / 2 }, "sizes for \(count) shards: \(sizes)")
        }
        // Fixed values: agents built at different times must agree.
        #expect(ShardSelection.shard(of: "sw1", count: 2) == 1)
        #expect(ShardSelection.shard(of: "sw2", count: 2) == 2)
        #expect(ShardSelection.shard(of: "edge1", count: 2) == 2)
    }
}
