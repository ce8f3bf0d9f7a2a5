import Foundation
import ProcessTestSupport
import SyntheticExchange
import Testing

/// A running agent with two years of a dying exchange behind it (so that the report, findings
/// and ranges have real content) answers every documented endpoint, and every response matches
/// `openapi.yaml`: `Tests/OpenAPI/validate_responses.py` checks them with openapi-core.
@Suite("OpenAPI document against a live agent", .serialized)
struct OpenAPIIntegrationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("every live response matches openapi.yaml")
    func liveResponsesMatchTheDocument() async throws {
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let today = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        let scenario = ExchangeScenario.slowlyDying(end: Date(timeIntervalSince1970: today))
        let history = scratch.appendingPathComponent("history.om")
        _ = try OpenMetricsWriter(step: 3_600).write(scenario, to: history)
        let exports = try IXFExportWriter().write(scenario, toDirectory: scratch.appendingPathComponent("ixf"))
        let latest = try #require(exports.sorted { $0.path < $1.path }.last)
        let smtpPort = try FreePort.tcp()  // nothing listens: mail stays in the outbox
        let configuration = """
            state_directory: \(scratch.appendingPathComponent("state").path)
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
            alerting:
              smtp: {host: 127.0.0.1, port: \(smtpPort), tls: none, from: ixp-health@example.net}
              receivers:
                - {name: noc, to: [noc@example.net]}
              silences:
                - {id: planned-work, matchers: {rule: port_down}, duration: 1d, comment: from the file}
            """
        let importConfig = scratch.appendingPathComponent("import.yaml")
        try configuration.write(to: importConfig, atomically: true, encoding: .utf8)
        let imported = try IXPHealthBinary.run(["import", "--openmetrics", history.path, "--config", importConfig.path], timeout: 600)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")

        let agent = try AgentUnderTest(configuration)
        defer { agent.stop() }
        try await agent.waitForMetrics { $0.contains("ixp_build_info") }
        let validated = try Subprocess.run("python3", [
            Self.root.appendingPathComponent("Tests/OpenAPI/validate_responses.py").path,
            "--spec", Self.root.appendingPathComponent("openapi.yaml").path,
            "--base-url", "http://127.0.0.1:\(agent.port)", "--configured-silence", "planned-work", "--wait", "120",
        ], timeout: 240)
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)\nagent log: \(agent.log.suffix(1500))")
        #expect(validated.stdout.contains("responses match openapi.yaml"), "\(validated.stdout)")
    }
}
