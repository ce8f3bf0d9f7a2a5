import Foundation
import ProcessTestSupport
import SyntheticExchange
import Testing

/// A running agent with two years of a dying exchange behind it (so that the report, findings
/// and ranges have real content) answers every documented endpoint, and every response matches
/// `openapi.yaml`: `Tests/OpenAPI/validate_responses.py` checks them with openapi-core.
@Suite("OpenAPI document against a live agent")
struct OpenAPIIntegrationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("every live response matches openapi.yaml")
    func liveResponsesMatchTheDocument() async throws {
        let smtpPort = try FreePort.tcp()  // nothing listens: mail stays in the outbox
        let exchange = try ImportedDyingExchange(prefix: "openapi", extra: """
            alerting:
              smtp: {host: 127.0.0.1, port: \(smtpPort), tls: none, from: ixp-health@example.net}
              receivers:
                - {name: noc, to: [noc@example.net]}
              silences:
                - {id: planned-work, matchers: {rule: port_down}, duration: 1d, comment: from the file}
            """, importMemberLists: false)
        defer { exchange.remove() }

        let agent = try AgentUnderTest(exchange.configuration)
        defer { agent.stop() }
        try await agent.waitForMetrics { $0.contains("ixp_build_info") }
        let validated = try await Subprocess.run("python3", [
            Self.root.appendingPathComponent("Tests/OpenAPI/validate_responses.py").path,
            "--spec", Self.root.appendingPathComponent("openapi.yaml").path,
            "--base-url", "http://127.0.0.1:\(agent.port)", "--configured-silence", "planned-work", "--wait", "120",
        ], timeout: 240)
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)\nagent log: \(agent.log.suffix(1500))")
        #expect(validated.stdout.contains("responses match openapi.yaml"), "\(validated.stdout)")
    }
}
