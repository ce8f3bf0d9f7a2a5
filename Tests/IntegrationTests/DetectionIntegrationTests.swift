import Foundation
import SyntheticExchange
import Testing

/// One two-year history of a dying exchange goes three ways — `import` into a state directory
/// and the running agent's detector (`/api/v1/report`, `/report`, `/metrics`), and the offline
/// `report --history` — and every way reaches the same verdicts.
@Suite("detector end to end", .serialized)
struct DetectionIntegrationTests {
    struct Verdicts: Decodable {
        struct Symptom: Decodable {
            var rule: String
            var verdict: String
        }
        var generated_at: Double
        var symptoms: [Symptom]
        var verdictByRule: [String: String] { Dictionary(uniqueKeysWithValues: symptoms.map { ($0.rule, $0.verdict) }) }
    }

    @Test("import + running agent and report --history agree on a dying exchange")
    func agentAndOfflineReportAgree() async throws {
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-detect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // The history ends at today's midnight, so the running agent's "now" is inside it.
        let today = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        let scenario = ExchangeScenario.slowlyDying(end: Date(timeIntervalSince1970: today))
        let history = scratch.appendingPathComponent("history.om")
        _ = try OpenMetricsWriter(step: 3_600).write(scenario, to: history)
        let exports = try IXFExportWriter().write(scenario, toDirectory: scratch.appendingPathComponent("ixf"))
        let latest = try #require(exports.sorted { $0.path < $1.path }.last)

        let state = scratch.appendingPathComponent("state").path
        let storage = """
            state_directory: \(state)
            max_series: 5000
            storage:
              tiers:
                - {name: raw, step: 1h, retention: 400d}
                - {name: 1d, step: 1d, retention: 3650d, functions: [average, maximum]}
              stale_after: 3h
            members:
              source: \(latest.path)
            detection:
              interval: 10s
            """
        let importConfig = scratch.appendingPathComponent("import.yaml")
        try storage.write(to: importConfig, atomically: true, encoding: .utf8)
        let imported = try IXPHealthBinary.run(["import", "--openmetrics", history.path, "--config", importConfig.path], timeout: 600)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let lists = try IXPHealthBinary.run(["import", "--ixf"] + exports.map(\.path) + ["--config", importConfig.path])
        #expect(lists.status == 0, "\(lists.stdout)\(lists.stderr)")

        let agent = try AgentUnderTest(storage)
        defer { agent.stop() }
        var body = ""
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            body = (try? agent.get("/api/v1/report")) ?? ""
            if body.contains("\"symptoms\"") { break }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        let live = try JSONDecoder().decode(Verdicts.self, from: Data(body.utf8))
        let verdicts = live.verdictByRule
        #expect(verdicts.count == 10, "every zombie symptom exactly once: \(verdicts)")
        for rule in ["falling_traffic", "idle_member_ports", "traffic_concentration", "stagnant_membership", "members_leaving"] {
            #expect(verdicts[rule] == "warning" || verdicts[rule] == "critical", "\(rule): \(verdicts[rule] ?? "missing")\n\(agent.log.suffix(2000))")
        }

        // The same files offline, at the agent's evaluation time.
        let offline = try IXPHealthBinary.run(
            ["report", "--history", history.path, "--members"] + exports.map(\.path)
                + ["--at", String(live.generated_at), "--format", "json"], timeout: 600)
        #expect(offline.status == 1, "warnings exit 1: \(offline.stderr)")
        let report = try JSONDecoder().decode(Verdicts.self, from: Data(offline.stdout.utf8))
        #expect(report.verdictByRule == verdicts)

        // The page and the metrics.
        let page = try agent.get("/report?lang=fr")
        #expect(page.contains("<html") && page.contains("lang=\"fr\""))
        let metrics = try agent.metrics()
        #expect(metrics.contains("ixp_zombie_symptom{rule=\"falling_traffic\"}"))
        // A rule without a `for` fires at once; the others wait their `for` (a day, a week) as pending.
        #expect(metrics.contains("ixp_finding_active{rule=\"members_leaving\",severity=\"warning\",subject=\"exchange\"} 1"))
        let firing = try agent.get("/api/v1/findings?state=firing")
        #expect(firing.contains("\"id\":\"members_leaving|exchange\""))
        let pending = try agent.get("/api/v1/findings?state=pending")
        #expect(pending.contains("\"id\":\"falling_traffic|exchange\""))
    }
}
