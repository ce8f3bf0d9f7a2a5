import Foundation
import ProcessTestSupport
import SyntheticExchange
import Testing

/// One two-year history of a dying exchange goes three ways — `import` into a state directory
/// and the running agent's detector (`/api/v1/report`, `/report`, `/metrics`), and the offline
/// `report --history` — and every way reaches the same verdicts.
@Suite("detector end to end")
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
        let exchange = try ImportedDyingExchange(prefix: "detect")
        defer { exchange.remove() }
        let history = exchange.history
        let exports = exchange.exports

        let agent = try AgentUnderTest(exchange.configuration)
        defer { agent.stop() }
        let body = try await ImportedDyingExchange.waitForReport(agent)
        let live = try JSONDecoder().decode(Verdicts.self, from: Data(body.utf8))
        let verdicts = live.verdictByRule
        // Every zombie symptom exactly once, the rules of issue 20 included.
        let symptoms = ["below_ixp_floor", "stagnant_membership", "members_leaving", "falling_traffic", "idle_member_ports",
                        "outgrown_ports", "no_route_server_session", "ghost_members", "traffic_concentration", "stale_member_data",
                        "member_data_mismatch", "remote_growth", "routes_available", "peering_density", "unattended_findings",
                        "capacity_runway", "no_investment"]
        #expect(Set(verdicts.keys) == Set(symptoms), "\(verdicts)")
        for rule in ["falling_traffic", "idle_member_ports", "traffic_concentration", "stagnant_membership", "members_leaving"] {
            #expect(verdicts[rule] == "warning" || verdicts[rule] == "critical", "\(rule): \(verdicts[rule] ?? "missing")\n\(agent.log.suffix(2000))")
        }

        // The same files offline, at the agent's evaluation time.
        let offline = try await IXPHealthBinary.run(
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
