import Agent
import Detection
import InterfaceProbe
import IXPCore
import ProbeKit
import Testing

@Suite("shard: i/N")
struct ShardConfigurationTests {
    static let switches = """
        switches:
          - {name: sw1, address: 192.0.2.1, community: public}
          - {name: sw2, address: 192.0.2.2, community: public}
          - {name: sw3, address: 192.0.2.3, community: public}
          - {name: sw4, address: 192.0.2.4, community: public}
        """

    @Test("each shard keeps its switches; together they keep every switch once")
    func shardsSplitTheSwitches() throws {
        let first = try AgentConfiguration.parse("shard: 1/2\n" + Self.switches, file: "a.yaml")
        let second = try AgentConfiguration.parse("shard: 2/2\n" + Self.switches, file: "b.yaml")
        let all = try AgentConfiguration.parse(Self.switches, file: "c.yaml")
        let a = Set(first.switches.map(\.name)), b = Set(second.switches.map(\.name))
        #expect(a == ["sw1", "sw3"])
        #expect(b == ["sw2", "sw4"])
        #expect(a.union(b) == Set(all.switches.map(\.name)))
        #expect(first.shard?.description == "1/2")
        #expect(all.shard == nil)
    }

    @Test("a shard of several leaves the zombie symptoms to the whole exchange, unless configured")
    func zombieRulesOffOnAShard() throws {
        let sharded = try AgentConfiguration.parse(
            "shard: 1/3\n" + Self.switches + "\ndetection:\n  rules:\n    members_leaving: {enabled: true}\n", file: "a.yaml")
        for rule in RuleID.zombieSymptoms where rule != .membersLeaving {
            #expect(!sharded.detection.settings(for: rule).enabled, "\(rule) should be off on a shard")
        }
        #expect(sharded.detection.settings(for: .membersLeaving).enabled)
        #expect(sharded.detection.settings(for: .portDown).enabled)
        let single = try AgentConfiguration.parse("shard: 1/1\n" + Self.switches, file: "b.yaml")
        #expect(RuleID.zombieSymptoms.allSatisfy { single.detection.settings(for: $0).enabled })
    }

    @Test("a bad shard names its line and the form expected", arguments: ["0/2", "3/2", "two", "1/2/3"])
    func badShard(_ value: String) {
        do {
            _ = try AgentConfiguration.parse(Self.switches + "\nshard: \"\(value)\"\n", file: "bad.yaml")
            Issue.record("shard \(value) was accepted")
        } catch {
            #expect(error.description.contains("bad.yaml:6"), "\(error.description)")
            #expect(error.description.contains("i/N"), "\(error.description)")
        }
    }
}
