import CaptureTestSupport
import Foundation
import IXPCore
import Members
import PacketCapture
import ProbeKit
import Testing
@testable import PeeringLAN

private typealias T = TestFrames
private let bcast: UInt64 = 0xFFFF_FFFF_FFFF
private let t0: Int64 = 1_700_000_040 * 1_000_000_000  // a minute boundary

/// Feeds frames to an analyser with explicit times.
private struct Feed {
    var analyzer: PeeringLANAnalyzer
    init(_ configuration: PeeringLANConfiguration = PeeringLANConfiguration(), members: MemberRegistry? = nil, snapshots: Bool = false) {
        analyzer = PeeringLANAnalyzer(configuration: configuration, members: members, collectSnapshots: snapshots)
    }
    mutating func add(_ bytes: [UInt8], at time: Int64) {
        analyzer.ingest(FrameHeader(timestampNanoseconds: time, capturedLength: bytes.count, wireLength: bytes.count),
                        analyzer.decoder.decode(bytes))
    }
    mutating func report() -> PeeringLANReport {
        analyzer.finish()
        return analyzer.report()
    }
}

private func arpRequest(from mac: UInt64, ip: UInt32, for target: UInt32) -> [UInt8] {
    T.ethernet(dst: bcast, src: mac, type: 0x0806, T.arp(op: 1, sha: mac, spa: ip, tpa: target))
}

private func arpReply(from mac: UInt64, ip: UInt32, to other: UInt64, otherIP: UInt32) -> [UInt8] {
    T.ethernet(dst: other, src: mac, type: 0x0806, T.arp(op: 2, sha: mac, spa: ip, tha: other, tpa: otherIP))
}

private func ip(_ last: UInt8) -> UInt32 { T.ip4(192, 0, 2, last) }
private func mac(_ n: UInt64) -> UInt64 { 0x0200_0000_0000 | n }

private func members(_ json: String) throws -> MemberRegistry {
    try IXFMemberListParser.parse(Data(json.utf8))
}

private let twoMembers = """
    {"member_list": [
      {"asnum": 64501, "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.1", "mac_address": ["02:00:00:00:00:01"]},
                                                           "ipv6": {"address": "2001:db8::1", "mac_address": ["02:00:00:00:00:01"]}}]}]},
      {"asnum": 64502, "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.2", "mac_address": ["02:00:00:00:00:02"]}}]}]},
      {"asnum": 64503, "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.3", "mac_address": ["02:00:00:00:00:03"]}}]}]},
      {"asnum": 64599, "member_type": "routeserver", "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.250", "mac_address": ["02:00:00:00:00:fa"]}}]}]}
    ]}
    """

@Suite struct PeeringLANAnalyzerTests {
    @Test func fixtureReportCountsEveryClassAndForbiddenTraffic() throws {
        var feed = Feed()
        try OfflineCapture(path: T.fixture("pcap/LLDP_and_CDP.pcap")).forEachFrame(decoder: feed.analyzer.decoder) { header, frame in
            feed.analyzer.ingest(header, frame)
        }
        let report = feed.report()
        #expect(report.framesTotal == 12)
        #expect(report.byClass.count == TrafficClass.count)
        #expect(report.byClass["lldp"] == 8 && report.byClass["cdp"] == 4 && report.byClass["stp"] == 0)
        #expect(report.violations.filter { $0.rule == "lldp" }.map(\.frames).reduce(0, +) == 8)
        #expect(report.violations.filter { $0.rule == "cdp" }.map(\.frames).reduce(0, +) == 4)
        #expect(report.violations.allSatisfy { $0.severity == .warning && $0.srcMAC != nil && !$0.example.isEmpty })
        #expect(report.firstTimestamp?.hasSuffix("Z") == true)

        var allowLLDP = PeeringLANConfiguration()
        allowLLDP.allowedClasses = ["lldp"]
        var allowed = Feed(allowLLDP)
        try OfflineCapture(path: T.fixture("pcap/LLDP_and_CDP.pcap")).forEachFrame(decoder: allowed.analyzer.decoder) { header, frame in
            allowed.analyzer.ingest(header, frame)
        }
        #expect(allowed.report().violations.allSatisfy { $0.rule == "cdp" })
    }

    @Test func stpIsCriticalFromTheFirstFrame() {
        var feed = Feed()
        feed.add(T.llc(dst: 0x0180_C200_0000, src: mac(9), dsap: 0x42, ssap: 0x42, [0, 0, 0, 0]), at: t0)
        let report = feed.report()
        #expect(report.violations.count == 1)
        #expect(report.violations.first?.rule == "stp")
        #expect(report.violations.first?.severity == .critical)
        #expect(report.violations.first?.srcMAC == "02:00:00:00:00:09")
        #expect(report.violations.first?.example.contains("stp llc dsap 0x42") == true)
    }

