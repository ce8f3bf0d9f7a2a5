import CaptureTestSupport
import Foundation
import ProcessTestSupport
import Testing

/// The running agent with a `peering_lan:` capture: spanning tree replayed onto a veth pair
/// (one end in a namespace this test makes) shows up in `/metrics` once its minute closes.
@Suite("agent peering-LAN capture", .enabled(if: ReplayLink.isAvailable, "needs root, ip and tcpreplay"))
struct AgentPeeringLANIntegrationTests {
    @Test("replayed STP frames are counted per class and raise the critical stp violation")
    func spanningTreeReachesMetrics() async throws {
        let link = try ReplayLink(prefix: "agt")
        defer { link.remove() }
        let outside = link.outside

        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let agent = try AgentUnderTest("""
            peering_lan:
              interface: \(outside)
              probe_definition: \(repository.appendingPathComponent("Probes/peering-lan.yaml").path)
              interval: 1s
            """)
        defer { agent.stop() }
        try await agent.waitForMetrics(seconds: 60) { $0.contains("ixp_lan_probe_poll_success{interface=\"\(outside)\"} 1") }
        #expect(link.replay(TestFrames.pcapFixture("802.1D_spanning_tree.pcap")) == 0)

        // Counts are published per closed minute: wait for the minute of the replay to close.
        let text = try await agent.waitForMetrics(seconds: 130) {
            $0.contains("ixp_lan_frames_total{interface=\"\(outside)\",class=\"stp\"} 14")
        }
        #expect(text.contains("ixp_lan_violations_total{interface=\"\(outside)\",rule=\"stp\",severity=\"critical\"}"), "\(text.split(separator: "\n").filter { $0.contains("violations") })")
        #expect(text.contains("ixp_lan_capture_dropped_frames_total{interface=\"\(outside)\"} 0"))
        #expect(agent.isRunning)
        let history = try agent.get("/api/v1/sum_range?name=ixp_lan_frames_per_minute&class=stp&start=\(Int(Date().timeIntervalSince1970) - 600)")
        #expect(history.contains("14"), "the store has the minute's count: \(history.prefix(300))")
    }

    @Test("with user: nobody the capture opens as root, then the whole process holds no root and no capability, and still captures")
    func privilegesAreDropped() async throws {
        let link = try ReplayLink(prefix: "prv")
        defer { link.remove() }
        let outside = link.outside
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let definition = URL(fileURLWithPath: "/tmp/ixp-health-prv-\(UUID().uuidString).yaml")
        // Readable by nobody after the drop (the probe re-reads nothing, but keep it honest).
        try FileManager.default.copyItem(at: repository.appendingPathComponent("Probes/peering-lan.yaml"), to: definition)
        defer { try? FileManager.default.removeItem(at: definition) }
        let agent = try AgentUnderTest("""
            peering_lan:
              interface: \(outside)
              probe_definition: \(definition.path)
              interval: 1s
              user: nobody
            """)
        defer { agent.stop() }
        try await agent.waitForMetrics(seconds: 60) { $0.contains("ixp_lan_probe_poll_success{interface=\"\(outside)\"} 1") }

        let status = try String(contentsOfFile: "/proc/\(agent.process.pid)/status", encoding: .utf8)
        func field(_ name: String) -> [String] {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }?
                .dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) ?? []
        }
        let nobody = try #require(getpwnam("nobody")).pointee
        #expect(field("Uid") == Array(repeating: String(nobody.pw_uid), count: 4), "Uid: \(field("Uid"))")
        #expect(field("Gid") == Array(repeating: String(nobody.pw_gid), count: 4), "Gid: \(field("Gid"))")
        #expect(field("Groups").allSatisfy { $0 != "0" }, "Groups: \(field("Groups"))")
        for capabilities in ["CapEff", "CapPrm"] {
            #expect(field(capabilities) == ["0000000000000000"], "\(capabilities): \(field(capabilities))")
        }
        // Every thread, not only the main one.
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(agent.process.pid)/task")
        for task in tasks {
            let text = (try? String(contentsOfFile: "/proc/\(agent.process.pid)/task/\(task)/status", encoding: .utf8)) ?? ""
            let uid = text.split(separator: "\n").first { $0.hasPrefix("Uid:") } ?? ""
            #expect(!uid.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().contains("0"), "thread \(task): \(uid)")
        }
        // And the capture goes on as nobody.
        #expect(link.replay(TestFrames.pcapFixture("802.1D_spanning_tree.pcap")) == 0)
        try await agent.waitForMetrics(seconds: 130) {
            $0.contains("ixp_lan_frames_total{interface=\"\(outside)\",class=\"stp\"} 14")
        }
        #expect(agent.isRunning)
    }

    @Test("after SIGHUP the /lan page reads the new generation's capture, not the stopped one of the first")
    func reloadMovesTheLANPageToTheNewCapture() async throws {
        let first = try ReplayLink(prefix: "rla")
        defer { first.remove() }
        let second = try ReplayLink(prefix: "rlb")
        defer { second.remove() }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        func configuration(_ interface: String) -> String {
            """
            peering_lan:
              interface: \(interface)
              probe_definition: \(repository.appendingPathComponent("Probes/peering-lan.yaml").path)
              interval: 1s
            """
        }
        let agent = try AgentUnderTest(configuration(first.outside))
        defer { agent.stop() }
        try await agent.waitForMetrics(seconds: 60) { $0.contains("ixp_lan_probe_poll_success{interface=\"\(first.outside)\"} 1") }
        try agent.rewriteConfiguration(configuration(second.outside))
        agent.send(SIGHUP)
        try await agent.waitForMetrics(seconds: 60) {
            $0.contains("ixp_lan_probe_poll_success{interface=\"\(second.outside)\"} 1")
                && !$0.contains("ixp_lan_probe_poll_success{interface=\"\(first.outside)\"}")
        }
        #expect(second.replay(TestFrames.pcapFixture("802.1D_spanning_tree.pcap")) == 0)

        // The offenders come from the running captures' observations once the minute closes.
        struct Offender: Decodable { var rule: String }
        struct Page: Decodable { var offenders: [Offender] }
        var offenders: [Offender] = []
        for _ in 0..<150 {
            if let text = try? agent.get("/api/v1/lan"), let page = try? JSONDecoder().decode(Page.self, from: Data(text.utf8)) {
                offenders = page.offenders
                if !offenders.isEmpty { break }
            }
            try await Task.sleep(nanoseconds: 1_000_000_000)
        }
        #expect(offenders.contains { $0.rule == "stp" }, "the new capture's spanning tree is on /lan: \(offenders.map(\.rule))")
        #expect(agent.isRunning)
    }
}
