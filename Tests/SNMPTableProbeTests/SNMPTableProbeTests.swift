import FoundationEssentials
import IXPCore
import ProbeKit
import SNMPClient
import SNMPClientTesting
import SNMPTableProbe
import Testing
import TimeSeries

/// The table poller polled through an SNMP agent in memory, with the shipped `bgp4` definition:
/// what one collection asks and produces, a missing column, a Counter32 wrap across polls and an
/// agent that does not answer. (The integration tests poll snmpsim's recordings.)
@Suite("SNMP table probe on a fake agent")
struct SNMPTableProbeTests {
    static let target = SNMPTarget(host: "192.0.2.1", credentials: .v2c(community: "public"))
    static let sysUpTime = OID([1, 3, 6, 1, 2, 1, 1, 3, 0])
    static let peer = OID([1, 3, 6, 1, 2, 1, 15, 3, 1])
    static let address: [UInt32] = [192, 0, 2, 1]

    /// bgpPeerEntry column `subid` of the peer 192.0.2.1.
    static func column(_ subid: UInt32) -> OID { peer.appending([subid] + address) }

    /// An agent with one established session to AS64500 that has received `inUpdates`.
    static func agent(inUpdates: UInt32 = 100) -> FakeSNMPAgent {
        FakeSNMPAgent([
            sysUpTime: .timeticks(1_000),
            column(2): .integer(6),
            column(3): .integer(2),
            column(9): .integer(64500),
            column(10): .counter32(inUpdates),
            column(11): .counter32(12),
            column(16): .integer(3_600),
        ])
    }

    static func probe(_ agent: FakeSNMPAgent) throws -> SNMPTableProbe {
        let catalog = try SNMPTableDefinitionCatalog.load(directory: SNMPTableDefinitionTests.probes.path)
        let bgp4 = try #require(catalog.definitions["bgp4"])
        return SNMPTableProbe(
            configuration: SNMPTableProbeConfiguration(
                switchName: "rr1", target: target, interval: 60, definition: bgp4),
            engine: agent)
    }

    static func metric(_ output: ProbeOutput, _ name: String) -> Double? {
        output.metrics.first { $0.name == name }?.samples.first { sample in
            sample.labels.contains { $0.name == "peer" && $0.value == "192.0.2.1" }
        }?.value
    }

    @Test func oneCollectionGetsSysUpTimeAndWalksTheColumnsIntoMetrics() async throws {
        let agent = Self.agent()
        let output = try await Self.probe(agent).collect(at: 1_000)
        #expect(Self.metric(output, "ixp_bgp_peer_state") == 6)
        #expect(Self.metric(output, "ixp_bgp_peer_established_seconds") == 3_600)
        #expect(Self.metric(output, "ixp_bgp_peer_in_updates_total") == 100)
        let state = try #require(output.samples.first { $0.key.name == "ixp_bgp_peer_state" })
        #expect(
            state.key[label: "peer_asn"] == "64500" && state.key[label: "switch"] == "rr1" && state.timestamp == 1_000)
        #expect(agent.requests.contains(.get([Self.sysUpTime])))
        #expect(agent.requests.filter { if case .walk = $0 { true } else { false } }.count == 1)
    }

    @Test func aColumnTheAgentLacksGivesNoValueButTheOthersStay() async throws {
        let agent = Self.agent()
        agent.remove(Self.peer.appending([16]))
        let output = try await Self.probe(agent).collect(at: 0)
        #expect(Self.metric(output, "ixp_bgp_peer_established_seconds") == nil)
        #expect(Self.metric(output, "ixp_bgp_peer_state") == 6)
    }

    @Test func aCounter32ThatWrapsBetweenPollsKeepsItsRateAndItsTotalRising() async throws {
        let agent = Self.agent(inUpdates: 4_294_967_000)
        let probe = try Self.probe(agent)
        _ = try await probe.collect(at: 0)
        agent.advance(seconds: 60)
        agent.set(Self.sysUpTime, .timeticks(7_000))
        agent.set(Self.column(10), .counter32(104))
        let output = try await probe.collect(at: 60)
        // 2^32 − 4,294,967,000 + 104 = 400 updates in 60 s.
        #expect(Self.metric(output, "ixp_bgp_peer_in_updates_total") == 4_294_967_400)
        let rate = try #require(output.samples.first { $0.key.name == "ixp_bgp_peer_in_updates_per_second" })
        #expect(abs(rate.value - 400.0 / 60) < 1e-9)
    }

    @Test func anAgentThatDoesNotAnswerFailsTheCollection() async throws {
        let agent = Self.agent()
        agent.failure = SNMPError(.timeout, target: Self.target.displayName, "no answer")
        await #expect(throws: SNMPError.self) { _ = try await Self.probe(agent).collect(at: 0) }
    }
}
