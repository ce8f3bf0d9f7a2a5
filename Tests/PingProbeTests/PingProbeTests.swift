import Foundation
import Members
import ProbeKit
import ProbeKitTesting
import Testing
import TimeSeries
@testable import PingProbe
import IXPCore

/// The `ping:` configuration, the choice of targets from the member list, the metrics and
/// store samples of a round, and rounds over real sockets to the loopback addresses.
@Suite struct PingProbeTests {
    static let kinds: [any ProbeKind] = [SingleSectionProbeKind<PingSettings>()]

    static func context(memberListFile: String? = "/tmp/members.json") -> ProbeConfigurationContext {
        var context = ProbeConfigurationContext(file: "agent.yaml")
        context.memberListFile = memberListFile
        return context
    }

    static func settings(_ yaml: String, memberListFile: String? = "/tmp/members.json") throws(ConfigurationError) -> PingSettings? {
        try probeSettings(yaml: yaml, kinds: kinds, context: context(memberListFile: memberListFile)).first as? PingSettings
    }

    @Test func theDocumentedExampleParses() throws {
        let settings = try #require(try Self.settings("ping: {interval: 30s, count: 5, timeout: 1s}\n"))
        #expect(settings.interval == 30 && settings.count == 5 && settings.timeout == 1 && settings.spacing == 1)
        #expect(settings.memberListFile == "/tmp/members.json")
        #expect(settings.intervals == [30])
        #expect(settings.roundDuration == 5)
    }

