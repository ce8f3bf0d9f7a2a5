import Foundation
import ProcessTestSupport
import Testing

/// `ixp-health ack` against a running agent, reached through `--config`: acknowledge a finding
/// with who and why, list it, see it in `/api/v1/findings` and on the findings page, refuse bad
/// arguments, withdraw it; and the acknowledgement survives a restart in `state.sqlite`.
@Suite("acknowledging a finding from the command line")
struct AcknowledgementIntegrationTests {
    /// An agent whose member list cannot load: `member_list_unavailable` fires at its first evaluation.
    static func yaml(state: URL) -> String {
        """
        state_directory: \(state.path)
        members:
          source: \(state.path)/does-not-exist.json
        detection:
          interval: 10s
        """
    }

    /// The fingerprint of the first active finding, once there is one.
    static func waitForFinding(_ agent: AgentUnderTest, seconds: Double = 90) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? agent.get("/api/v1/findings?state=active"),
               let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
               let first = (object["findings"] as? [[String: Any]])?.first, let fingerprint = first["fingerprint"] as? String {
                return fingerprint
            }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        throw HarnessError("no active finding within \(Int(seconds)) s:\n\(agent.log.suffix(1500))")
    }

    @Test("ack, ack --list, ack --remove through --config")
    func acknowledgeListAndRemove() async throws {
        let state = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-ack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: state) }
        let agent = try AgentUnderTest(Self.yaml(state: state))
        defer { agent.stop() }
        let fingerprint = try await Self.waitForFinding(agent)
        let config = agent.config.path

        let none = try await IXPHealthBinary.run(["ack", "--config", config, "--list"])
        #expect(none.status == 0 && none.stdout.contains("no acknowledged findings"), "\(none.stdout)\(none.stderr)")
        let added = try await IXPHealthBinary.run(["ack", "--config", config, fingerprint, "--by", "alice",
                                                   "--comment", "asked the members team for the export"])
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")
        #expect(added.stdout.contains("acknowledged \(fingerprint)") && added.stdout.contains("until it resolves"), "\(added.stdout)")
        let listed = try await IXPHealthBinary.run(["ack", "--config", config, "--list"])
        #expect(listed.status == 0 && listed.stdout.contains(fingerprint) && listed.stdout.contains("by alice")
                && listed.stdout.contains("asked the members team"), "\(listed.stdout)")
        let json = try await IXPHealthBinary.run(["ack", "--config", config, "--list", "--format", "json"])
        #expect(json.stdout.contains("\"by\":\"alice\""), "\(json.stdout)")
        let findings = try agent.get("/api/v1/findings?state=active")
        #expect(findings.contains("\"acknowledged\":{") && findings.contains("\"by\":\"alice\""), "\(findings)")
        let page = try agent.get("/findings")
        #expect(page.contains("<strong>alice</strong>"), "the findings page shows who")

        // Bad arguments: 2; a finding the agent does not hold: 1, said plainly.
        let noWho = try await IXPHealthBinary.run(["ack", "--config", config, fingerprint, "--comment", "x"])
        #expect(noWho.status == 2 && noWho.stderr.contains("--by"), "\(noWho.stderr)")
        let unknown = try await IXPHealthBinary.run(["ack", "--config", config, "0000000000000000", "--by", "a", "--comment", "x"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no finding"), "\(unknown.stderr)")

        // It lives in state.sqlite: after a restart (even a SIGKILL) it is still there.
        try agent.killAndRestart()
        _ = try await Self.waitForFinding(agent)
        let kept = try await IXPHealthBinary.run(["ack", "--config", config, "--list"])
        #expect(kept.stdout.contains("by alice"), "\(kept.stdout)\(kept.stderr)")

        let removed = try await IXPHealthBinary.run(["ack", "--config", config, "--remove", fingerprint])
        #expect(removed.status == 0 && removed.stdout.contains("withdrawn"), "\(removed.stdout)\(removed.stderr)")
        let after = try await IXPHealthBinary.run(["ack", "--config", config, "--list"])
        #expect(after.stdout.contains("no acknowledged findings"), "\(after.stdout)")
        let again = try await IXPHealthBinary.run(["ack", "--config", config, "--remove", fingerprint])
        #expect(again.status == 1 && again.stderr.contains("not acknowledged"), "\(again.stderr)")
    }
}
