import Foundation
import ProcessTestSupport
import Testing

/// The running agent pinging the member routers of a small peering LAN of network namespaces
/// (`PingLAN`): loss and round trips per member and family on /metrics, and
/// `member_unreachable` for the member whose kernel ignores echo requests, not for the others.
/// Once from this namespace (as root where `net.ipv4.ping_group_range` leaves root out: raw
/// sockets), once from a namespace of its own that allows unprivileged ICMP sockets.
@Suite("agent pinging members", .enabled(if: PingLAN.isAvailable, "needs root and ip"))
struct AgentPingIntegrationTests {
    static func configuration(_ members: URL) -> String {
        """
        members:
          source: \(members.path)
        ping: {interval: 2s, count: 3, timeout: 500ms}
        detection:
          interval: 10s
          rules:
            member_unreachable: {for: 0s, window_minutes: 0.5, minimum_readings: 3}
        """
    }

    @Test func fromThisNamespace() async throws {
        let lan = try PingLAN(members: 4)
        defer { lan.remove() }
        let members = FileManager.default.temporaryDirectory.appendingPathComponent("ping-members-\(UUID().uuidString.prefix(8)).json")
        try lan.writeMemberList(to: members)
        defer { try? FileManager.default.removeItem(at: members) }
        let agent = try AgentUnderTest(Self.configuration(members))
        defer { agent.stop() }
        let check = try await IXPHealthBinary.run(["check-config", agent.config.path])
        #expect(check.status == 0, "\(check.stderr)")
        try await Self.exercise(lan, get: agent.get, log: { agent.log })
        let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ping_group_range", encoding: .utf8)) ?? ""
        if range.split(whereSeparator: \.isWhitespace) == ["1", "0"] {
            #expect(agent.log.contains("raw socket"), "root outside ping_group_range falls back to raw sockets and says so")
        }
        #expect(agent.isRunning)
    }

    @Test func fromANamespaceThatAllowsUnprivilegedICMP() async throws {
        let lan = try PingLAN(members: 4)
        defer { lan.remove() }
        let namespace = try lan.addAgentNamespace()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ping-agent-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let members = scratch.appendingPathComponent("members.json")
        try lan.writeMemberList(to: members)
        let port = try FreePort.tcp()
        let config = scratch.appendingPathComponent("config.yaml")
        try "http:\n  listen: \(lan.agentAddress):\(port)\n\(Self.configuration(members))\n".write(to: config, atomically: true, encoding: .utf8)
        let logFile = scratch.appendingPathComponent("agent.log")
        // `ip netns exec` runs the agent in place of itself: the process stopped is the agent.
        let agent = try Subprocess.start("ip", ["netns", "exec", namespace, IXPHealthBinary.path, "run", "--config", config.path],
                                         logFile: logFile)
        defer { agent.stop() }
        let log = { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
        try await Self.exercise(lan, get: { try HTTPGet.text("http://\(lan.agentAddress):\(port)\($0)") }, log: log)
        #expect(!log().contains("raw socket"), "unprivileged datagram sockets serve: \(log().suffix(1500))")
        #expect(agent.isRunning)
    }

    /// Waits for the metrics and the finding through `get` and checks them.
    static func exercise(_ lan: PingLAN, get: (String) throws -> String, log: () -> String) async throws {
        func labels(_ member: Int, _ family: String = "ipv4") -> String {
            let address = family == "ipv4" ? lan.address(member) : lan.address6(member)
            return "{member_asn=\"\(lan.asn(member))\",member_name=\"Member \(member)\",address=\"\(address)\",family=\"\(family)\"}"
        }
        var metrics = ""
        let metricsDeadline = Date().addingTimeInterval(60)
        while Date() < metricsDeadline {
            metrics = (try? get("/metrics")) ?? ""
            if metrics.contains("ixp_ping_loss_ratio\(labels(1)) 0") && metrics.contains("ixp_ping_loss_ratio\(labels(2)) 1")
                && metrics.contains("ixp_ping_loss_ratio\(labels(4, "ipv6")) 0") { break }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        #expect(metrics.contains("ixp_ping_loss_ratio\(labels(1)) 0"), "\(metrics.prefix(3000))\n\(log().suffix(1500))")
        #expect(metrics.contains("ixp_ping_loss_ratio\(labels(4, "ipv6")) 0"))
        #expect(metrics.contains("ixp_ping_loss_ratio\(labels(2)) 1"))
        #expect(metrics.contains("ixp_ping_loss_ratio\(labels(2, "ipv6")) 1"))
        #expect(metrics.contains("ixp_probe_success{kind=\"ping\",name=\"members\"} 1"))
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
        let scrape = FileManager.default.temporaryDirectory.appendingPathComponent("ping-scrape-\(UUID().uuidString.prefix(8)).txt")
        try metrics.write(to: scrape, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: scrape) }
        if Subprocess.which("promtool") != nil {
            let lint = try await Subprocess.run("sh", ["-c", "promtool check metrics < '\(scrape.path)'"])
            #expect(lint.status == 0, "promtool: \(lint.stdout)\(lint.stderr)")
        }

        var findings = ""
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            findings = (try? get("/api/v1/findings")) ?? ""
            if findings.contains("member_unreachable|AS\(lan.asn(2))") { break }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        #expect(findings.contains("member_unreachable|AS\(lan.asn(2))"), "\(findings.prefix(2000))\n\(log().suffix(1500))")
        for member in [1, 3, 4] { #expect(!findings.contains("member_unreachable|AS\(lan.asn(member))")) }
        #expect(!findings.contains("exchange_unreachable"))
    }
}
