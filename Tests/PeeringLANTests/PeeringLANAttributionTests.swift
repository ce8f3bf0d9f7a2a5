import CaptureTestSupport
import Foundation
import Members
import PacketCapture
import ProbeKit
import Testing
import TimeSeries
@testable import PeeringLAN
import IXPCore

private typealias T = TestFrames
private let bcast: UInt64 = 0xFFFF_FFFF_FFFF
private let t0: Int64 = 1_700_000_040 * 1_000_000_000  // a minute boundary
private let minute = LANMinute.nanoseconds

private func ip(_ last: UInt8) -> UInt32 { T.ip4(192, 0, 2, last) }
private func mac(_ n: UInt64) -> UInt64 { 0x0200_0000_0000 | n }

/// Members 64501–64503 with one MAC each, 64504 listed with the all-zero MAC (as some lists
/// carry as a placeholder), 64505 with no MAC, and route server 64599.
private let memberList = """
    {"member_list": [
      {"asnum": 64501, "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.1", "mac_address": ["02:00:00:00:00:01"]}}]}]},
      {"asnum": 64502, "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.2", "mac_address": ["02:00:00:00:00:02"]}}]}]},
      {"asnum": 64503, "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.3", "mac_address": ["02:00:00:00:00:03"]}}]}]},
      {"asnum": 64504, "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.4", "mac_address": ["00:00:00:00:00:00"]}}]}]},
      {"asnum": 64505, "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.5"}}]}]},
      {"asnum": 64599, "member_type": "routeserver", "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.250", "mac_address": ["02:00:00:00:00:fa"]}}]}]}
    ]}
    """

private func registry(_ json: String = memberList) throws -> MemberRegistry {
    try IXFMemberListParser.parse(Data(json.utf8))
}

private func arpRequest(from source: UInt64, ip sender: UInt32, for target: UInt32) -> [UInt8] {
    T.ethernet(dst: bcast, src: source, type: 0x0806, T.arp(op: 1, sha: source, spa: sender, tpa: target))
}

private func stp(from source: UInt64) -> [UInt8] {
    T.llc(dst: 0x0180_C200_0000, src: source, dsap: 0x42, ssap: 0x42, [0, 0, 0, 0])
}

private func tcp(_ from: UInt64, _ src: UInt32, _ dst: UInt32, _ sp: UInt16, _ dp: UInt16, _ flags: UInt8) -> [UInt8] {
    T.ethernet(dst: mac(0xFA), src: mac(from), type: 0x0800, T.ipv4(src: src, dst: dst, proto: 6, T.tcp(sp, dp, flags: flags)))
}

/// An analyser that keeps snapshots, fed with explicit times.
private struct Feed {
    var analyzer: PeeringLANAnalyzer
    init(members: MemberRegistry?) {
        analyzer = PeeringLANAnalyzer(members: members, collectSnapshots: true)
    }
    mutating func add(_ bytes: [UInt8], at time: Int64) {
        analyzer.ingest(FrameHeader(timestampNanoseconds: time, capturedLength: bytes.count, wireLength: bytes.count),
                        analyzer.decoder.decode(bytes))
    }
    /// Closes every minute before `time` and returns the snapshots closed so far.
    mutating func snapshots(closingBefore time: Int64) -> [PeeringLANMinuteSnapshot] {
        analyzer.advanceClock(toNanoseconds: time)
        return analyzer.drainSnapshots()
    }
}

private extension PeeringLANMinuteSnapshot {
    func activity(_ asn: UInt32) -> MemberActivity? { members.first { $0.asn == asn } }
}

@Suite struct PeeringLANAttributionTests {
    @Test func aShortFrameIsNoUnknownMACWhateverItsCaptureHeaderSays() throws {
        var analyzer = PeeringLANAnalyzer(members: try registry(), collectSnapshots: true)
        // Ten bytes decoded, under a capture header that claims a full frame (a cut snap length
        // or a lying file): the decoder, not the header, says whether there is a source.
        let short = analyzer.decoder.decode([UInt8](repeating: 0, count: 10), wireLength: 60)
        analyzer.ingest(FrameHeader(timestampNanoseconds: t0, capturedLength: 60, wireLength: 60), short)
        analyzer.finish()
        let report = analyzer.report()
        #expect(report.byClass["malformed"] == 1)
        #expect(report.macs.unknown.isEmpty, "\(report.macs.unknown)")
        #expect(!report.violations.contains { $0.rule == "unknown_mac" })
        #expect(analyzer.drainSnapshots().first?.activity(64504)?.frames == 0, "not the member listed with the zero MAC")
    }

