import Foundation
import IXPCore
import PacketCapture
import ProbeKit
import Testing
@testable import PeeringLAN
import TimeSeries

#if canImport(Glibc)
import Glibc
#endif

/// The live probe on the loopback interface (root only; no namespace needed): every series and
/// metric it returns carries its capture's `interface`, so that several captures can run in one
/// agent without their series colliding.
@Suite(.enabled(if: getuid() == 0, "needs root to capture"))
struct PeeringLANProbeLabelTests {
    /// Sends `count` UDP datagrams to 127.0.0.1:`port`.
    static func sendUDP(port: UInt16, count: Int) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var payload: [UInt8] = Array("ixp-health label test".utf8)
        for _ in 0..<count {
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, &payload, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    @Test func everySeriesAndMetricNamesTheCapture() async throws {
        let port = UInt16(40_000 + getpid() % 20_000)
        let probe = PeeringLANProbe(options: LiveCaptureOptions(
            interface: "lo", filter: "udp dst port \(port)", timeoutMilliseconds: 50))
        try probe.start()
        Self.sendUDP(port: port, count: 5)
        try await Task.sleep(nanoseconds: 300_000_000)
        probe.stop()
        for _ in 0..<100 where probe.finalReport == nil {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        #expect(probe.failure == nil)
        #expect(probe.finalReport?.framesTotal == 5)
        let output = try await probe.collect(at: Date().timeIntervalSince1970)
        #expect(!output.samples.isEmpty && !output.metrics.isEmpty)
        #expect(output.samples.allSatisfy { $0.key[label: "interface"] == "lo" })
        #expect(output.metrics.allSatisfy { family in
            family.samples.allSatisfy { $0.labels.first.map { $0.name == "interface" && $0.value == "lo" } ?? false }
        })
        let frames = output.samples.filter { $0.key.name == "ixp_lan_frames_per_minute" && $0.key[label: "class"] == "ipv4_unicast" }
        #expect(frames.map(\.value).reduce(0, +) == 5)
    }
}
