import Foundation
import ProcessTestSupport
import Testing

/// The running agent pinging the member routers of a small peering LAN of network namespaces
/// (`PingLAN`): loss and round trips per member and family on /metrics, and
/// `member_unreachable` for the member whose kernel ignores echo requests, not for the others.
@Suite("agent pinging members", .serialized, .enabled(if: PingLAN.isAvailable, "needs root and ip"))
struct AgentPingIntegrationTests {
    @Test func lossRoundTripsAndTheUnreachableMember() async throws {
        let lan = try PingLAN(members: 4)
        defer { lan.remove() }
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ping-members-\(UUID().uuidString.prefix(8)).json")
        try lan.writeMemberList(to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let agent = try AgentUnderTest("""
            members:
              source: \(scratch.path)
            ping: {interval: 2s, count: 3, timeout: 500ms}
            detection:
              interval: 10s
              rules:
                member_unreachable: {for: 0s, window_minutes: 0.5, minimum_readings: 3}
            """)
        defer { agent.stop() }
        let check = try IXPHealthBinary.run(["check-config", agent.config.path])
        #expect(check.status == 0, "\(check.stderr)")

        func labels(_ member: Int, _ family: String = "ipv4") -> String {
            let address = family == "ipv4" ? lan.address(member) : lan.address6(member)
            return "{member_asn=\"\(lan.asn(member))\",member_name=\"Member \(member)\",address=\"\(address)\",family=\"\(family)\"}"
        }
        let metrics = try await agent.waitForMetrics(seconds: 60) { text in
            text.contains("ixp_ping_loss_ratio\(labels(1)) 0") && text.contains("ixp_ping_loss_ratio\(labels(2)) 1")
                && text.contains("ixp_ping_loss_ratio\(labels(4, "ipv6")) 0")
        }
        #expect(metrics.contains("ixp_probe_success{kind=\"ping\",name=\"members\"} 1"))
        #expect(metrics.contains("ixp_ping_loss_ratio\(labels(2, "ipv6")) 1"))
        #expect(metrics.contains("ixp_ping_rtt_median_seconds\(labels(1))"))
        #expect(!metrics.contains("ixp_ping_rtt_median_seconds\(labels(2))"), "a member that never answers has no round trip")
        #expect(metrics.contains("ixp_ping_last_reply_age_seconds\(labels(1))"))
        #expect(metrics.contains("ixp_ping_requests\(labels(3)) 3"))
        if lan.hasDelay {
            // 30 ms of netem delay on member 3's link: its median is at least that.
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("ixp_ping_rtt_median_seconds\(labels(3)) ") }
            let median = line.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
            #expect((median ?? 0) >= 0.029, "\(line ?? "no line")")
        }
        let scrape = agent.scratch.appendingPathComponent("scrape.txt")
        try metrics.write(to: scrape, atomically: true, encoding: .utf8)
        if Subprocess.which("promtool") != nil {
            let lint = try Subprocess.run("sh", ["-c", "promtool check metrics < '\(scrape.path)'"])
            #expect(lint.status == 0, "promtool: \(lint.stdout)\(lint.stderr)")
        }

        var findings = ""
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            findings = (try? agent.get("/api/v1/findings")) ?? ""
            if findings.contains("member_unreachable|AS\(lan.asn(2))") { break }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        #expect(findings.contains("member_unreachable|AS\(lan.asn(2))"), "\(findings.prefix(2000))\n\(agent.log.suffix(1500))")
        for member in [1, 3, 4] { #expect(!findings.contains("member_unreachable|AS\(lan.asn(member))")) }
        #expect(!findings.contains("exchange_unreachable"))
        #expect(agent.isRunning)
    }
}
