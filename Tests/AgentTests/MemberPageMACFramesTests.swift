import CaptureTestSupport
import Dashboard
import Detection
import Foundation
import IXPCore
import Members
import PacketCapture
import PeeringLAN
import ReadModels
import Synchronization
import Testing
import TimeSeries

/// A member that sends traffic shows its MAC's frames per minute on its page: ordinary frames
/// (no rule broken) from the member's MAC are replayed onto a veth pair (one end in a namespace
/// this test makes), the live peering-LAN probe captures them on the other end, and the live
/// dashboard source and renderer read the probe as the agent wires them. Needs root, `ip` and
/// `tcpreplay`; skipped otherwise.
@Suite("member page: frames per minute by MAC", .enabled(if: ReplayLink.isAvailable, "needs root, ip and tcpreplay"))
struct MemberPageMACFramesTests {
    private static let memberList = """
        {"member_list": [
          {"asnum": 64501, "name": "Sender", "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.1", "mac_address": ["02:00:00:00:00:01"]}}]}]},
          {"asnum": 64502, "name": "Receiver", "connection_list": [{"vlan_list": [{"ipv4": {"address": "192.0.2.2", "mac_address": ["02:00:00:00:00:02", "02:00:00:00:00:22"]}}]}]}
        ]}
        """

    @Test("the MAC of a member sending traffic shows its frames per minute; a silent MAC shows –")
    func aSendingMemberShowsItsMACsFramesPerMinute() async throws {
        let registry = try IXFMemberListParser.parse(Data(Self.memberList.utf8))
        let link = try ReplayLink(prefix: "mfr")
        defer { link.remove() }
        // The probe closes a minute when its clock passes the minute's end; the test moves it on.
        let clockOffset = Mutex<Int64>(0)
        let probe = PeeringLANProbe(
            options: LiveCaptureOptions(interface: link.outside, timeoutMilliseconds: 50), members: registry,
            clock: { Int64(Date().timeIntervalSince1970 * 1_000_000_000) + clockOffset.withLock { $0 } })
        try probe.start()
        defer { probe.stop() }

        // 600 UDP frames from AS64501's MAC to AS64502's, 1,000 bytes each: member traffic.
        let frames = (0..<600).map { i in
            TestFrames.ethernet(dst: 0x0200_0000_0002, src: 0x0200_0000_0001, type: 0x0800,
                                TestFrames.ipv4(src: TestFrames.ip4(192, 0, 2, 1), dst: TestFrames.ip4(192, 0, 2, 2), proto: 17,
                                                TestFrames.udp(UInt16(40_000 + i % 100), 443, [UInt8](repeating: 0x5A, count: 1_000))))
        }
        let path = try TestFrames.temporaryFile(TestFrames.pcapFile(frames), name: "member-traffic.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Keep the replay inside one minute of capture time, so one closed minute holds it all.
        let second = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
        if second > 50 { try await Task.sleep(nanoseconds: UInt64((61 - second) * 1e9)) }
        #expect(link.replay(path) == 0)
        try await Task.sleep(nanoseconds: 500_000_000)
        clockOffset.withLock { $0 = 61_000_000_000 }
        var observed: LANObservations?
        for _ in 0..<100 where observed?.receivedFrames ?? 0 < 600 {
            try await Task.sleep(nanoseconds: 50_000_000)
            observed = probe.observations(since: 0)
        }
        #expect(observed?.receivedFrames == 600, "the capture saw the replay: \(String(describing: observed))")
        #expect(observed?.violations.contains { $0.mac == "02:00:00:00:00:01" } == false, "member traffic breaks no rule")

        let state = DetectionState()
        state.setMembers(registry, history: nil)
        let now = Date().timeIntervalSince1970
        let source = LiveDashboardSource(
            store: try TimeSeriesStore(directory: nil, clock: { now }), registry: MetricsRegistry(), state: state,
            observationSources: { [probe] }, outbox: nil, silences: nil, stateDirectory: nil, clock: { now })

        // The model: 600 frames in one closed minute, 600 frames per minute; the silent MACs unseen.
        let sender = try #require(source.member(asn: 64501, language: .english))
        #expect(sender.macs == [AddressSeen(address: "02:00:00:00:00:01", registered: true, framesPerMinute: 600)])
        let receiver = try #require(source.member(asn: 64502, language: .english))
        #expect(receiver.macs.map(\.framesPerMinute) == [nil, nil], "they sent nothing: \(receiver.macs)")

        // The page, in both languages: the MAC's row carries the number, the silent ones "–".
        let renderer = try DashboardRenderer(source: source, clock: { now })
        for language in [Language.english, .french] {
            let page = try #require(renderer.memberPage(asn: 64501, language: language))
            if let directory = ProcessInfo.processInfo.environment["IXP_MEMBER_PAGE_HTML"] {
                try page.write(toFile: "\(directory)/member-64501-\(language.rawValue).html", atomically: true, encoding: .utf8)
            }
            #expect(page.contains("<tr><td><code>02:00:00:00:00:01</code></td><td>\(language == .english ? "yes" : "oui")</td><td class=\"num\">600</td></tr>"),
                    "\(language): \(Self.macRows(page))")
            let silent = try #require(renderer.memberPage(asn: 64502, language: language))
            #expect(Self.macRows(silent).allSatisfy { $0.hasSuffix("<td class=\"num\">–</td></tr>") }, "\(Self.macRows(silent))")
        }
    }

    /// The rows of the page's MAC table.
    private static func macRows(_ page: String) -> [String] {
        page.matches(of: /<tr><td><code>[0-9a-f:]{17}<\/code><\/td>.*?<\/tr>/).map { String($0.0) }
    }
}