    @Test func framesPerMemberAndTheShortFrameIsNotAttributed() throws {
        var feed = Feed(members: try registry())
        for i in 0..<3 { feed.add(arpRequest(from: mac(1), ip: ip(1), for: ip(2)), at: t0 + Int64(i)) }
        feed.add(arpRequest(from: mac(2), ip: ip(2), for: ip(1)), at: t0 + 10)
        feed.add(arpRequest(from: mac(0x66), ip: T.ip4(10, 9, 9, 9), for: ip(1)), at: t0 + 20)
        // Ten bytes: too short for an Ethernet header, so it has no source (the decoder leaves it zero).
        feed.add([UInt8](repeating: 0, count: 10), at: t0 + 30)
        let snapshots = feed.snapshots(closingBefore: t0 + minute)
        let first = try #require(snapshots.first)
        #expect(snapshots.count == 1)
        #expect(first.frames(.malformed) == 1)
        #expect(first.activity(64501)?.frames == 3)
        #expect(first.activity(64502)?.frames == 1)
        #expect(first.activity(64503)?.frames == 0, "silent, a known zero")
        #expect(first.activity(64504)?.frames == 0, "the short frame must not count for the member with the zero MAC")
        #expect(first.activity(64505).map { $0.frames == nil } == true, "no MAC listed: unknown, not zero")
        #expect(first.activity(64599)?.frames == 0)
        // The unknown source is a violation of its own; the short frame is none.
        #expect(first.sourceViolations.map { "\($0.rule.id) \($0.mac)" } == ["unknown_mac 02:00:00:00:00:66"])
        #expect(first.sourceViolations.first?.memberASN == nil)

        // The next minute starts from zero.
        feed.add(arpRequest(from: mac(2), ip: ip(2), for: ip(1)), at: t0 + minute + 5)
        let second = try #require(feed.snapshots(closingBefore: t0 + 2 * minute).first)
        #expect(second.activity(64501)?.frames == 0 && second.activity(64502)?.frames == 1)
        #expect(second.sourceViolations.isEmpty)
    }

    @Test func framesPerListedMACOnlyWhateverJunkTheLANCarries() throws {
        // Member 64502 gets a second MAC; 2,000 junk sources (more than any table) send a frame each.
        let twoMACs = memberList.replacingOccurrences(of: #"["02:00:00:00:00:02"]"#, with: #"["02:00:00:00:00:02", "02:00:00:00:00:12"]"#)
        var feed = Feed(members: try registry(twoMACs))
        for i in 0..<5 { feed.add(arpRequest(from: mac(1), ip: ip(1), for: ip(2)), at: t0 + Int64(i)) }
        feed.add(arpRequest(from: mac(2), ip: ip(2), for: ip(1)), at: t0 + 10)
        for i in 0..<2 { feed.add(arpRequest(from: mac(0x12), ip: ip(2), for: ip(1)), at: t0 + 20 + Int64(i)) }
        for i in 0..<2_000 { feed.add(arpRequest(from: mac(0x1000 + UInt64(i)), ip: T.ip4(10, 9, 9, 9), for: ip(1)), at: t0 + 100 + Int64(i)) }
        let first = try #require(feed.snapshots(closingBefore: t0 + minute).first)
        // Only MACs of the list, only those that sent, in list order: at most one entry per listed MAC.
        #expect(first.macs.map { "\($0.mac) \($0.memberASN) \($0.frames)" } == [
            "02:00:00:00:00:01 64501 5", "02:00:00:00:00:02 64502 1", "02:00:00:00:00:12 64502 2",
        ])
        #expect(first.activity(64502)?.frames == 3, "the member's count is the sum of its MACs'")
        let observed = first.observations(interface: "eth1")
        #expect(observed.seconds == 60)
        #expect(observed.framesPerMinuteByMAC == ["02:00:00:00:00:01": 5, "02:00:00:00:00:02": 1, "02:00:00:00:00:12": 2])

