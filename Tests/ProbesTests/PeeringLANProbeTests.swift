import Foundation
import PacketCapture
import Testing
@testable import Probes

@discardableResult
private func sh(_ command: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command + " >/dev/null 2>&1"]
    do { try process.run() } catch { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
}

private let canRunLive = getuid() == 0 && sh("command -v tcpreplay && command -v ip") == 0

/// The live probe end to end: a veth pair with one end in a namespace, spanning tree replayed
/// into it, the probe capturing on the other end. Needs root and tcpreplay; skipped otherwise.
@Suite(.enabled(if: canRunLive, "needs root, ip and tcpreplay"))
struct PeeringLANProbeTests {
    @Test func liveProbeReportsReplayedSpanningTree() async throws {
        let tag = String(getpid() % 100_000)
        let namespace = "ixprb\(tag)"
        let inside = "prA\(tag)"
        let outside = "prB\(tag)"
        defer {
            sh("ip netns del \(namespace)")
            sh("ip link del \(outside)")
        }
        #expect(sh("ip netns add \(namespace)") == 0)
        #expect(sh("ip link add \(outside) type veth peer name \(inside) netns \(namespace)") == 0)
        sh("sysctl -w net.ipv6.conf.\(outside).disable_ipv6=1")
        #expect(sh("ip link set \(outside) up && ip -n \(namespace) link set \(inside) up") == 0)
        sh("ip netns exec \(namespace) sysctl -w net.ipv6.conf.\(inside).disable_ipv6=1")

        let probe = PeeringLANProbe(options: LiveCaptureOptions(interface: outside, timeoutMilliseconds: 50))
        try probe.start()
        let fixture = LANTestFrames.fixture("pcap/802.1D_spanning_tree.pcap")
        #expect(sh("ip netns exec \(namespace) tcpreplay -q --topspeed -i \(inside) \(fixture)") == 0)
        try await Task.sleep(nanoseconds: 300_000_000)
        probe.stop()
        var report: PeeringLANReport?
        for _ in 0..<100 where report == nil {
            try await Task.sleep(nanoseconds: 20_000_000)
            report = probe.finalReport
        }
        let final = try #require(report)
        #expect(probe.failure == nil)
        #expect(final.byClass["stp"] == 14)
        #expect(final.framesTotal == 14)
        #expect(final.capture.dropped == 0)
        #expect(final.violations.map(\.rule) == ["stp"])
        // Live frames carry capture time; the minute closed at stop is published as a snapshot.
        let output = try await probe.collect(at: Date().timeIntervalSince1970)
        #expect(output.metrics.contains { $0.name == "ixp_lan_frames_total" })
        let stp = output.samples.filter { $0.key.name == "ixp_lan_frames_per_minute" && $0.key.labels.contains { $0.value == "stp" } }
        #expect(stp.map(\.value).reduce(0, +) == 14)
    }
}