    @Test func targetsSourceAndMembersFile() throws {
        let settings = try #require(try Self.settings("""
            ping:
              interval: 10s
              source: [192.0.2.250, "2001:db8::fa"]
              members_file: /srv/ixf.json
              targets: [192.0.2.200, {address: "2001:DB8::1", name: collector}]
            """, memberListFile: nil))
        #expect(settings.sources == ["192.0.2.250", "2001:db8::fa"])
        #expect(settings.memberListFile == "/srv/ixf.json")
        #expect(settings.targets.map(\.address) == ["192.0.2.200", "2001:db8::1"])
        #expect(settings.targets.map(\.family) == [.ipv4, .ipv6])
        #expect(settings.targets.last?.name == "collector")
    }

    @Test(arguments: [
        ("ping: {interval: 5s, count: 5, timeout: 2s, spacing: 1s}\n", 1, "must fit in the interval"),
        ("ping: {targets: [192.0.2.300]}\n", 1, "expected an IPv4 or IPv6 address"),
        ("ping: {targets: [192.0.2.1, 192.0.2.1]}\n", 1, "listed twice"),
        ("ping: {source: eth0}\n", 1, "IPv4 or IPv6 address"),
        ("ping: {count: 0}\n", 1, "whole number from 1 to 100"),
        ("ping: {cuont: 5}\n", 1, "unknown key 'cuont'"),
        ("ping: {members: false}\n", 1, "nothing to ping"),
    ])
    func mistakesNameTheirLine(yaml: String, line: Int, words: String) {
        expectConfigurationError(yaml: yaml, kinds: Self.kinds, context: Self.context(), line: line, contains: words)
    }

    @Test func withoutAMemberListFileThereIsNothingToPing() {
        expectConfigurationError(yaml: "ping: {interval: 30s}\n", kinds: Self.kinds, context: Self.context(memberListFile: nil),
                                 contains: "members_file")
    }

    @Test func theSpacingShrinksToFitAShortInterval() throws {
        let settings = try #require(try Self.settings("ping: {interval: 2s, count: 5, timeout: 1s}\n"))
        #expect(settings.spacing == 0.2)
        #expect(settings.roundDuration <= settings.interval)
    }

    let registry = MemberRegistry(members: [
        Member(asn: 65001, name: "Alpha", ipv4Addresses: ["192.0.2.1"], ipv6Addresses: ["2001:db8::1"]),
        Member(asn: 65002, name: "Gone", ipv4Addresses: ["192.0.2.2"], connections: [MemberConnection(state: "inactive")]),
        Member(asn: 64500, name: "Route server", ipv4Addresses: ["192.0.2.253"], isRouteServer: true),
        Member(asn: 64501, name: "The exchange", memberType: "ixp", ipv4Addresses: ["192.0.2.254"]),
        Member(asn: 65003, name: "Bravo", ipv4Addresses: ["192.0.2.3"], connections: [MemberConnection(state: "active")]),
    ])

    @Test func targetsAreConnectedPeeringMembersThenExtras() throws {
        let extra = [try #require(PingTarget(address: "192.0.2.3")), try #require(PingTarget(address: "192.0.2.253", name: "rs1")),
                     try #require(PingTarget(address: "198.51.100.7"))]
        let targets = PingProbe.targets(members: registry, extra: extra)
        #expect(targets.map(\.address) == ["192.0.2.1", "2001:db8::1", "192.0.2.3", "192.0.2.253", "198.51.100.7"])
        #expect(targets.map(\.memberASN) == [65001, 65001, 65003, 64500, nil])
        #expect(targets[3].name == "rs1", "an extra target keeps its own name")
        #expect(PingProbe.targets(members: nil, extra: []).isEmpty)
    }

    @Test func aRoundsMetricsAndStoreSamples() throws {
        let alpha = try #require(PingTarget(address: "192.0.2.1", memberASN: 65001, name: "Alpha"))
        let silent = try #require(PingTarget(address: "2001:db8::9", memberASN: 65009, name: "Silent"))
        let results = [PingTargetResult(target: alpha, sent: 5, roundTrips: [0.004, 0.001, 0.002, 0.003]),
                       PingTargetResult(target: silent, sent: 5, roundTrips: [])]
        let output = PingProbe.output(results, lastReply: ["192.0.2.1": 1_000, "2001:db8::9": 900], at: 1_030)
        func value(_ family: String, _ address: String) -> Double? {
            output.metrics.first { $0.name == family }?.samples.first { $0.labels.contains { $0 == ("address", address) } }?.value
        }
        #expect(value("ixp_ping_loss_ratio", "192.0.2.1") == 0.2)
        #expect(value("ixp_ping_loss_ratio", "2001:db8::9") == 1)
        #expect(value("ixp_ping_rtt_median_seconds", "192.0.2.1") == 0.0025)
        #expect(value("ixp_ping_rtt_min_seconds", "192.0.2.1") == 0.001)
        #expect(value("ixp_ping_rtt_max_seconds", "192.0.2.1") == 0.004)
        #expect(abs((value("ixp_ping_rtt_stddev_seconds", "192.0.2.1") ?? 0) - 0.00111803) < 1e-6)
        #expect(value("ixp_ping_rtt_median_seconds", "2001:db8::9") == nil, "no replies, no round trip")
        #expect(value("ixp_ping_last_reply_age_seconds", "192.0.2.1") == 30)
        #expect(value("ixp_ping_last_reply_age_seconds", "2001:db8::9") == 130)
        let labels = output.metrics.first { $0.name == "ixp_ping_loss_ratio" }?.samples.last?.labels.map { "\($0.name)=\($0.value)" }
        #expect(labels == ["member_asn=65009", "member_name=Silent", "address=2001:db8::9", "family=ipv6"])
        let keys = Set(output.samples.map(\.key))
        #expect(keys == [
            SeriesKey(name: StoreSeries.pingLoss, labels: ["member_asn": "65001", "address": "192.0.2.1", "family": "ipv4"]),
            SeriesKey(name: StoreSeries.pingMedian, labels: ["member_asn": "65001", "address": "192.0.2.1", "family": "ipv4"]),
            SeriesKey(name: StoreSeries.pingLoss, labels: ["member_asn": "65009", "address": "2001:db8::9", "family": "ipv6"]),
        ])
        #expect(output.samples.allSatisfy { $0.timestamp == 1_030 })
    }

    @Test func statisticsOfARound() throws {
        let target = try #require(PingTarget(address: "192.0.2.1"))
        let odd = PingTargetResult(target: target, sent: 3, roundTrips: [0.3, 0.1, 0.2])
        #expect(odd.median == 0.2 && odd.loss == 0 && odd.standardDeviation.map { abs($0 - 0.0816497) < 1e-6 } == true)
        let none = PingTargetResult(target: target, sent: 0, roundTrips: [])
        #expect(none.loss == 1 && none.median == nil && none.standardDeviation == nil)
    }
}