        // The next minute starts from zero.
        feed.add(arpRequest(from: mac(2), ip: ip(2), for: ip(1)), at: t0 + minute + 5)
        let second = try #require(feed.snapshots(closingBefore: t0 + 2 * minute).first)
        #expect(second.macs.map(\.frames) == [1] && second.macs.first?.mac.description == "02:00:00:00:00:02")
        #expect(Feed(members: nil).analyzer.macActivity().isEmpty, "no list, no per-MAC counts")
    }

    @Test func routeServerSessionsPerMember() throws {
        var feed = Feed(members: try registry())
        // Member 1 has a session with the route server; member 2 only SYNs to it, and has a
        // bilateral session with member 1, which is not a route-server session.
        feed.add(tcp(1, ip(1), ip(250), 40000, 179, 0x02), at: t0)
        feed.add(tcp(0xFA, ip(250), ip(1), 179, 40000, 0x12), at: t0 + 1)
        feed.add(tcp(1, ip(1), ip(250), 40000, 179, 0x10), at: t0 + 2)
        feed.add(tcp(0xFA, ip(250), ip(1), 179, 40000, 0x18), at: t0 + 3_000_000_000)
        for i in 0..<3 { feed.add(tcp(2, ip(2), ip(250), 50000, 179, 0x02), at: t0 + Int64(i) * 1_000_000_000) }
        feed.add(tcp(2, ip(2), ip(1), 50001, 179, 0x10), at: t0 + 4_000_000_000)
        let first = try #require(feed.snapshots(closingBefore: t0 + minute).first)
        #expect(first.activity(64501)?.routeServerSessions == 1)
        #expect(first.activity(64502)?.routeServerSessions == 0)
        #expect(first.activity(64503)?.routeServerSessions == 0)
        #expect(first.activity(64599).map { $0.routeServerSessions == nil } == true, "a route server is not judged")
        #expect(first.bgpSessions == 2)

        // Still counted two minutes later (within a hold time), gone after three silent minutes.
        feed.add(arpRequest(from: mac(3), ip: ip(3), for: ip(1)), at: t0 + 2 * minute)
        let later = feed.snapshots(closingBefore: t0 + 5 * minute)
        #expect(later.map { $0.activity(64501)?.routeServerSessions } == [1, 1], "minutes 1 and 2")
        feed.add(arpRequest(from: mac(3), ip: ip(3), for: ip(1)), at: t0 + 5 * minute)
        let gone = feed.snapshots(closingBefore: t0 + 6 * minute)
        #expect(gone.map { $0.activity(64501)?.routeServerSessions } == [0])
    }

    @Test func withoutRouteServersNoSessionCountsAndWithoutAListNoMembers() throws {
        let noServers = """
            {"member_list": [
              {"asnum": 64501, "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.1", "mac_address": ["02:00:00:00:00:01"]}}]}]}
            ]}
            """
        var feed = Feed(members: try registry(noServers))
        feed.add(arpRequest(from: mac(1), ip: ip(1), for: ip(2)), at: t0)
        let snapshot = try #require(feed.snapshots(closingBefore: t0 + minute).first)
        #expect(snapshot.members == [.init(asn: 64501, frames: 1, routeServerSessions: nil)])
        #expect(snapshot.memberSamples(at: 0).map(\.key.name) == ["ixp_lan_member_frames_per_minute"])

        var bare = Feed(members: nil)
        bare.add(stp(from: mac(1)), at: t0)
        let unlisted = try #require(bare.snapshots(closingBefore: t0 + minute).first)
        #expect(unlisted.members.isEmpty && unlisted.memberSamples(at: 0).isEmpty)
        #expect(unlisted.sourceViolations.map(\.rule) == [.stp] && unlisted.sourceViolations.first?.memberASN == nil)
    }

    @Test func violationsBySourceWithMemberAndExample() throws {
        var feed = Feed(members: try registry())
        feed.add(stp(from: mac(1)), at: t0 + 1_000_000_000)
        feed.add(stp(from: mac(1)), at: t0 + 2_000_000_000)
        feed.add(T.snap(dst: 0x0100_0CCC_CCCC, src: mac(0x77), oui: 0x00000C, pid: 0x2000), at: t0 + 3_000_000_000)
        feed.add(stp(from: mac(2)), at: t0 + 4_000_000_000)
        // A LAN-wide violation (capture drops) has no source and is not listed by source.
        feed.analyzer.updateCaptureStatistics(CaptureStatistics(received: 100, dropped: 50))
        let snapshot = try #require(feed.snapshots(closingBefore: t0 + minute).first)
        #expect(snapshot.violations(.captureDrops) == 50)
        #expect(snapshot.droppedFrames == 50)
        let list = snapshot.sourceViolations.map { "\($0.rule.id) \($0.mac) \($0.memberASN.map(String.init) ?? "-") \($0.frames)" }
        // Critical (stp) first, more frames first; then unknown_mac and cdp (warnings) by rule order.
        #expect(list == [
            "stp 02:00:00:00:00:01 64501 2", "stp 02:00:00:00:00:02 64502 1",
            "cdp 02:00:00:00:00:77 - 1", "unknown_mac 02:00:00:00:00:77 - 1",
        ])
        let first = try #require(snapshot.sourceViolations.first)
        #expect(first.severity == .critical)
        #expect(first.example.hasPrefix("2023-11-14T22:14:01"))
        #expect(first.example.contains("02:00:00:00:00:01 > 01:80:c2:00:00:00") && first.example.contains("stp"))

        let observed = snapshot.observations(interface: "eth1")
        #expect(observed.interface == "eth1" && observed.time == Double(t0 / 1_000_000_000 + 60))
        #expect(observed.receivedFrames == 4 && observed.droppedFrames == 50)
        #expect(observed.violations.first == LANObservations.Violation(
            rule: "stp", severity: .critical, mac: "02:00:00:00:00:01", frames: 2, memberASN: 64501, example: first.example))
    }

    @Test func requestsForADeadAddressNameTheirSenderInTheMinuteObservations() throws {
        // Member 1 asks for 192.0.2.9 sixty times a minute; with the lab's thresholds (one
        // requester, two minutes) the address is dead from the end of the second minute, and
        // the third minute's observations name member 1 as the source of dead_ip frames.
        var configuration = PeeringLANConfiguration()
        configuration.arp.deadMinimumRequesters = 1
        configuration.arp.deadMinutes = 2
        configuration.arp.deadRequestsPerMinute = 50
        var feed = Feed(members: try registry())
        feed.analyzer = PeeringLANAnalyzer(configuration: configuration, members: try registry(), collectSnapshots: true)
        for second in 0..<180 {
            feed.add(arpRequest(from: mac(1), ip: ip(1), for: ip(9)), at: t0 + Int64(second) * 1_000_000_000)
        }
        let snapshots = feed.snapshots(closingBefore: t0 + 3 * minute)
        #expect(snapshots.count == 3)
        let third = try #require(snapshots.last).observations(interface: "eth1")
        let dead = try #require(third.violations.first { $0.rule == "dead_ip" })
        #expect(dead.mac == "02:00:00:00:00:01" && dead.memberASN == 64501 && dead.frames == 60)
        #expect(try #require(snapshots.first).observations(interface: "eth1").violations.contains { $0.rule == "dead_ip" } == false)
    }

    @Test func perMinuteSourcesAreBoundedWithAnOverflowCount() throws {
        var feed = Feed(members: nil)
        let sources = PeeringLANAnalyzer.maximumMinuteSources + 5
        for i in 0..<sources { feed.add(stp(from: mac(UInt64(1000 + i))), at: t0 + Int64(i)) }
        let snapshot = try #require(feed.snapshots(closingBefore: t0 + minute).first)
        #expect(snapshot.sourceViolations.count == PeeringLANAnalyzer.maximumMinuteSources)
        #expect(snapshot.sourceViolationsOverflow == 5)
        #expect(snapshot.violations(.stp) == UInt64(sources))
        #expect(snapshot.observations(interface: "eth1").violationsOverflow == 5)
    }

    @Test func anOfflineCaptureFillsTheStoreWithTheMemberSeries() throws {
        // Four frames thirty seconds apart: two minutes. Member 1 speaks in both, member 2 in the
        // first, member 3 never; member 1 and the route server exchange BGP in the first.
        let frames = [
            tcp(1, ip(1), ip(250), 40000, 179, 0x10),
            arpRequest(from: mac(2), ip: ip(2), for: ip(1)),
            arpRequest(from: mac(1), ip: ip(1), for: ip(2)),
            arpRequest(from: mac(1), ip: ip(1), for: ip(3)),
        ]
        let path = try T.temporaryFile(T.pcapFile(frames, start: 1_700_000_040, spacingMicros: 30_000_000), name: "members.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var analyzer = PeeringLANAnalyzer(members: try registry(), collectSnapshots: true)
        try OfflineCapture(path: path).forEachFrame(decoder: analyzer.decoder) { header, frame in
            analyzer.ingest(header, frame)
        }
        analyzer.finish()
        let snapshots = analyzer.drainSnapshots()
        #expect(snapshots.count == 2)
        let store = try TimeSeriesStore(directory: nil, clock: { 1_700_000_200 })
        for snapshot in snapshots {
            _ = store.append(snapshot.memberSamples(at: Double(snapshot.minuteStartNanoseconds) / 1e9))
        }
        func values(_ name: String) -> [String: Double] {
            var out: [String: Double] = [:]
            for key in store.keys(matching: SeriesSelector(name: name)) {
                let sum = store.aggregate(.sum, of: key, from: 1_700_000_000, to: 1_700_000_200)
                out[key[label: "member_asn"] ?? "?"] = sum.value
            }
            return out
        }
        #expect(values(StoreSeriesNames.memberFrames) == [
            "64501": 3, "64502": 1, "64503": 0, "64504": 0, "64599": 0,
        ])
        let sessions = values(StoreSeriesNames.routeServerSessions)
        #expect(Set(sessions.keys) == ["64501", "64502", "64503", "64504", "64505"])
        #expect(sessions["64501"] == 2 && sessions["64502"] == 0, "counted in both minutes: seen within a hold time")
    }
}

/// The series names the detector reads (Detection's `StoreSeries`), spelled out here so that a
/// rename on either side fails this test.
private enum StoreSeriesNames {
    static let memberFrames = "ixp_lan_member_frames_per_minute"
    static let routeServerSessions = "ixp_lan_route_server_sessions"
}
