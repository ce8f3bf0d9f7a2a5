import Foundation
import Testing
@testable import PacketCapture

/// Runs a command, returning its exit status (output discarded).
@discardableResult
private func sh(_ command: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command + " >/dev/null 2>&1"]
    do {
        try process.run()
    } catch {
        return -1
    }
    process.waitUntilExit()
    return process.terminationStatus
}

private let canRunLive = getuid() == 0 && sh("command -v tcpreplay && command -v ip") == 0

/// A live capture on one end of a veth pair whose other end sits in a network namespace the
/// test makes; tcpreplay sends a fixture into the namespace end. Needs root and tcpreplay;
/// skipped otherwise. The namespace and the pair are removed at the end.
@Suite(.serialized, .enabled(if: canRunLive, "needs root, ip and tcpreplay"))
struct LiveCaptureTests {
    @Test func capturesReplayedFramesWithoutDrops() throws {
        let tag = String(getpid() % 100_000)
        let namespace = "ixplan\(tag)"
        let inside = "lanA\(tag)"
        let outside = "lanB\(tag)"
        defer {
            sh("ip netns del \(namespace)")
            sh("ip link del \(outside)")
        }
        #expect(sh("ip netns add \(namespace)") == 0)
        #expect(sh("ip link add \(outside) type veth peer name \(inside) netns \(namespace)") == 0)
        // No addresses and no IPv6 on the capture end, so that the kernel sends nothing there.
        sh("sysctl -w net.ipv6.conf.\(outside).disable_ipv6=1")
        #expect(sh("ip link set \(outside) up && ip -n \(namespace) link set \(inside) up") == 0)
        sh("ip netns exec \(namespace) sysctl -w net.ipv6.conf.\(inside).disable_ipv6=1")

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
        let fixtures = ["802.1D_spanning_tree.pcap", "LLDP_and_CDP.pcap", "LACP.pcap"].map { TestFrames.fixture($0) }
        for file in fixtures {
            #expect(sh("ip netns exec \(namespace) tcpreplay -q --topspeed -i \(inside) \(file)") == 0)
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
