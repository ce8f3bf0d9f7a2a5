import CaptureTestSupport
import Foundation
import Testing
@testable import PacketCapture

/// A live capture on one end of a veth pair whose other end sits in a network namespace the
/// test makes; tcpreplay sends a fixture into the namespace end. Needs root and tcpreplay;
/// skipped otherwise. The namespace and the pair are removed at the end.
@Suite(.enabled(if: ReplayLink.isAvailable, "needs root, ip and tcpreplay"))
struct LiveCaptureTests {
    @Test func capturesReplayedFramesWithoutDrops() throws {
        let link = try ReplayLink(prefix: "lan")
        defer { link.remove() }
        let outside = link.outside
        let capture = try LiveCapture(options: LiveCaptureOptions(interface: outside, timeoutMilliseconds: 50))
        let counts = CaptureCounts()
        let thread = Thread {
            var local = [Int](repeating: 0, count: TrafficClass.count)
            try? capture.run(decoder: FrameDecoder(), onFrame: { _, frame in
                local[Int(frame.trafficClass.rawValue)] += 1
                counts.set(local)
            }, onIdle: {})
            counts.finish()
        }
        thread.start()
        let fixtures = ["802.1D_spanning_tree.pcap", "LLDP_and_CDP.pcap", "LACP.pcap"].map { TestFrames.pcapFixture($0) }
        for file in fixtures {
            #expect(link.replay(file) == 0)
        }
        // 14 STP + 8 LLDP + 4 CDP + 20 LACP.
        let deadline = Date().addingTimeInterval(5)
        while counts.total < 46 && Date() < deadline { usleep(20_000) }
        capture.stop()
        var waited = 0
        while !counts.finished && waited < 200 {
            usleep(10_000)
            waited += 1
        }
        #expect(counts.finished)
        let seen = counts.snapshot
        #expect(seen[Int(TrafficClass.stp.rawValue)] == 14)
        #expect(seen[Int(TrafficClass.lldp.rawValue)] == 8)
        #expect(seen[Int(TrafficClass.cdp.rawValue)] == 4)
        #expect(seen[Int(TrafficClass.lacp.rawValue)] == 20)
        #expect(seen.reduce(0, +) == 46)
        #expect(capture.statistics().dropped == 0)
    }

    @Test func badInterfaceAndFilterAreClearErrors() {
        #expect {
            _ = try LiveCapture(options: LiveCaptureOptions(interface: "no-such-if0"))
        } throws: { error in
            "\(error)".contains("no-such-if0")
        }
        #expect {
            _ = try LiveCapture(options: LiveCaptureOptions(interface: "lo", filter: "this is not bpf"))
        } throws: { error in
            (error as? CaptureError)?.kind == .configuration && "\(error)".contains("BPF")
        }
    }

    @Test func unknownUserForPrivilegeDropIsAnError() {
        #expect(throws: CaptureError.self) { try LiveCapture.dropPrivileges(to: "no-such-user-ixp") }
    }
}

/// Counts shared between the capture thread and the test.
// @unchecked Sendable: all state behind `lock`.
private final class CaptureCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var counts = [Int](repeating: 0, count: TrafficClass.count)
    private var done = false

    func set(_ values: [Int]) { lock.withLock { counts = values } }
    func finish() { lock.withLock { done = true } }
    var total: Int { lock.withLock { counts.reduce(0, +) } }
    var finished: Bool { lock.withLock { done } }
    var snapshot: [Int] { lock.withLock { counts } }
}
