import Foundation
import ProcessTestSupport
import Testing

/// The running agent reading a real BIRD route server (`BIRDLab`) with the member list: the
/// sessions and prefix counts on /metrics, a `route_server_max_prefix` finding for the member
/// at its limit, and `no_route_server_session` from the route server's own account for the
/// member whose session never comes up (the member list says it peers with the route servers),
/// and `member_stopped_announcing` for the member that withdraws its prefix with its session up.
@Suite("agent with a BIRD route server")
struct AgentRouteServerIntegrationTests {
    @Test func sessionsPrefixesAndFindingsFromALiveRouteServer() async throws {
        let lab = try BIRDLab()
        defer { lab.tearDown() }
        let members = try lab.writeMemberList()
        let agent = try AgentUnderTest("""
            members:
              source: \(members.path)
            route_servers:
              - {name: rs1, control_socket: \(lab.routeServerSocket), interval: 2s, timeout: 2s}
            detection:
              interval: 10s
              rules:
                # Short windows, so that a withdrawal shows within the test: 20 s of silence
                # after about 4 minutes of announcements.
                member_stopped_announcing: {window_minutes: 0.34, baseline_days: 0.003}
            """)
        defer { agent.stop() }
        let check = try await IXPHealthBinary.run(["check-config", agent.config.path])
        #expect(check.status == 0, "\(check.stderr)")

        let metrics = try await agent.waitForMetrics(seconds: 60) { text in
            text.contains("ixp_route_server_session_up{route_server=\"rs1\",neighbor=\"m65001\",member_asn=\"65001\",address=\"\(lab.memberAddress(1))\"} 1")
                && text.contains("ixp_route_server_session_up{route_server=\"rs1\",neighbor=\"m65002\",member_asn=\"65002\",address=\"\(lab.memberAddress(2))\"} 1")
                && text.contains("ixp_route_server_prefixes_received{route_server=\"rs1\",neighbor=\"m65001\",member_asn=\"65001\",address=\"\(lab.memberAddress(1))\",family=\"ipv4\"} 3")
        }
        #expect(metrics.contains("ixp_probe_success{kind=\"bird\",name=\"rs1\"} 1"))
        #expect(metrics.contains("ixp_route_server_session_up{route_server=\"rs1\",neighbor=\"m65003\",member_asn=\"65003\",address=\"\(lab.memberAddress(3))\"} 0"))
        #expect(metrics.contains("ixp_route_server_max_prefix_ratio{route_server=\"rs1\",neighbor=\"m65001\",member_asn=\"65001\",address=\"\(lab.memberAddress(1))\",family=\"ipv4\"} 1"))
        #expect(metrics.contains("member_name=\"Member A\""))
        let scrape = agent.scratch.appendingPathComponent("scrape.txt")
        try metrics.write(to: scrape, atomically: true, encoding: .utf8)
        let lint = try await Subprocess.run("sh", ["-c", "promtool check metrics < '\(scrape.path)'"])
        #expect(lint.status == 0, "promtool: \(lint.stdout)\(lint.stderr)")

        var findings = ""
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            findings = (try? agent.get("/api/v1/findings")) ?? ""
            if findings.contains("route_server_max_prefix|AS65001") && findings.contains("no_route_server_session|AS65003") { break }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        #expect(findings.contains("route_server_max_prefix|AS65001"), "\(findings.prefix(2000))\n\(agent.log.suffix(1500))")
        #expect(!findings.contains("route_server_max_prefix|AS65002"))
        #expect(findings.contains("no_route_server_session|AS65003"), "\(findings.prefix(2000))")
        #expect(!findings.contains("no_route_server_session|AS65001"))

        #expect(!findings.contains("member_stopped_announcing|"))

        // Member B withdraws its only prefix while its session stays up — once the store holds a
        // few readings of it announced: a session can be up before its route arrives, and a
        // withdrawal before any reading of 1 leaves the rule no "before" to compare with.
        _ = try await agent.waitForMetrics(seconds: 60) {
            $0.contains("ixp_route_server_prefixes_received{route_server=\"rs1\",neighbor=\"m65002\",member_asn=\"65002\",address=\"\(lab.memberAddress(2))\",family=\"ipv4\"} 1")
        }
        try await Task.sleep(nanoseconds: 6_000_000_000)
        try lab.birdc("m2", "disable static1")
        let withdrawn = try await agent.waitForMetrics(seconds: 60) {
            $0.contains("ixp_route_server_prefixes_received{route_server=\"rs1\",neighbor=\"m65002\",member_asn=\"65002\",address=\"\(lab.memberAddress(2))\",family=\"ipv4\"} 0")
        }
        #expect(withdrawn.contains("ixp_route_server_session_up{route_server=\"rs1\",neighbor=\"m65002\",member_asn=\"65002\",address=\"\(lab.memberAddress(2))\"} 1"))
        let silent = Date().addingTimeInterval(90)
        while Date() < silent {
            findings = (try? agent.get("/api/v1/findings")) ?? ""
            if findings.contains("member_stopped_announcing|AS65002") { break }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        #expect(findings.contains("member_stopped_announcing|AS65002"), "\(findings.prefix(2000))\n\(agent.log.suffix(1500))")
        #expect(!findings.contains("member_stopped_announcing|AS65001"))

        // The route server goes away: the probe fails and its metrics are withdrawn.
        lab.stop("rs")
        let after = try await agent.waitForMetrics(seconds: 60) { $0.contains("ixp_probe_success{kind=\"bird\",name=\"rs1\"} 0") }
        #expect(!after.contains("ixp_route_server_session_up{"))
        #expect(agent.isRunning)
    }
}