    @Test func arpStormAtTheThreshold() {
        for (count, storm) in [(3_999, false), (4_000, true)] {
            var feed = Feed()
            for i in 0..<count {
                feed.add(arpRequest(from: mac(UInt64(i % 200)), ip: ip(1), for: ip(UInt8(2 + i % 200))), at: t0 + Int64(i) * 10_000_000)
            }
            let report = feed.report()
            #expect(report.arp.peakPerMinute == UInt64(count))
            #expect(report.arp.storms.count == (storm ? 1 : 0))
            #expect(report.violations.contains { $0.rule == "arp_storm" } == storm)
            if storm { #expect(report.arp.storms.first?.minute == "2023-11-14T22:14:00Z") }
        }
    }

    @Test func arpFlooderAboveThreePerSecondOverAMinute() {
        for (count, flooder) in [(180, false), (181, true)] {
            var feed = Feed()
            for i in 0..<count {
                feed.add(arpRequest(from: mac(1), ip: ip(1), for: ip(UInt8(2 + i % 100))), at: t0 + Int64(i) * 300_000_000)
            }
            let report = feed.report()
            #expect(report.arp.flooders.map(\.srcMAC) == (flooder ? ["02:00:00:00:00:01"] : []))
            #expect(report.violations.contains { $0.rule == "arp_flooder" } == flooder)
            if flooder { #expect(report.arp.flooders.first?.peakPerSecond == 4) }
        }
    }

    @Test func arpFlooderWindowSlidesAcrossTheMinute() {
        // 120 requests in the last 20 s of one minute and 120 in the first 20 s of the next:
        // never more than 180 in one fixed minute, but 200 in the 60 s ending at the last one.
        var feed = Feed()
        for i in 0..<240 {
            let offset = Int64(40_000_000_000) + Int64(i) * 166_666_666
            feed.add(arpRequest(from: mac(1), ip: ip(1), for: ip(UInt8(2 + i % 100))), at: t0 + offset)
        }
        let report = feed.report()
        #expect(report.arp.flooders.map(\.srcMAC) == ["02:00:00:00:00:01"])
        #expect(report.violations.contains { $0.rule == "arp_flooder" })
        // Spread evenly over a long time, the same requests are no flood.
        var slow = Feed()
        for i in 0..<240 {
            slow.add(arpRequest(from: mac(1), ip: ip(1), for: ip(UInt8(2 + i % 100))), at: t0 + Int64(i) * 500_000_000)
        }
        #expect(slow.report().arp.flooders.isEmpty)
    }

    /// `perMinute` ARP requests in each of `minutes` minutes from `start`.
    private func arpMinutes(_ feed: inout Feed, from start: Int64, minutes: Int, perMinute: Int) {
        for m in 0..<minutes {
            for i in 0..<perMinute {
                let time = start + Int64(m) * 60_000_000_000 + Int64(i) * (55_000_000_000 / Int64(perMinute))
                feed.add(arpRequest(from: mac(UInt64(1 + i % 5)), ip: ip(1), for: ip(UInt8(2 + i % 100))), at: time)
            }
        }
    }

    @Test func theStormMedianSurvivesARestartThroughItsBaseline() {
        // An hour of quiet ARP (10 a minute) fills the median's minimum history.
        var before = Feed()
        arpMinutes(&before, from: t0, minutes: 60, perMinute: 10)
        before.analyzer.finish()
        let baseline = before.analyzer.stormBaseline
        #expect(baseline.arpMinutes.count == 60)
        #expect(baseline.arpMinutes.allSatisfy { $0 == 10 })
        #expect(baseline.lastMinute == LANMinute.of(t0) + 59)

        // After a restart, three minutes at four times the median are a storm at once ...
        let later = t0 + 65 * 60_000_000_000
        var restored = Feed()
        restored.analyzer.restoreStormBaseline(baseline, nowNanoseconds: later)
        arpMinutes(&restored, from: later, minutes: 3, perMinute: 40)
        #expect(restored.report().arp.storms.count == 1)
        // ... which an agent that forgot its history cannot see for another hour.
        var fresh = Feed()
        arpMinutes(&fresh, from: later, minutes: 3, perMinute: 40)
        #expect(fresh.report().arp.storms.isEmpty)
        // A baseline older than the 7-day window is stale and ignored.
        var stale = Feed()
        let nextWeek = t0 + 8 * 24 * 3_600 * 1_000_000_000
        stale.analyzer.restoreStormBaseline(baseline, nowNanoseconds: nextWeek)
        arpMinutes(&stale, from: nextWeek, minutes: 3, perMinute: 40)
        #expect(stale.report().arp.storms.isEmpty)
    }

    @Test func theBaselineIsTheWindowOldestFirst() {
        var configuration = PeeringLANConfiguration()
        configuration.arp.stormMedianWindowMinutes = 5
        var feed = Feed(configuration)
        for m in 0..<8 { arpMinutes(&feed, from: t0 + Int64(m) * 60_000_000_000, minutes: 1, perMinute: m + 1) }
        feed.analyzer.finish()
        #expect(feed.analyzer.stormBaseline.arpMinutes == [4, 5, 6, 7, 8])
        var again = Feed(configuration)
        again.analyzer.restoreStormBaseline(feed.analyzer.stormBaseline, nowNanoseconds: t0 + 9 * 60_000_000_000)
        arpMinutes(&again, from: t0 + 9 * 60_000_000_000, minutes: 2, perMinute: 20)
        again.analyzer.finish()
        #expect(again.analyzer.stormBaseline.arpMinutes == [6, 7, 8, 20, 20])
    }

    @Test func deadIPNeedsFiveMinutesTwoSourcesAndSilence() {
        func run(minutes: Int, requesters: Int, targetAnswers: Bool) -> PeeringLANReport {
            var feed = Feed()
            if targetAnswers { feed.add(arpReply(from: mac(7), ip: ip(7), to: mac(1), otherIP: ip(1)), at: t0) }
            for m in 0..<minutes {
                for i in 0..<50 {
                    let source = UInt64(1 + i % requesters)
                    feed.add(arpRequest(from: mac(source), ip: ip(UInt8(source)), for: ip(7)),
                             at: t0 + Int64(m) * LANMinute.nanoseconds + Int64(i) * 1_000_000_000)
                }
            }
            return feed.report()
        }
        let dead = run(minutes: 5, requesters: 2, targetAnswers: false)
        #expect(dead.arp.deadTargets.map(\.ip) == ["192.0.2.7"])
        #expect(dead.arp.deadTargets.first?.requests == 250)
        #expect(dead.arp.deadTargets.first?.requesters == 2)
        #expect(dead.violations.contains { $0.rule == "dead_ip" && $0.ip == "192.0.2.7" && $0.srcMAC == nil })
        #expect(run(minutes: 4, requesters: 2, targetAnswers: false).arp.deadTargets.isEmpty)
        #expect(run(minutes: 5, requesters: 1, targetAnswers: false).arp.deadTargets.isEmpty)
        #expect(run(minutes: 5, requesters: 2, targetAnswers: true).arp.deadTargets.isEmpty)
    }

    @Test func deadIPv6FromNeighbourSolicitations() {
        var feed = Feed()
        let target = T.v6([0x2001, 0xDB8, 0x99])
        for m in 0..<5 {
            for i in 0..<60 {
                let source = UInt64(1 + i % 3)
                let frame = T.ethernet(dst: 0x3333_FF00_0099, src: mac(source), type: 0x86DD,
                    T.ipv6(src: T.v6([0xFE80, UInt16(source)]), dst: T.v6([0xFF02, 1, 0xFF00, 0x99]), next: 58,
                           T.icmpv6(type: 135, body: [0, 0, 0, 0] + target)))
                feed.add(frame, at: t0 + Int64(m) * LANMinute.nanoseconds + Int64(i) * 500_000_000)
            }
        }
        let report = feed.report()
        #expect(report.nd.deadTargets.map(\.ip) == ["2001:db8::99"])
        #expect(report.nd.peakPerMinute == 60)
        #expect(report.arp.deadTargets.isEmpty)
    }

    @Test func memberChecks() throws {
        var feed = Feed(members: try members(twoMembers))
        // Known member 1 asks for member 2; member 2 answers.
        feed.add(arpRequest(from: mac(1), ip: ip(1), for: ip(2)), at: t0)
        feed.add(arpReply(from: mac(2), ip: ip(2), to: mac(1), otherIP: ip(1)), at: t0 + 1)
        // An unknown MAC claims member 3's address.
        feed.add(arpRequest(from: mac(0x66), ip: ip(3), for: ip(1)), at: t0 + 2)
        // Member 2's router answers for member 1's and member 3's addresses too (proxy ARP).
        feed.add(arpReply(from: mac(2), ip: ip(1), to: mac(0x66), otherIP: ip(3)), at: t0 + 3)
        feed.add(arpReply(from: mac(2), ip: ip(3), to: mac(1), otherIP: ip(1)), at: t0 + 4)
        let report = feed.report()
        #expect(report.membersLoaded)
        #expect(report.macs.unknown.map(\.mac) == ["02:00:00:00:00:66"])
        #expect(report.macs.unknown.first?.frames == 1)
        #expect(report.macs.ipConflicts.map(\.ip) == ["192.0.2.1", "192.0.2.3"])
        #expect(report.macs.proxyARP.map(\.mac) == ["02:00:00:00:00:02"])
        #expect(report.macs.proxyARP.first?.ips == ["192.0.2.1", "192.0.2.2", "192.0.2.3"])
        let conflicts = report.violations.filter { $0.rule == "ip_conflict" && $0.ip == "192.0.2.3" }
        #expect(conflicts.map(\.srcMAC) == ["02:00:00:00:00:02", "02:00:00:00:00:66"])
        #expect(conflicts.map(\.memberASN) == [64502, nil])
        #expect(conflicts.allSatisfy { $0.severity == .critical })
        #expect(report.violations.first { $0.rule == "proxy_arp" }?.memberASN == 64502)
    }

    @Test func bgpSessionsSynOnlyAndRouteServers() throws {
        var feed = Feed(members: try members(twoMembers))
        func tcp(_ from: UInt64, _ src: UInt32, _ dst: UInt32, _ sp: UInt16, _ dp: UInt16, _ flags: UInt8) -> [UInt8] {
            T.ethernet(dst: mac(0xFA), src: mac(from), type: 0x0800, T.ipv4(src: src, dst: dst, proto: 6, T.tcp(sp, dp, flags: flags)))
        }
        // Member 1 has a session with the route server; member 2 only SYNs to it; member 3 is silent.
        feed.add(tcp(1, ip(1), ip(250), 40000, 179, 0x02), at: t0)
        feed.add(tcp(0xFA, ip(250), ip(1), 179, 40000, 0x12), at: t0 + 1)
        feed.add(tcp(1, ip(1), ip(250), 40000, 179, 0x10), at: t0 + 2)
        feed.add(tcp(0xFA, ip(250), ip(1), 179, 40000, 0x18), at: t0 + 3_000_000_000)
        for i in 0..<3 { feed.add(tcp(2, ip(2), ip(250), 50000, 179, 0x02), at: t0 + Int64(i) * 1_000_000_000) }
        let report = feed.report()
        #expect(report.bgp.sessions.map { "\($0.a)-\($0.b)" } == ["192.0.2.1-192.0.2.250"])
        #expect(report.bgp.sessions.first?.lastSeen == "2023-11-14T22:14:03.000000Z")
        #expect(report.bgp.synOnly.map { "\($0.src)>\($0.dst):\($0.attempts)" } == ["192.0.2.2>192.0.2.250:3"])
        #expect(report.bgp.membersWithoutRouteServerSession == [64502, 64503])
        let dead = report.violations.first { $0.rule == "dead_bgp_peer" }
        #expect(dead?.memberASN == 64502 && dead?.frames == 3 && dead?.ip == "192.0.2.250")
    }

    @Test func minuteSnapshotsAndMetrics() {
        var feed = Feed(snapshots: true)
        feed.add(arpRequest(from: mac(1), ip: ip(1), for: ip(2)), at: t0)
        feed.add(T.llc(dst: 0x0180_C200_0000, src: mac(9), dsap: 0x42, ssap: 0x42, [0, 0, 0, 0]), at: t0 + 1)
        feed.add(arpRequest(from: mac(1), ip: ip(1), for: ip(2)), at: t0 + 2 * LANMinute.nanoseconds)
        var snapshots = feed.analyzer.drainSnapshots()
        #expect(snapshots.count == 1)
        feed.analyzer.advanceClock(toNanoseconds: t0 + 3 * LANMinute.nanoseconds)
        feed.analyzer.updateCaptureStatistics(CaptureStatistics(received: 3, dropped: 0))
        snapshots += feed.analyzer.drainSnapshots()
        #expect(snapshots.count == 2)
        #expect(feed.analyzer.drainSnapshots().isEmpty)
        let first = snapshots[0]
        #expect(first.minuteStartNanoseconds == t0)
        #expect(first.frames(.arpRequest) == 1 && first.frames(.stp) == 1)
        #expect(first.violations(.stp) == 1)
        #expect(first.arpFrames == 1 && first.arpRequests == 1)
        let second = snapshots[1]
        #expect(second.frames(.stp) == 0 && second.totalFramesByClass[Int(TrafficClass.arpRequest.rawValue)] == 2)
        let metrics = second.metrics
        func value(_ name: String, _ labels: [String: String]) -> Double? {
            metrics.first { $0.name == name }?.samples.first { sample in
                Dictionary(uniqueKeysWithValues: sample.labels.map { ($0.name, $0.value) }) == labels
            }?.value
        }
        #expect(value("ixp_lan_frames_total", ["class": "arp_request"]) == 2)
        #expect(value("ixp_lan_violations_total", ["rule": "stp", "severity": "critical"]) == 1)
        #expect(metrics.contains { $0.name == "ixp_lan_capture_dropped_frames_total" && $0.kind == .counter })
        #expect(metrics.first { $0.name == "ixp_lan_frames_total" }?.samples.count == TrafficClass.count)
        #expect(Set(metrics.map(\.name)).count == metrics.count, "one family per name")
    }

    @Test func captureDropsAboveTheRatioAreAViolation() {
        var feed = Feed()
        feed.add(arpRequest(from: mac(1), ip: ip(1), for: ip(2)), at: t0)
        feed.analyzer.updateCaptureStatistics(CaptureStatistics(received: 1_000, dropped: 2))
        feed.analyzer.advanceClock(toNanoseconds: t0 + LANMinute.nanoseconds)
        let report = feed.report()
        #expect(report.capture.dropped == 2 && report.capture.received == 1_000)
        #expect(report.violations.first { $0.rule == "capture_drops" }?.frames == 2)
    }

    @Test func tablesStayBoundedWithOverflowCounters() {
        var configuration = PeeringLANConfiguration()
        configuration.maximumTrackedEntries = 10
        configuration.maximumViolations = 5
        var feed = Feed(configuration)
        for i in 0..<100 {
            feed.add(T.llc(dst: 0x0180_C200_0000, src: mac(UInt64(1000 + i)), dsap: 0x42, ssap: 0x42, [0, 0, 0, 0]), at: t0 + Int64(i))
            feed.add(arpRequest(from: mac(UInt64(i)), ip: ip(UInt8(i)), for: T.ip4(10, 0, UInt8(i), 1)), at: t0 + Int64(i))
        }
        #expect(feed.analyzer.arp.sources.count <= 10 && feed.analyzer.arp.targets.count <= 10)
        #expect(feed.analyzer.claims.count <= 10)
        let report = feed.report()
        #expect(report.violations.count == 5)
        #expect(report.capture.violationsOverflow == 95)
        #expect((report.capture.overflow["arp"] ?? 0) > 0 && (report.capture.overflow["addresses"] ?? 0) > 0)
    }

    @Test func jsonReportHasTheContractFields() throws {
        var feed = Feed(members: try members(twoMembers))
        feed.add(arpRequest(from: mac(0x66), ip: ip(3), for: ip(1)), at: t0)
        let data = try JSONEncoder().encode(feed.report())
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["frames_total", "bytes_total", "first_timestamp", "last_timestamp", "by_class", "violations", "arp", "nd", "bgp", "macs"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let byClass = try #require(json["by_class"] as? [String: Any])
        #expect(Set(byClass.keys) == Set(TrafficClass.allCases.map(\.name)))
        let violation = try #require((json["violations"] as? [[String: Any]])?.first)
        for key in ["rule", "severity", "src_mac", "member_asn", "frames", "first_seen", "last_seen", "example"] {
            #expect(violation.keys.contains(key), "violation missing \(key)")
        }
        for part in ["arp", "nd"] {
            let section = try #require(json[part] as? [String: Any])
            #expect(Set(["peak_per_minute", "storms", "flooders", "dead_targets"]).isSubset(of: section.keys))
        }
        let bgp = try #require(json["bgp"] as? [String: Any])
        #expect(Set(["sessions", "syn_only", "members_without_route_server_session"]).isSubset(of: bgp.keys))
        let macs = try #require(json["macs"] as? [String: Any])
        #expect(Set(["unknown", "ip_conflicts", "proxy_arp"]).isSubset(of: macs.keys))
        var emptyFeed = Feed()
        let empty = try JSONSerialization.jsonObject(with: JSONEncoder().encode(emptyFeed.report())) as? [String: Any]
        #expect(empty?["first_timestamp"] is NSNull)
    }
}
